import { defineCapabilities } from '../backend/capabilities.js';
import type {
  StateProvider,
  StateVersionEntry,
  StoredState,
  WriteStateOptions,
  WriteStateResult,
} from '../backend/state-provider.js';
import { BackendError } from '../errors/backend-error.js';
import { LockConflictError, LockMismatchError } from '../errors/lock-conflict-error.js';
import { StateConflictError } from '../errors/state-conflict-error.js';
import { encodeLockInfo, parseLockInfo, type LockInfo } from '../lock/lock-info.js';
import { DEFAULT_WORKSPACE } from '../workspace/workspace-name.js';
import { workspaceFromKey, workspaceStateKey, type KeyLayout } from '../workspace/key-layout.js';
import { MemoryStore, type MemoryObject } from './memory-store.js';

/** Options of {@link createMemoryProvider}. */
export interface MemoryProviderOptions {
  /** Storage to use; providers sharing a store are separate clients of it. Default: a new store. */
  store?: MemoryStore;
}

/** The S3 backend's default layout, used for the memory store's keys. */
export const MEMORY_KEY_LAYOUT: KeyLayout = Object.freeze({ workspaceKeyPrefix: 'env:', key: 'terraform.tfstate' });

const memoryCapabilities = defineCapabilities({
  locking: true,
  forceUnlock: true,
  lockSurvivesCrash: true,
  writeChecksLock: true,
  digest: false,
  conditionalWrite: true,
  versions: true,
  probe: false,
  unicodeWorkspaceNames: false,
});

/** The object key of a workspace's state in a memory store. */
export function memoryStateKey(workspace: string): string {
  return workspaceStateKey(MEMORY_KEY_LAYOUT, workspace);
}

/** The object key of a workspace's lock in a memory store (`<state key>.tflock`, like `use_lockfile`). */
export function memoryLockKey(workspace: string): string {
  return memoryStateKey(workspace) + '.tflock';
}

/**
 * The reference {@link StateProvider}: everything in process memory, every capability it
 * claims implemented strictly. The conformance suite is checked against it, so it favours
 * exactness over speed. Two providers created on one `store` behave as two machines sharing a
 * bucket: a lock one takes is held against the other until released (or force-unlocked).
 */
export function createMemoryProvider(options: MemoryProviderOptions = {}): StateProvider {
  return new MemoryProvider(options.store ?? new MemoryStore());
}

class MemoryProvider implements StateProvider {
  readonly contractVersion = 1 as const;
  readonly name = 'memory';
  readonly capabilities = memoryCapabilities;
  private readonly store: MemoryStore;
  /** Identifies this client among the providers sharing the store. */
  private readonly client = Symbol('memory client');

  constructor(store: MemoryStore) {
    this.store = store;
  }

  async listWorkspaces(): Promise<string[]> {
    const names = new Set([DEFAULT_WORKSPACE]);
    for (const key of this.store.listKeys()) {
      const workspace = workspaceFromKey(MEMORY_KEY_LAYOUT, key);
      if (workspace !== undefined) names.add(workspace);
    }
    return [...names];
  }

  async deleteWorkspace(workspace: string): Promise<void> {
    this.refuseForeignLock(workspace);
    this.store.remove(memoryStateKey(workspace));
  }

  async readState(workspace: string): Promise<StoredState | undefined> {
    const object = this.store.head(memoryStateKey(workspace));
    if (object === undefined || object.bytes.byteLength === 0) return undefined;
    return toStoredState(object);
  }

  async writeState(workspace: string, bytes: Uint8Array, options: WriteStateOptions): Promise<WriteStateResult> {
    this.checkWriteLock(workspace, options.lockId);
    const key = memoryStateKey(workspace);
    const current = this.store.head(key);
    if (options.ifMatch !== undefined && current?.etag !== options.ifMatch) {
      throw new StateConflictError(
        current === undefined
          ? `the state of "${workspace}" no longer exists, so it does not match etag ${options.ifMatch}`
          : `the state of "${workspace}" changed since it was read (etag ${options.ifMatch} is now ${current.etag})`,
        { local: { etag: options.ifMatch }, remote: current === undefined ? undefined : { etag: current.etag } },
        { hint: 'Read the state again, reapply your change and retry.' },
      );
    }
    if (options.ifNoneMatch && current !== undefined) {
      throw new StateConflictError(
        `the state of "${workspace}" already exists`,
        { remote: { etag: current.etag } },
        { hint: 'Read the existing state first, or write with ifMatch set to its etag.' },
      );
    }
    // The store keeps a copy: the contract forbids keeping the caller's buffer.
    const object = this.store.put(key, bytes);
    return { etag: object.etag, versionId: object.versionId };
  }

