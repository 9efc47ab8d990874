import { BackendError } from '@x/backend-core';

/** The fields of an ali-oss or tablestore error worth keeping. */
interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  status?: unknown;
  statusCode?: unknown;
  requestId?: unknown;
  ecCode?: unknown;
  message?: unknown;
}

/**
 * What a BackendError carries as `cause`: the SDK error's name, code, status, request id and
 * message, and nothing else. SDK errors hold request parameters and headers (an STS token
 * among them), so the original object is never attached.
 */
export class OssServiceError extends Error {
  readonly code: string | undefined;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly ecCode: string | undefined;

  constructor(source: SdkErrorShape, message: string) {
    super(message);
    this.name = typeof source.name === 'string' ? source.name : 'OssServiceError';
    this.code = source.code === undefined || source.code === null ? undefined : String(source.code);
    this.status = typeof source.status === 'number' ? source.status : typeof source.statusCode === 'number' ? source.statusCode : undefined;
    this.requestId = typeof source.requestId === 'string' && source.requestId !== '' ? source.requestId : undefined;
    this.ecCode = typeof source.ecCode === 'string' ? source.ecCode : undefined;
  }
}

function shapeOf(error: unknown): SdkErrorShape {
  return typeof error === 'object' && error !== null ? (error as SdkErrorShape) : { message: String(error) };
}

/** The OSS error code (`NoSuchKey`, `FileAlreadyExists`, ...) of an ali-oss error. */
export function ossCodeOf(error: unknown): string | undefined {
  const code = shapeOf(error).code;
  return typeof code === 'string' ? code : undefined;
}

/** The HTTP status of an ali-oss error; -1 network failure, -2 timeout. */
export function ossStatusOf(error: unknown): number | undefined {
  const status = shapeOf(error).status;
  return typeof status === 'number' ? status : undefined;
}

const authCodes = new Set([
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'SecurityTokenExpired',
  'InvalidSecurityToken',
  'RequestTimeTooSkewed',
]);

const authHints: Record<string, string> = {
  InvalidAccessKeyId: 'The access key does not exist; check access_key (or ALICLOUD_ACCESS_KEY) and the profile.',
  SignatureDoesNotMatch: 'The secret does not match the access key; check secret_key (or ALICLOUD_SECRET_KEY).',
  SecurityTokenExpired: 'The STS token expired; get fresh credentials (security_token, the profile, or the assumed role) and retry.',
  InvalidSecurityToken: 'The STS token is not valid for this access key; check security_token.',
  RequestTimeTooSkewed: "This machine's clock is more than 15 minutes off; synchronise it (NTP) and retry.",
  AccessDenied: 'The credentials lack permission on the bucket; grant oss:GetObject, oss:PutObject, oss:DeleteObject and oss:ListObjects.',
};

/**
 * Maps an ali-oss error to a BackendError: `NoSuchBucket` is `INVALID_CONFIG` with the fix,
 * refused credentials `AUTH`, network failures, timeouts and 5xx `TRANSIENT`, the rest
 * `BACKEND_ERROR`. `action` says what was attempted ("write env:/dev/terraform.tfstate").
 */
export function ossError(error: unknown, action: string, bucket: string): BackendError {
  if (BackendError.isInstance(error)) return error;
  const shape = shapeOf(error);
  const code = ossCodeOf(error);
  const status = ossStatusOf(error);
  const detail = typeof shape.message === 'string' ? shape.message : String(error);
  const cause = new OssServiceError(shape, detail);
  if (code === 'NoSuchBucket') {
    return new BackendError('INVALID_CONFIG', `cannot ${action}: the bucket "${bucket}" does not exist at this endpoint`, {
      cause,
      hint: 'Create the bucket first, or fix bucket, region or endpoint (a bucket is only reachable through the endpoint of its region).',
    });
  }
  if (code !== undefined && authCodes.has(code)) {
    return new BackendError('AUTH', `cannot ${action}: OSS refused the request (${code}: ${detail})`, {
      cause,
      hint: authHints[code] ?? 'Check the credentials and their permissions on the bucket.',
    });
  }
  const transient =
    status === -1 ||
    status === -2 ||
    (status !== undefined && status >= 500) ||
    /Timeout|RequestError|ConnectionError|ResponseError/.test(String(shape.name));
  if (transient) {
    return new BackendError('TRANSIENT', `cannot ${action}: ${code ?? String(shape.name ?? 'network error')}: ${detail}`, {
      cause,
      hint: 'The OSS endpoint failed or could not be reached; check endpoint and the network, then retry.',
    });
  }
  return new BackendError('BACKEND_ERROR', `cannot ${action}: ${code ?? 'error'}${status !== undefined ? ` (HTTP ${status})` : ''}: ${detail}`, {
    cause,
  });
}

