import { defineCapabilities, type BackendCapabilities } from '../../src/backend/capabilities.js';
import type { StateProvider } from '../../src/backend/state-provider.js';
import type { LockInfo } from '../../src/lock/lock-info.js';
import { createMemoryProvider, type MemoryStore } from '../../src/memory/index.js';
import { DelegatingProvider } from './delegating-provider.js';

/** Claims versions and probe but implements neither method. */
export function createMethodlessVersionsProvider(store: MemoryStore): StateProvider {
  const base = createMemoryProvider({ store });
  const provider: StateProvider = {
    contractVersion: 1,
    name: 'claims-versions',
    capabilities: defineCapabilities({ ...base.capabilities, versions: true, probe: true }),
    listWorkspaces: () => base.listWorkspaces(),
    deleteWorkspace: (workspace) => base.deleteWorkspace(workspace),
    readState: (workspace) => base.readState(workspace),
    writeState: (workspace, bytes, options) => base.writeState(workspace, bytes, options),
    deleteState: (workspace, options) => base.deleteState(workspace, options),
    lock: (workspace, info) => base.lock(workspace, info),
    unlock: (workspace, lockId) => base.unlock(workspace, lockId),
    forceUnlock: (workspace, lockId) => base.forceUnlock(workspace, lockId),
    readLock: (workspace) => base.readLock(workspace),
  };
  return provider;
}

/** Says it cannot lock, yet `lock` "succeeds" with Terraform's empty "locking disabled" id. */
export class FakeLockProvider extends DelegatingProvider {
  override readonly capabilities: BackendCapabilities = defineCapabilities({ ...this.base.capabilities, locking: false });

  override async lock(_workspace: string, _info: LockInfo): Promise<string> {
    return '';
  }
}

/** Says other clients cannot force-unlock, yet its forceUnlock releases the lock. */
export class ForceUnlockDenyingProvider extends DelegatingProvider {
  override readonly capabilities: BackendCapabilities = defineCapabilities({ ...this.base.capabilities, forceUnlock: false });
}