  async deleteState(workspace: string, options: WriteStateOptions): Promise<void> {
    this.checkWriteLock(workspace, options.lockId);
    this.store.remove(memoryStateKey(workspace));
  }

  async lock(workspace: string, info: LockInfo): Promise<string> {
    const key = memoryLockKey(workspace);
    const record: LockInfo = { ...info, Path: `${this.store.name}/${memoryStateKey(workspace)}` };
    const created = this.store.putIfAbsent(key, new TextEncoder().encode(encodeLockInfo(record)), this.client);
    if (created !== undefined) return info.ID;
    const holder = this.requireHolder(workspace);
    if (holder.ID === info.ID) return info.ID;
    throw new LockConflictError(holder);
  }

  async unlock(workspace: string, lockId: string): Promise<void> {
    this.release(workspace, lockId);
  }

  async forceUnlock(workspace: string, lockId: string): Promise<void> {
    this.release(workspace, lockId);
  }

  async readLock(workspace: string): Promise<LockInfo | undefined> {
    return this.currentHolder(workspace);
  }

  async listVersions(workspace: string): Promise<StateVersionEntry[]> {
    const history = this.store.history(memoryStateKey(workspace));
    const entries = history.map((version, index) => ({
      versionId: version.versionId,
      lastModified: new Date(version.lastModified.getTime()),
      size: version.object?.bytes.byteLength ?? 0,
      isLatest: index === history.length - 1,
      isDeleteMarker: version.object === undefined,
    }));
    return entries.reverse();
  }

  async readVersion(workspace: string, versionId: string): Promise<StoredState> {
    const version = this.store.history(memoryStateKey(workspace)).find((entry) => entry.versionId === versionId);
    if (version === undefined) {
      throw new BackendError('VERSION_NOT_FOUND', `the state of "${workspace}" has no version ${versionId}`, {
        hint: 'List the available versions first.',
      });
    }
    if (version.object === undefined) {
      throw new BackendError('VERSION_NOT_FOUND', `version ${versionId} of "${workspace}" records a deletion, not a state`, {
        hint: 'Pick a version that is not a delete marker.',
      });
    }
    return toStoredState(version.object);
  }

  /** Releases the lock when `lockId` is the stored one; `unlock` and `forceUnlock` check alike. */
  private release(workspace: string, lockId: string): void {
    const holder = this.currentHolder(workspace);
    if (holder === undefined) {
      throw new BackendError('LOCK_NOT_HELD', `the state of "${workspace}" is not locked`, {
        hint: 'Nothing to unlock; the lock was already released or never taken.',
      });
    }
    if (holder.ID !== lockId) throw new LockMismatchError(lockId, holder);
    this.store.remove(memoryLockKey(workspace));
  }

  /**
   * Writes are refused when the caller names a lock that is not held, or writes without a lock
   * id while another client holds the lock.
   */
  private checkWriteLock(workspace: string, lockId: string | undefined): void {
    const holder = this.currentHolder(workspace);
    if (lockId === undefined) {
      this.refuseForeignLock(workspace);
      return;
    }
    if (holder === undefined) {
      throw new BackendError('LOCK_NOT_HELD', `lock ${lockId} is not held on the state of "${workspace}"`, {
        hint: 'Take the lock again before writing; it was released or force-unlocked.',
      });
    }
    if (holder.ID !== lockId) throw new LockConflictError(holder);
  }

  private refuseForeignLock(workspace: string): void {
    const key = memoryLockKey(workspace);
    if (this.store.head(key) === undefined || this.store.ownerOf(key) === this.client) return;
    throw new LockConflictError(this.requireHolder(workspace));
  }

  private currentHolder(workspace: string): LockInfo | undefined {
    const object = this.store.head(memoryLockKey(workspace));
    return object === undefined ? undefined : parseLockInfo(object.bytes);
  }

  private requireHolder(workspace: string): LockInfo {
    const holder = this.currentHolder(workspace);
    if (holder === undefined) throw new BackendError('BACKEND_ERROR', `the lock of "${workspace}" vanished while being read`);
    return holder;
  }
}

/** A fresh copy of the stored bytes on every read: returned buffers belong to the caller. */
function toStoredState(object: MemoryObject): StoredState {
  return {
    bytes: Uint8Array.from(object.bytes),
    etag: object.etag,
    versionId: object.versionId,
    lastModified: new Date(object.lastModified.getTime()),
  };
}
