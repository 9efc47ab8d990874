import { BackendError, LockConflictError, LockMismatchError, type LockInfo } from '@x/backend-core';

/**
 * A request that ends with a status other than success. `body` is sent as given (lock
 * conflicts carry the holder's LockInfo); otherwise a short `text/plain` message is sent,
 * which OpenTofu logs at debug level and Terraform ignores.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly body: string | Uint8Array | undefined;
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    message: string,
    options: { body?: string | Uint8Array; contentType?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.body = options.body;
    this.contentType = options.contentType ?? 'text/plain; charset=utf-8';
    this.headers = options.headers ?? {};
  }
}

/** A JSON error body, for the routes whose clients read JSON (versions, lock status). */
export function jsonHttpError(status: number, message: string): HttpError {
  return new HttpError(status, message, { body: `${JSON.stringify({ error: message })}\n`, contentType: 'application/json' });
}

/** What a lock conflict answers: the holder's record, as the client needs it to report who holds the lock. */
export function lockConflict(status: 409 | 423, holderBody: string | Uint8Array): HttpError {
  return new HttpError(status, 'the state is locked by another client', { body: holderBody, contentType: 'application/json' });
}

/**
 * Maps a storage failure to a status. Storage trouble is a 503 with `Retry-After`, which both
 * clients retry (section 4 of the spec); a lock conflict is never a 5xx, or the client would
 * retry it as a server failure instead of reporting the holder.
 */
export function httpErrorOf(error: unknown, holderBody: (lock: LockInfo) => string | Uint8Array): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof LockConflictError || error instanceof LockMismatchError) return lockConflict(409, holderBody(error.lock));
  if (!BackendError.isInstance(error)) {
    return new HttpError(500, 'internal server error');
  }
  switch (error.code) {
    case 'INVALID_WORKSPACE_NAME':
    case 'INVALID_ARGUMENT':
    case 'INVALID_LOCK_INFO':
    case 'DEFAULT_WORKSPACE':
      return new HttpError(400, error.message);
    case 'LOCK_CONFLICT':
    case 'LOCK_ID_MISMATCH':
    case 'LOCK_NOT_HELD':
    case 'STATE_CONFLICT':
      return new HttpError(409, error.message);
    case 'VERSION_NOT_FOUND':
      return jsonHttpError(404, error.message);
    case 'UNSUPPORTED':
      return jsonHttpError(501, error.message);
    default:
      // Provider messages can name buckets and keys but never secrets (provider contract);
      // still, the client only needs to know that storage failed and that a retry may help.
      return new HttpError(503, 'the state storage failed; retry later', { headers: { 'Retry-After': '1' } });
  }
}
