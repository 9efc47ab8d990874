import { BackendError, LockConflictError, LockMismatchError, encodeLockInfo, type LockInfo } from '@x/backend-core';
import type { LockStore, StoredLock } from './lock-store.js';

/** Attempts of one lock or unlock when the record changes under it or the store fails transiently. */
const maximumAttempts = 4;
const retryPauseMilliseconds = 50;

function pause(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/**
 * Lock, unlock and write checks over a {@link LockStore}, the same for both lock modes.
 *
 * A create that failed transiently is retried; when the earlier attempt had in fact succeeded
 * (its answer was lost), the record then shows this caller's own id and counts as acquired,
 * never as a conflict with itself. The locks this client took are remembered (id and stored
 * text) so that its own writes without a lock id are not mistaken for writes under a foreign
 * lock, and so that releasing its own lock needs no read first.
 */
export class LockRecords {
  private readonly held = new Map<string, HeldLock>();

  constructor(private readonly store: LockStore) {}

  /** Takes the lock (see `StateProvider.lock`). */
  async lock(workspace: string, info: LockInfo): Promise<string> {
    const raw = encodeLockInfo({ ...info, Path: this.store.pathOf(workspace) });
    for (let attempt = 1; ; attempt += 1) {
      let created: boolean;
      try {
        created = await this.store.create(workspace, raw);
      } catch (error) {
        if (!BackendError.hasCode(error, 'TRANSIENT') || attempt >= maximumAttempts) throw error;
        await pause(retryPauseMilliseconds * attempt);
        continue;
      }
      let stored = raw;
      if (!created) {
        const holder = await this.store.read(workspace);
        // Released between the create and the read: try again.
        if (holder === undefined && attempt < maximumAttempts) continue;
        if (holder === undefined) throw changingLock(workspace);
        if (holder.info.ID !== info.ID) throw new LockConflictError(holder.info);
        stored = holder.raw;
      }
      this.held.set(workspace, { id: info.ID, raw: stored });
      return info.ID;
    }
  }

  /**
   * Releases the lock if `lockId` is the stored id (see `StateProvider.unlock`); used for
   * `forceUnlock` too, since a lock id is all either needs.
   */
  async unlock(workspace: string, lockId: string): Promise<void> {
    let interrupted = false;
    // Our own lock: its exact text is known, so the conditional removal can go first, saving
    // the read. When it finds something else (released, force-unlocked, retaken), the loop
    // below reads the record to report why.
    const own = this.held.get(workspace);
    if (own !== undefined && own.id === lockId) {
      try {
        if (await this.store.remove(workspace, own.raw)) {
          this.forget(workspace, lockId);
          return;
        }
      } catch (error) {
        if (!BackendError.hasCode(error, 'TRANSIENT')) throw error;
        interrupted = true;
        await pause(retryPauseMilliseconds);
      }
    }
    for (let attempt = 1; ; attempt += 1) {
      const holder = await this.store.read(workspace);
      if (holder === undefined) {
        this.forget(workspace, lockId);
        // Our own removal went through but its answer was lost.
        if (interrupted) return;
        throw new BackendError('LOCK_NOT_HELD', `the state of workspace "${workspace}" is not locked`, {
          hint: 'Nothing to unlock: the lock was already released, or force-unlocked by someone else.',
        });
      }
      if (holder.info.ID !== lockId) throw new LockMismatchError(lockId, holder.info);
      let removed: boolean;
      try {
        removed = await this.store.remove(workspace, holder.raw);
      } catch (error) {
        if (!BackendError.hasCode(error, 'TRANSIENT') || attempt >= maximumAttempts) throw error;
        interrupted = true;
        await pause(retryPauseMilliseconds * attempt);
        continue;
      }
      if (removed) {
        this.forget(workspace, lockId);
        return;
      }
      if (attempt >= maximumAttempts) throw changingLock(workspace);
    }
  }

  /** The holder, or undefined. */
  async read(workspace: string): Promise<LockInfo | undefined> {
    return (await this.store.read(workspace))?.info;
  }

  /**
   * Refuses a write or delete (`writeChecksLock`): with a lock id, it must be the stored lock
   * (`LOCK_NOT_HELD` when none is, `LockConflictError` when another is); without one, no
   * other client may hold the lock. This is a check before the write, not part of it: OSS has
   * no conditional PutObject, so a lock force-released and retaken in between goes unnoticed.
   */
  async checkWrite(workspace: string, lockId: string | undefined): Promise<void> {
    const holder = await this.store.read(workspace);
    if (lockId === undefined) {
      if (holder !== undefined && holder.info.ID !== this.held.get(workspace)?.id) throw new LockConflictError(holder.info);
      return;
    }
    if (holder === undefined) {
      throw new BackendError('LOCK_NOT_HELD', `lock ${lockId} is not held on the state of workspace "${workspace}"`, {
        hint: 'The lock was released or force-unlocked; take it again, read the state again, then write.',
      });
    }
    if (holder.info.ID !== lockId) throw new LockConflictError(holder.info);
  }

  /** Refuses when another client holds the workspace's lock (before deleting the workspace). */
  async refuseForeignLock(workspace: string): Promise<StoredLock | undefined> {
    const holder = await this.store.read(workspace);
    if (holder !== undefined && holder.info.ID !== this.held.get(workspace)?.id) throw new LockConflictError(holder.info);
    return holder;
  }

  private forget(workspace: string, lockId: string): void {
    if (this.held.get(workspace)?.id === lockId) this.held.delete(workspace);
  }
}

/** A lock this client took: its id and the text stored for it. */
interface HeldLock {
  id: string;
  raw: string;
}

function changingLock(workspace: string): BackendError {
  return new BackendError('TRANSIENT', `the lock of workspace "${workspace}" kept changing while it was being taken or released`, {
    hint: 'Several clients are racing for this lock; retry.',
  });
}
