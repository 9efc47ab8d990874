import { BackendError } from '../errors/backend-error.js';
import { parseGoTime } from '../lock/go-time.js';
import { createLockInfo, lockInfoFields, type LockInfo } from '../lock/lock-info.js';
import { DEFAULT_WORKSPACE, validateWorkspaceName } from '../workspace/workspace-name.js';
import type { BackendCapabilities } from './capabilities.js';
import type {
  ProbeReport,
  StateProvider,
  StateVersionEntry,
  StoredState,
  WriteStateOptions,
  WriteStateResult,
} from './state-provider.js';

/**
 * The validated face of a {@link StateProvider}: what the state manager, the CLI and library
 * users call. It checks every argument once, for every provider (workspace names, empty
 * writes, lock ids, capabilities), orders workspace lists as Terraform does, and turns stray
 * errors into `BackendError`. It does not copy state bytes: the provider contract makes every
 * returned buffer the caller's and forbids providers to keep the written one, so a 100 MiB state
 * is held once, not twice (see {@link StateProvider.readState} and {@link StateProvider.writeState}).
 */
export class StateBackend {
  readonly provider: StateProvider;

  constructor(provider: StateProvider) {
    this.provider = provider;
  }

  get name(): string {
    return this.provider.name;
  }

  get capabilities(): BackendCapabilities {
    return this.provider.capabilities;
  }

  /** `default` first, then the other names in code-unit order, each once. */
  async listWorkspaces(): Promise<string[]> {
    const names = await this.call('list workspaces', () => this.provider.listWorkspaces());
    const others = [...new Set(names)].filter((name) => name !== DEFAULT_WORKSPACE).sort(compareCodeUnits);
    return [DEFAULT_WORKSPACE, ...others];
  }

  /** Deletes a workspace's state. `default` is refused with `DEFAULT_WORKSPACE`. */
  async deleteWorkspace(workspace: string): Promise<void> {
    if (workspace === DEFAULT_WORKSPACE || workspace === '') {
      throw new BackendError('DEFAULT_WORKSPACE', "can't delete default state", {
        hint: 'The default workspace always exists; delete its state with `state rm` or push an empty state instead.',
      });
    }
    this.checkWorkspace(workspace);
    await this.call(`delete workspace "${workspace}"`, () => this.provider.deleteWorkspace(workspace));
  }

  /** The current state bytes, or undefined when the workspace has none. */
  async readState(workspace: string): Promise<StoredState | undefined> {
    this.checkWorkspace(workspace);
    const stored = await this.call(`read state of "${workspace}"`, () => this.provider.readState(workspace));
    if (stored === undefined || stored.bytes.byteLength === 0) return undefined;
    return { ...stored };
  }

  /**
   * Stores non-empty bytes as the workspace's state. Empty input is refused (`INVALID_ARGUMENT`).
   * The buffer is not copied: do not change it until the returned promise settles.
   */
  async writeState(workspace: string, bytes: Uint8Array, options: WriteStateOptions = {}): Promise<WriteStateResult> {
    this.checkWorkspace(workspace);
    if (!(bytes instanceof Uint8Array)) {
      throw new BackendError('INVALID_ARGUMENT', 'state bytes must be a Uint8Array');
    }
    if (bytes.byteLength === 0) {
      throw new BackendError('INVALID_ARGUMENT', 'refusing to write an empty state: zero bytes would read back as "no state"', {
        hint: 'To remove a state, delete it instead of writing nothing.',
      });
    }
    this.checkConditional(options);
    return this.call(`write state of "${workspace}"`, () => this.provider.writeState(workspace, bytes, { ...options }));
  }

  /** Removes the workspace's state; a missing state resolves. */
  async deleteState(workspace: string, options: WriteStateOptions = {}): Promise<void> {
    this.checkWorkspace(workspace);
    this.checkConditional(options);
    await this.call(`delete state of "${workspace}"`, () => this.provider.deleteState(workspace, { ...options }));
  }

  /**
   * Takes the workspace's lock and returns its id. Missing LockInfo fields get Terraform's
   * defaults (a crypto-random id, `user@host`, now). A held lock throws `LockConflictError`.
   */
  async lock(workspace: string, info: Partial<LockInfo> = {}): Promise<string> {
    this.checkWorkspace(workspace);
    this.require('locking', 'lock');
    const complete: LockInfo = { ...createLockInfo(), ...givenLockFields(info) };
    return this.call(`lock "${workspace}"`, () => this.provider.lock(workspace, complete));
  }

  /** Releases the lock held under `lockId`. */
  async unlock(workspace: string, lockId: string): Promise<void> {
    this.checkWorkspace(workspace);
    this.require('locking', 'unlock');
    checkLockId(lockId);
    await this.call(`unlock "${workspace}"`, () => this.provider.unlock(workspace, lockId));
  }

  /** Releases a lock another client holds, given its id (Terraform's `force-unlock`). */
  async forceUnlock(workspace: string, lockId: string): Promise<void> {
    this.checkWorkspace(workspace);
    this.require('locking', 'force-unlock');
    this.require('forceUnlock', 'release a lock held by another client');
    checkLockId(lockId);
    await this.call(`force-unlock "${workspace}"`, () => this.provider.forceUnlock(workspace, lockId));
  }

