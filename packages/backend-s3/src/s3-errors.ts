import { BackendError, type ErrorCode } from '@x/backend-core';

/**
 * The one place SDK errors (S3, DynamoDB, STS, network) become `BackendError`s. Matching is by
 * error name and HTTP status, never by message, because S3-compatible stores word messages
 * differently (radosgw answers `UnknownError` for a missing key). Messages built here name the
 * bucket, key or table, never credentials or the SSE-C key.
 */

/** What the failing request was about, for the message. */
export interface ErrorContext {
  /** What was being done, e.g. `read the state object`. */
  action: string;
  bucket?: string;
  key?: string;
  table?: string;
}

interface SdkErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number };
}

/** The SDK's error name (`NoSuchKey`, `ConditionalCheckFailedException`, `ECONNRESET`, ...). */
export function errorName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const shape = error as SdkErrorShape;
  return shape.name === 'Error' || shape.name === undefined ? (shape.code ?? shape.Code ?? shape.name) : shape.name;
}

/** The HTTP status of a service error, when there was a response. */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const shape = error as SdkErrorShape;
  return shape.$metadata?.httpStatusCode ?? shape.$response?.statusCode;
}

/** A missing object or version (but not a missing bucket). */
export function isMissingObject(error: unknown): boolean {
  const name = errorName(error);
  if (name === 'NoSuchBucket') return false;
  return name === 'NoSuchKey' || name === 'NotFound' || name === 'NoSuchVersion' || httpStatus(error) === 404;
}

/** A refused conditional S3 write: 412 `PreconditionFailed`, or 409 `ConditionalRequestConflict` (a racing conditional write). */
export function isPreconditionFailed(error: unknown): boolean {
  const name = errorName(error);
  const status = httpStatus(error);
  return name === 'PreconditionFailed' || name === 'ConditionalRequestConflict' || status === 412 || (status === 409 && name !== 'BucketAlreadyExists');
}

/** DynamoDB's refused condition expression. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return errorName(error) === 'ConditionalCheckFailedException';
}

const authNames = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'Forbidden',
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidToken',
  'CredentialsProviderError',
  'AllAccessDisabled',
]);

const transientNames = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'ServiceUnavailable',
  'InternalError',
  'InternalServerError',
  'InternalFailure',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'AbortError',
  'TransactionConflictException',
]);

/** True for failures a retry may fix (throttling, 5xx, broken connections). */
export function isTransient(error: unknown): boolean {
  const name = errorName(error);
  const status = httpStatus(error);
  if (name !== undefined && transientNames.has(name)) return true;
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  const message = error instanceof Error ? error.message : '';
  return status === undefined && /socket hang up|aborted|premature close|ECONNRESET|EPIPE/i.test(message);
}

/** True when credentials were refused or lack permission. */
export function isAuthFailure(error: unknown): boolean {
  const name = errorName(error);
  return (name !== undefined && authNames.has(name)) || httpStatus(error) === 403;
}

/**
 * Terraform's text for a missing bucket (spec §1.4), followed by what to check.
 */
export function missingBucketError(bucket: string, cause?: unknown): BackendError {
  return new BackendError(
    'INVALID_CONFIG',
    `S3 bucket "${bucket}" does not exist.\n\n` +
      'The referenced S3 bucket must have been previously created. If the S3 bucket\n' +
      'was created within the last minute, please wait for a minute or two and try\n' +
      'again.',
    {
      cause,
      hint: `Create the bucket "${bucket}" (with versioning enabled), or fix "bucket", "region" or "endpoints.s3" in the backend configuration.`,
    },
  );
}

/**
 * A plain summary of an SDK error to keep as `cause`: name, message, HTTP status and request id.
 * The SDK's own error objects carry the raw HTTP response (headers, parsed XML with
 * prototype-less objects), which is useless to callers and could echo request material.
 */
export function sdkCause(error: unknown): unknown {
  if (BackendError.isInstance(error) || typeof error !== 'object' || error === null) return error;
  const summary = new Error(`${errorName(error) ?? 'Error'}: ${safeMessage(error)}`) as Error & {
    httpStatusCode?: number;
    requestId?: string;
  };
  summary.name = errorName(error) ?? 'Error';
  const status = httpStatus(error);
  if (status !== undefined) summary.httpStatusCode = status;
  const requestId = (error as { $metadata?: { requestId?: string } }).$metadata?.requestId;
  if (requestId !== undefined) summary.requestId = requestId;
  return summary;
}

/** Maps any error of an S3/DynamoDB/STS call to a `BackendError` with a stable code. */
export function toBackendError(original: unknown, context: ErrorContext): BackendError {
  if (BackendError.isInstance(original)) return original;
  const error = original;
  const cause = sdkCause(original);
  const name = errorName(error) ?? 'Error';
  const status = httpStatus(error);
  const where = describeTarget(context);
  const detail = `${name}${status === undefined ? '' : ` (HTTP ${status})`}: ${safeMessage(error)}`;
  if (name === 'NoSuchBucket') return missingBucketError(context.bucket ?? '(unknown)', cause);
  if (name === 'ResourceNotFoundException' && context.table !== undefined) {
    return new BackendError('INVALID_CONFIG', `DynamoDB table "${context.table}" does not exist (while trying to ${context.action})`, {
      cause,
      hint: `Create the table "${context.table}" with the partition key "LockID" of type String, or fix "dynamodb_table" / "endpoints.dynamodb".`,
    });
  }
  if (name === 'PermanentRedirect' || status === 301 || name === 'AuthorizationHeaderMalformed' || name === 'IllegalLocationConstraintException') {
    return new BackendError('INVALID_CONFIG', `failed to ${context.action}${where}: the bucket is in another region (${detail})`, {
      cause,
      hint: 'Set "region" to the region of the bucket.',
    });
  }
  if (isAuthFailure(error)) {
    return new BackendError('AUTH', `failed to ${context.action}${where}: access denied (${detail})`, {
      cause,
      hint: 'Check the credentials (profile, access key, assumed role) and that their policy allows this action on the bucket/table.',
    });
  }
  const code: ErrorCode = isTransient(error) ? 'TRANSIENT' : 'BACKEND_ERROR';
  return new BackendError(code, `failed to ${context.action}${where}: ${detail}`, {
    cause,
    hint: code === 'TRANSIENT' ? 'The store or the network failed; retry the command.' : undefined,
  });
}

function describeTarget(context: ErrorContext): string {
  const parts: string[] = [];
  if (context.key !== undefined) parts.push(`object "${context.key}"`);
  if (context.bucket !== undefined) parts.push(`in S3 bucket "${context.bucket}"`);
  if (context.table !== undefined) parts.push(`in DynamoDB table "${context.table}"`);
  return parts.length === 0 ? '' : ` (${parts.join(' ')})`;
}

function safeMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // radosgw and others answer some errors without a message; the SDK then says "UnknownError".
  return message === '' ? 'no message' : message.split('\n')[0] ?? message;
}
