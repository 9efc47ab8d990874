import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { otsErrors } from './ots-error.js';

/** An access key the server accepts; a key with a `securityToken` is an STS key and needs it. */
export interface TableStoreCredential {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface AuthenticationSettings {
  instanceName: string;
  credentials: readonly TableStoreCredential[];
  /** How far `x-ots-date` may be from the server clock. */
  allowedClockSkewMilliseconds: number;
}

const API_VERSION = '2015-12-31';
const REQUIRED_HEADERS = [
  'x-ots-date',
  'x-ots-apiversion',
  'x-ots-accesskeyid',
  'x-ots-contentmd5',
  'x-ots-instancename',
  'x-ots-signature',
] as const;

/**
 * Verifies a request the way TableStore does before running it: required `x-ots-*` headers, API
 * version, instance name, access key (and STS token), date window, body MD5, and the signature:
 * base64 HMAC-SHA1 with the secret over `"/<Api>\nPOST\n\n"` followed by every `x-ots-*` header
 * except the signature, lower-cased, sorted by name, each as `name:value\n`.
 * @throws OtsError (OTSParameterInvalid 400 or OTSAuthFailed 403) naming what is wrong.
 */
export function authenticateRequest(
  settings: AuthenticationSettings,
  request: { path: string; method: string; headers: IncomingHttpHeaders; body: Buffer },
  now: number,
): void {
  const header = (name: string): string | undefined => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  for (const name of REQUIRED_HEADERS) {
    if (!header(name)) throw otsErrors.missingHeader(name);
  }
  const apiVersion = header('x-ots-apiversion') as string;
  if (apiVersion !== API_VERSION) throw otsErrors.unsupportedApiVersion(apiVersion);
  if (header('x-ots-instancename') !== settings.instanceName) throw otsErrors.instanceNotFound();
  const credential = settings.credentials.find((candidate) => candidate.accessKeyId === header('x-ots-accesskeyid'));
  if (credential === undefined) throw otsErrors.accessKeyNotFound();
  if ((credential.securityToken ?? '') !== (header('x-ots-ststoken') ?? '')) throw otsErrors.securityTokenInvalid();

  const date = header('x-ots-date') as string;
  const requestTime = parseOtsDate(date);
  if (requestTime === undefined) throw otsErrors.invalidDate(date);
  if (Math.abs(now - requestTime) > settings.allowedClockSkewMilliseconds) throw otsErrors.dateMismatch(date);

  const bodyMd5 = createHash('md5').update(request.body).digest('base64');
  if (header('x-ots-contentmd5') !== bodyMd5) throw otsErrors.contentMd5Mismatch();

  const expected = Buffer.from(signRequest(credential.accessKeySecret, request.path, request.method, request.headers));
  const received = Buffer.from(header('x-ots-signature') as string);
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) throw otsErrors.signatureMismatch();
}

/** The request signature both SDKs compute; exported so tests can forge requests deliberately. */
export function signRequest(secret: string, path: string, method: string, headers: IncomingHttpHeaders): string {
  const canonicalHeaders = Object.entries(headers)
    .map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(',') : (value ?? '')] as const)
    .filter(([name]) => name.startsWith('x-ots-') && name !== 'x-ots-signature')
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
    .map(([name, value]) => `${name}:${value.trim()}\n`)
    .join('');
  return createHmac('sha1', secret).update(`${path}\n${method}\n\n${canonicalHeaders}`).digest('base64');
}

/**
 * Parses `x-ots-date`. The Node SDK sends ISO 8601 with milliseconds; the Go SDK's layout
 * `2006-01-02T15:04:05.123Z` is not a Go fraction layout, so its "fraction" is really the month,
 * day and hour digits (e.g. `.11222`). The fraction is therefore ignored, as TableStore must do.
 */
function parseOtsDate(date: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z$/.exec(date);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const time = Date.UTC(year as number, (month as number) - 1, day, hour, minute, second);
  return Number.isNaN(time) ? undefined : time;
}
