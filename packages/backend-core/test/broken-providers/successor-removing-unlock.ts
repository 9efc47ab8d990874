import { BackendError } from '../../src/errors/backend-error.js';
import { LockMismatchError } from '../../src/errors/lock-conflict-error.js';
import { memoryLockKey } from '../../src/memory/index.js';
import { DelegatingProvider } from './delegating-provider.js';

/**
 * Checks the id, then deletes the lock object unconditionally after a network round trip (the
 * S3 lock file's unlock): if the lock changed hands in between, the successor's lock is removed.
 */
export class SuccessorRemovingUnlockProvider extends DelegatingProvider {
  override async unlock(workspace: string, lockId: string): Promise<void> {
    const holder = await this.base.readLock(workspace);
    if (holder === undefined) throw new BackendError('LOCK_NOT_HELD', `"${workspace}" is not locked`);
    if (holder.ID !== lockId) throw new LockMismatchError(lockId, holder);
    await new Promise((resolve) => setTimeout(resolve, 20));
    this.store.deleteRaw(memoryLockKey(workspace));
  }
}
