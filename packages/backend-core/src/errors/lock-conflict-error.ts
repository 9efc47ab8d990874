import type { LockInfo } from '../lock/lock-info.js';
import { describeLock } from '../lock/describe-lock.js';
import { BackendError, type BackendErrorOptions } from './backend-error.js';

/**
 * Another client holds the lock. `lock` carries the holder's LockInfo exactly as stored, so a
 * caller can wait for it, show it, or pass `lock.ID` to `forceUnlock`.
 */
export class LockConflictError extends BackendError {
  readonly lock: LockInfo;

  constructor(lock: LockInfo, options: BackendErrorOptions & { message?: string } = {}) {
    super('LOCK_CONFLICT', options.message ?? `the state is locked by someone else\n${describeLock(lock)}`, {
      hint:
        options.hint ??
        `Wait for the holder to finish, or, if it is gone, release the lock with: tfstate force-unlock ${lock.ID}`,
      cause: options.cause,
    });
    this.name = 'LockConflictError';
    this.lock = lock;
  }
}

/**
 * The lock id given to `unlock`/`forceUnlock` is not the one stored. The lock stays held;
 * `lock` is the holder's LockInfo.
 */
export class LockMismatchError extends BackendError {
  readonly lock: LockInfo;

  constructor(requestedId: string, lock: LockInfo, options: BackendErrorOptions = {}) {
    super('LOCK_ID_MISMATCH', `lock ID "${requestedId}" does not match the existing lock\n${describeLock(lock)}`, {
      hint: options.hint ?? `Use the lock ID shown above (${lock.ID}) if you mean to release that lock.`,
      cause: options.cause,
    });
    this.name = 'LockMismatchError';
    this.lock = lock;
  }
}
