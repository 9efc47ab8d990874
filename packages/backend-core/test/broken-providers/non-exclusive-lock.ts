import { BackendError } from '../../src/errors/backend-error.js';
import { LockConflictError, LockMismatchError } from '../../src/errors/lock-conflict-error.js';
import type { LockInfo } from '../../src/lock/lock-info.js';
import { DelegatingProvider } from './delegating-provider.js';

/** Keeps locks in the client instead of the shared store: every client "holds" the lock at once. */
export class NonExclusiveLockProvider extends DelegatingProvider {
  private readonly locks = new Map<string, LockInfo>();

  override async lock(workspace: string, info: LockInfo): Promise<string> {
    const holder = this.locks.get(workspace);
    if (holder !== undefined && holder.ID !== info.ID) throw new LockConflictError(holder);
    this.locks.set(workspace, { ...info, Path: `local/${workspace}` });
    return info.ID;
  }

  override async unlock(workspace: string, lockId: string): Promise<void> {
    const holder = this.locks.get(workspace);
    if (holder === undefined) throw new BackendError('LOCK_NOT_HELD', `"${workspace}" is not locked`);
    if (holder.ID !== lockId) throw new LockMismatchError(lockId, holder);
    this.locks.delete(workspace);
  }

  override forceUnlock(workspace: string, lockId: string): Promise<void> {
    return this.unlock(workspace, lockId);
  }

  override async readLock(workspace: string): Promise<LockInfo | undefined> {
    return this.locks.get(workspace);
  }
}
