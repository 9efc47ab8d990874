/**
 * Stable error codes. Codes never change meaning across releases; messages may be reworded.
 * Match on `error.code`, never on the message.
 */
export const ErrorCode = {
  /** Anything a provider could not classify. The original error is in `cause`. */
  BACKEND_ERROR: 'BACKEND_ERROR',
  /** A caller passed a value the contract forbids (for example zero bytes to `writeState`). */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** A workspace name that Terraform would refuse (see `validateWorkspaceName`). */
  INVALID_WORKSPACE_NAME: 'INVALID_WORKSPACE_NAME',
  /** An attempt to delete the `default` workspace. */
  DEFAULT_WORKSPACE: 'DEFAULT_WORKSPACE',
  /** A workspace still holds resources and deletion was not forced. */
  WORKSPACE_NOT_EMPTY: 'WORKSPACE_NOT_EMPTY',
  /** Backend configuration is missing or wrong; the message names the setting and the fix. */
  INVALID_CONFIG: 'INVALID_CONFIG',
  /** Another client holds the lock. Thrown as `LockConflictError`, which carries the holder. */
  LOCK_CONFLICT: 'LOCK_CONFLICT',
  /** The lock id given does not match the stored lock. Thrown as `LockMismatchError`. */
  LOCK_ID_MISMATCH: 'LOCK_ID_MISMATCH',
  /** Unlock of a workspace that is not locked, or whose lock was already released or lost. */
  LOCK_NOT_HELD: 'LOCK_NOT_HELD',
  /** The stored lock record cannot be parsed as LockInfo. */
  INVALID_LOCK_INFO: 'INVALID_LOCK_INFO',
  /** A conditional write lost (etag changed) or a push failed the import check. `StateConflictError`. */
  STATE_CONFLICT: 'STATE_CONFLICT',
  /** The state bytes do not match the stored consistency digest. `DigestMismatchError`. */
  DIGEST_MISMATCH: 'DIGEST_MISMATCH',
  /** The bytes are not a valid Terraform state file. */
  INVALID_STATE: 'INVALID_STATE',
  /** The state file uses a format version this library cannot write (1-3 or above 4). */
  UNSUPPORTED_STATE_VERSION: 'UNSUPPORTED_STATE_VERSION',
  /** The state is an OpenTofu encryption envelope; it must not be read or replaced as plaintext. */
  ENCRYPTED_STATE: 'ENCRYPTED_STATE',
  /** The backend lacks the capability the call needs (see `capabilities`). */
  UNSUPPORTED: 'UNSUPPORTED',
  /** A state version id that the store does not know. */
  VERSION_NOT_FOUND: 'VERSION_NOT_FOUND',
  /** Credentials were refused or lack permission. */
  AUTH: 'AUTH',
  /** A network or server failure that may succeed when retried. */
  TRANSIENT: 'TRANSIENT',
  /** The operation was cancelled through an AbortSignal or ran out of time. */
  ABORTED: 'ABORTED',
} as const;

/** One of the stable codes in {@link ErrorCode}. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