  /** The holder's LockInfo, or undefined when the workspace is not locked. */
  async readLock(workspace: string): Promise<LockInfo | undefined> {
    this.checkWorkspace(workspace);
    this.require('locking', 'read the lock');
    const holder = await this.call(`read lock of "${workspace}"`, () => this.provider.readLock(workspace));
    return holder === undefined ? undefined : { ...holder };
  }

  /** Earlier states, newest first. Needs the `versions` capability. */
  async listVersions(workspace: string): Promise<StateVersionEntry[]> {
    this.checkWorkspace(workspace);
    this.require('versions', 'list versions');
    const list = this.provider.listVersions;
    if (!list) throw this.missingMethod('listVersions');
    return this.call(`list versions of "${workspace}"`, () => list.call(this.provider, workspace));
  }

  /** The bytes of one earlier state. Needs the `versions` capability. */
  async readVersion(workspace: string, versionId: string): Promise<StoredState> {
    this.checkWorkspace(workspace);
    this.require('versions', 'read a version');
    if (typeof versionId !== 'string' || versionId === '') {
      throw new BackendError('INVALID_ARGUMENT', 'a version id is required');
    }
    const read = this.provider.readVersion;
    if (!read) throw this.missingMethod('readVersion');
    const stored = await this.call(`read version ${versionId} of "${workspace}"`, () =>
      read.call(this.provider, workspace, versionId),
    );
    return { ...stored };
  }

  /** Checks the live store. Needs the `probe` capability. */
  async probe(): Promise<ProbeReport> {
    this.require('probe', 'probe the store');
    const probe = this.provider.probe;
    if (!probe) throw this.missingMethod('probe');
    return this.call('probe the store', () => probe.call(this.provider));
  }

  /** Releases the client's resources (and any OS locks it holds). */
  async close(): Promise<void> {
    await this.call('close', async () => this.provider.close?.());
  }

  private checkWorkspace(workspace: string): void {
    validateWorkspaceName(workspace, { allowUnicode: this.provider.capabilities.unicodeWorkspaceNames });
  }

  private checkConditional(options: WriteStateOptions): void {
    if ((options.ifMatch !== undefined || options.ifNoneMatch) && !this.provider.capabilities.conditionalWrite) {
      throw new BackendError('UNSUPPORTED', `the ${this.name} backend cannot make conditional writes`, {
        hint: 'Take the lock around read-modify-write instead of relying on ifMatch/ifNoneMatch.',
      });
    }
  }

  private require(capability: keyof BackendCapabilities, action: string): void {
    if (!this.provider.capabilities[capability]) {
      throw new BackendError('UNSUPPORTED', `the ${this.name} backend cannot ${action} (no "${capability}" capability)`, {
        hint: capabilityHints[capability],
      });
    }
  }

  private missingMethod(method: string): BackendError {
    return new BackendError(
      'BACKEND_ERROR',
      `the ${this.name} provider claims a capability but does not implement ${method}()`,
    );
  }

  private async call<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (BackendError.isInstance(error)) throw error;
      throw new BackendError('BACKEND_ERROR', `${this.name}: failed to ${action}: ${messageOf(error)}`, { cause: error });
    }
  }
}

/** Wraps a provider in the validated {@link StateBackend}. */
export function createStateBackend(provider: StateProvider): StateBackend {
  return new StateBackend(provider);
}

const capabilityHints: Partial<Record<keyof BackendCapabilities, string>> = {
  locking: 'Configure a lock for this backend (for S3: use_lockfile or dynamodb_table; for OSS: tablestore_table).',
  versions: 'Enable bucket versioning to keep earlier states.',
  forceUnlock:
    'This lock belongs to a running process and is released when that process exits; stop the process holding it.',
};

function compareCodeUnits(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function checkLockId(lockId: string): void {
  if (typeof lockId !== 'string' || lockId === '') {
    throw new BackendError('INVALID_ARGUMENT', 'a lock id is required', {
      hint: 'Pass the ID shown by `tfstate lock status` or in the lock error.',
    });
  }
}

/**
 * The LockInfo fields the caller set. Undefined fields and an empty `ID` take the defaults;
 * anything else must be a string, and `Created` an RFC 3339 time, or the record could not be
 * encoded the way Terraform reads it.
 */
function givenLockFields(info: Partial<LockInfo>): Partial<LockInfo> {
  const given: Partial<LockInfo> = {};
  for (const field of lockInfoFields) {
    const value: unknown = info[field];
    if (value === undefined || (field === 'ID' && value === '')) continue;
    if (typeof value !== 'string') {
      throw new BackendError('INVALID_ARGUMENT', `LockInfo field "${field}" must be a string, got ${typeof value}`, {
        hint: 'Pass LockInfo values as strings, or leave a field out to get its default.',
      });
    }
    if (field === 'Created' && parseGoTime(value) === undefined) {
      throw new BackendError('INVALID_ARGUMENT', `LockInfo field "Created" is not an RFC 3339 time: ${JSON.stringify(value)}`, {
        hint: 'Leave Created out to use the current time, or format it with formatGoRfc3339Nano().',
      });
    }
    given[field] = value;
  }
  return given;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