/**
 * The OTS error code of a tablestore error. The Node SDK cannot parse OTS error bodies (they
 * are protobuf), so `err.code` is the HTTP status and the code only appears inside the raw
 * body text in `err.message`.
 */
export function tableStoreCodeOf(error: unknown): string | undefined {
  const shape = shapeOf(error);
  if (typeof shape.code === 'string' && /^OTS/.test(shape.code)) return shape.code;
  const message = typeof shape.message === 'string' ? shape.message : '';
  return /OTS[A-Za-z]+/.exec(message)?.[0];
}

/** True when a conditional TableStore write failed its row or column condition. */
export function isConditionCheckFailure(error: unknown): boolean {
  return tableStoreCodeOf(error) === 'OTSConditionCheckFail';
}

/** The readable part of a tablestore error message (the protobuf framing bytes dropped). */
function tableStoreDetail(error: unknown): string {
  const message = shapeOf(error).message;
  const text = typeof message === 'string' ? message : String(error);
  return text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]+/g, ' ').replace(/\s+/g, ' ').trim();
}

const tableStoreAuthCodes = new Set(['OTSAuthFailed', 'OTSNoPermissionAccess', 'OTSInvalidSecurityToken', 'OTSSecurityTokenExpired']);
const tableStoreTransientCodes = new Set([
  'OTSServerBusy',
  'OTSRowOperationConflict',
  'OTSTimeout',
  'OTSPartitionUnavailable',
  'OTSTableNotReady',
  'OTSInternalServerError',
  'OTSQuotaExhausted',
  'OTSServerUnavailable',
  'OTSNotEnoughCapacityUnit',
]);

/**
 * Maps a tablestore error: a missing table or instance is `INVALID_CONFIG`, refused
 * credentials `AUTH`, network failures, throttling and 5xx `TRANSIENT`, the rest `BACKEND_ERROR`.
 */
export function tableStoreError(error: unknown, action: string, table: string): BackendError {
  if (BackendError.isInstance(error)) return error;
  const shape = shapeOf(error);
  const code = tableStoreCodeOf(error);
  const status = typeof shape.code === 'number' ? shape.code : typeof shape.statusCode === 'number' ? shape.statusCode : undefined;
  const detail = tableStoreDetail(error);
  const cause = new OssServiceError({ ...shape, code: code ?? shape.code, status }, detail);
  if (code === 'OTSObjectNotExist') {
    return new BackendError('INVALID_CONFIG', `cannot ${action}: the TableStore table "${table}" does not exist`, {
      cause,
      hint: 'Create the table with one primary-key column "LockID" of type STRING (no TTL), or fix tablestore_table.',
    });
  }
  if (code === 'OTSParameterInvalid') {
    return new BackendError('INVALID_CONFIG', `cannot ${action}: TableStore refused the request (${detail})`, {
      cause,
      hint: `The table "${table}" must have exactly one primary-key column, "LockID" of type STRING.`,
    });
  }
  if ((code !== undefined && tableStoreAuthCodes.has(code)) || (code === undefined && status === 403)) {
    return new BackendError('AUTH', `cannot ${action}: TableStore refused the credentials (${detail})`, {
      cause,
      hint: 'Check the access key, its secret and token, tablestore_instance_name, and the ots:PutRow/GetRow/DeleteRow permissions.',
    });
  }
  const networkCode = typeof shape.code === 'string' && /Networking|Timeout/.test(shape.code);
  if (networkCode || (code !== undefined && tableStoreTransientCodes.has(code)) || (status !== undefined && status >= 500)) {
    return new BackendError('TRANSIENT', `cannot ${action}: TableStore failed or could not be reached (${detail})`, {
      cause,
      hint: 'Check tablestore_endpoint and the network, then retry.',
    });
  }
  return new BackendError('BACKEND_ERROR', `cannot ${action}: ${detail}`, { cause });
}
