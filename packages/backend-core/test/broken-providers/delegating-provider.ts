import type { BackendCapabilities } from '../../src/backend/capabilities.js';
import type {
  StateProvider,
  StateVersionEntry,
  StoredState,
  WriteStateOptions,
  WriteStateResult,
} from '../../src/backend/state-provider.js';
import type { LockInfo } from '../../src/lock/lock-info.js';
import { createMemoryProvider, MemoryStore } from '../../src/memory/index.js';

/**
 * A memory provider passed through unchanged; each broken variant overrides the one behaviour
 * it gets wrong, so a failing case can only be due to that fault.
 */
export class DelegatingProvider implements StateProvider {
  readonly contractVersion = 1 as const;
  readonly name: string;
  readonly capabilities: BackendCapabilities;
  protected readonly base: StateProvider;

  constructor(
    readonly store: MemoryStore,
    name: string,
  ) {
    this.base = createMemoryProvider({ store });
    this.name = name;
    this.capabilities = this.base.capabilities;
  }

  listWorkspaces(): Promise<string[]> {
    return this.base.listWorkspaces();
  }
  deleteWorkspace(workspace: string): Promise<void> {
    return this.base.deleteWorkspace(workspace);
  }
  readState(workspace: string): Promise<StoredState | undefined> {
    return this.base.readState(workspace);
  }
  writeState(workspace: string, bytes: Uint8Array, options: WriteStateOptions): Promise<WriteStateResult> {
    return this.base.writeState(workspace, bytes, options);
  }
  deleteState(workspace: string, options: WriteStateOptions): Promise<void> {
    return this.base.deleteState(workspace, options);
  }
  lock(workspace: string, info: LockInfo): Promise<string> {
    return this.base.lock(workspace, info);
  }
  unlock(workspace: string, lockId: string): Promise<void> {
    return this.base.unlock(workspace, lockId);
  }
  forceUnlock(workspace: string, lockId: string): Promise<void> {
    return this.base.forceUnlock(workspace, lockId);
  }
  readLock(workspace: string): Promise<LockInfo | undefined> {
    return this.base.readLock(workspace);
  }
  listVersions(workspace: string): Promise<StateVersionEntry[]> {
    return this.base.listVersions?.(workspace) ?? Promise.resolve([]);
  }
  readVersion(workspace: string, versionId: string): Promise<StoredState> {
    return this.base.readVersion?.(workspace, versionId) ?? Promise.reject(new Error('no versions'));
  }
}

/** Builds a broken provider for a namespace's shared store. */
export type BrokenProviderFactory = (store: MemoryStore) => StateProvider;
