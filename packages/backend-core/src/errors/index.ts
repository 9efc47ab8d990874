export { ErrorCode } from './error-codes.js';
export { BackendError, type BackendErrorOptions } from './backend-error.js';
export { LockConflictError, LockMismatchError } from './lock-conflict-error.js';
export { StateConflictError, type StateSummary } from './state-conflict-error.js';
export { DigestMismatchError } from './digest-mismatch-error.js';
