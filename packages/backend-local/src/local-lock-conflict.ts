import { LockConflictError, type LockInfo } from '@x/backend-core';

/**
 * A conflict on the local backend. Its lock is an OS lock that belongs to a live process, so
 * the usual advice (force-unlock) cannot work: the hint says to wait or stop that process.
 */
export function localLockConflict(holder: LockInfo, holderPid?: number): LockConflictError {
  const process = holderPid !== undefined && holderPid > 0 ? `process ${holderPid}` : 'the process holding it';
  return new LockConflictError(holder, {
    hint:
      `The local state lock belongs to ${process} and is released when it exits. ` +
      'Wait for it (--lock-timeout 5m), or stop that process; force-unlock cannot release a live OS lock.',
  });
}
