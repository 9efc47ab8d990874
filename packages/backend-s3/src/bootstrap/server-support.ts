import { errorName, httpStatus } from '../s3-errors.js';

/** Error names S3-compatible stores answer for an API they do not have. */
const notImplementedNames = new Set(['NotImplemented', 'NotImplementedException', 'UnsupportedOperation']);

/**
 * True when the store says it does not implement the API at all (HTTP 501, `NotImplemented`).
 * Such a step is reported `unsupported-by-server`, never retried, never claimed done.
 */
export function isNotImplemented(error: unknown): boolean {
  const name = errorName(error);
  return httpStatus(error) === 501 || (name !== undefined && notImplementedNames.has(name));
}

/** `Name (HTTP 400)` of an SDK error, for a step's detail. Never the request. */
export function describeAnswer(error: unknown): string {
  const status = httpStatus(error);
  return `${errorName(error) ?? 'an error'}${status === undefined ? '' : ` (HTTP ${status})`}`;
}
