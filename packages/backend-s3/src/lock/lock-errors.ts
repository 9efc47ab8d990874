import { BackendError, LockConflictError, LockMismatchError, describeLock, type LockInfo } from '@x/backend-core';
import type { WorkspaceLocation } from '../s3-layout.js';

/** Unlock of a workspace whose lock record is absent. */
export function lockNotHeld(location: WorkspaceLocation, where: string, lockId: string): BackendError {
  return new BackendError('LOCK_NOT_HELD', `no lock with ID "${lockId}" is held on "${location.lockPath}" (${where}: no lock record)`, {
    hint: 'Nothing to unlock: the lock was already released or force-unlocked.',
  });
}

/** The stored lock belongs to someone else. */
export function lockConflict(holder: LockInfo, cause?: unknown): LockConflictError {
  return new LockConflictError(holder, { cause });
}

/** Unlock with an ID that is not the stored one. */
export function lockMismatch(lockId: string, holder: LockInfo): LockMismatchError {
  return new LockMismatchError(lockId, holder);
}

/**
 * Our record changed between the ID check and the conditional delete, and another ID is stored
 * now: our lock is gone (force-unlocked, or our own delete landed and its retry was refused).
 */
export function lockReplaced(location: WorkspaceLocation, where: string, lockId: string, holder: LockInfo): BackendError {
  return new BackendError(
    'LOCK_NOT_HELD',
    `lock "${lockId}" on "${location.lockPath}" was released while being released (${where}); it is now held by someone else\n${describeLock(holder)}`,
    { hint: 'Nothing to unlock. If you were still working under this lock, re-read the state: another client may have changed it.' },
  );
}
