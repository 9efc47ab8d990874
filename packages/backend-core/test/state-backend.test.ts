import { describe, expect, it } from 'vitest';
import { defineCapabilities, type BackendCapabilities } from '../src/backend/capabilities.js';
import { StateBackend, createStateBackend } from '../src/backend/state-backend.js';
import type {
  ProbeReport,
  StateProvider,
  StateVersionEntry,
  StoredState,
  WriteStateOptions,
  WriteStateResult,
} from '../src/backend/state-provider.js';
import { BackendError } from '../src/errors/backend-error.js';
import type { ErrorCode } from '../src/errors/error-codes.js';
import { LockConflictError } from '../src/errors/lock-conflict-error.js';
import { currentWho, type LockInfo } from '../src/lock/lock-info.js';

// The facade is pure logic, so it is tested against a purpose-built provider that records every
// call and aliases its storage (it keeps the arrays it is given and hands out the arrays it
// keeps). That breaks the provider contract's buffer rules on purpose: it shows that the facade
// passes buffers through untouched, leaving ownership to the providers (no per-call copy).

const everything: BackendCapabilities = {
  locking: true,
  forceUnlock: true,
  lockSurvivesCrash: true,
  writeChecksLock: false,
  digest: false,
  conditionalWrite: true,
  versions: true,
  probe: true,
  unicodeWorkspaceNames: false,
};

interface RecordedCall {
  method: string;
  args: unknown[];
}

class RecordingProvider implements StateProvider {
  readonly contractVersion = 1 as const;
  readonly name = 'recording';
  readonly capabilities: BackendCapabilities;
  readonly calls: RecordedCall[] = [];
  readonly states = new Map<string, Uint8Array>();
  readonly locks = new Map<string, LockInfo>();
  workspaceNames: string[] = ['default'];
  /** Thrown (as is) by the next call, to see how the facade treats it. */
  failure: unknown = undefined;
  hasFailure = false;

  constructor(capabilities: Partial<BackendCapabilities> = {}) {
    this.capabilities = defineCapabilities({ ...everything, ...capabilities });
  }

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
    if (this.hasFailure) {
      this.hasFailure = false;
      throw this.failure;
    }
  }

  failNextWith(failure: unknown): void {
    this.failure = failure;
    this.hasFailure = true;
  }

  async listWorkspaces(): Promise<string[]> {
    this.record('listWorkspaces');
    return this.workspaceNames;
  }

  async deleteWorkspace(workspace: string): Promise<void> {
    this.record('deleteWorkspace', workspace);
    this.states.delete(workspace);
  }

  async readState(workspace: string): Promise<StoredState | undefined> {
    this.record('readState', workspace);
    const bytes = this.states.get(workspace);
    return bytes === undefined ? undefined : { bytes, etag: `etag-${bytes.byteLength}` };
  }

  async writeState(workspace: string, bytes: Uint8Array, options: WriteStateOptions): Promise<WriteStateResult> {
    this.record('writeState', workspace, bytes, options);
    this.states.set(workspace, bytes);
    return { etag: `etag-${bytes.byteLength}` };
  }

  async deleteState(workspace: string, options: WriteStateOptions): Promise<void> {
    this.record('deleteState', workspace, options);
    this.states.delete(workspace);
  }

  async lock(workspace: string, info: LockInfo): Promise<string> {
    this.record('lock', workspace, info);
    const held = this.locks.get(workspace);
    if (held !== undefined && held.ID !== info.ID) throw new LockConflictError(held);
    this.locks.set(workspace, { ...info, Path: `recording/${workspace}` });
    return info.ID;
  }

  async unlock(workspace: string, lockId: string): Promise<void> {
    this.record('unlock', workspace, lockId);
    this.locks.delete(workspace);
  }

  async forceUnlock(workspace: string, lockId: string): Promise<void> {
    this.record('forceUnlock', workspace, lockId);
    this.locks.delete(workspace);
  }

  async readLock(workspace: string): Promise<LockInfo | undefined> {
    this.record('readLock', workspace);
    return this.locks.get(workspace);
  }

  async listVersions(workspace: string): Promise<StateVersionEntry[]> {
    this.record('listVersions', workspace);
    return [{ versionId: 'v1', lastModified: new Date(0), size: 3, isLatest: true, isDeleteMarker: false }];
  }

  async readVersion(workspace: string, versionId: string): Promise<StoredState> {
    this.record('readVersion', workspace, versionId);
    const bytes = this.states.get(workspace);
    if (bytes === undefined) throw new BackendError('VERSION_NOT_FOUND', `no version ${versionId}`);
    return { bytes, versionId };
  }

  async probe(): Promise<ProbeReport> {
    this.record('probe');
    return { checks: [], observed: {} };
  }

  async close(): Promise<void> {
    this.record('close');
  }
}

function setup(capabilities: Partial<BackendCapabilities> = {}): { provider: RecordingProvider; backend: StateBackend } {
  const provider = new RecordingProvider(capabilities);
  return { provider, backend: createStateBackend(provider) };
}

async function rejection(promise: Promise<unknown>, code: ErrorCode): Promise<BackendError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(BackendError.hasCode(caught, code), `expected ${code}, got ${String(caught)}`).toBe(true);
  return caught as BackendError;
}

const bytesOf = (text: string) => new TextEncoder().encode(text);
const textOf = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('StateBackend basics', () => {
  it('wraps a provider and exposes its name and capabilities', () => {
    const { provider, backend } = setup();
    expect(backend).toBeInstanceOf(StateBackend);
    expect(backend.provider).toBe(provider);
    expect(backend.name).toBe('recording');
    expect(backend.capabilities).toBe(provider.capabilities);
  });

  it('closes the provider, and tolerates a provider without close', async () => {
    const { provider, backend } = setup();
    await backend.close();
    expect(provider.calls).toEqual([{ method: 'close', args: [] }]);

    const withoutClose = new RecordingProvider();
    Object.defineProperty(withoutClose, 'close', { value: undefined });
    await expect(createStateBackend(withoutClose).close()).resolves.toBeUndefined();
  });
});

describe('listWorkspaces', () => {
  it('puts default first, then the rest in code-unit order, each once', async () => {
    const { provider, backend } = setup();
    provider.workspaceNames = ['zeta', 'default', 'alpha', 'Beta', 'alpha', 'dev', 'default', '~tilde', '_under', 'é'];
    expect(await backend.listWorkspaces()).toEqual(['default', 'Beta', '_under', 'alpha', 'dev', 'zeta', '~tilde', 'é']);
  });

  it('adds default when the provider leaves it out', async () => {
    const { provider, backend } = setup();
    provider.workspaceNames = ['prod', 'dev'];
    expect(await backend.listWorkspaces()).toEqual(['default', 'dev', 'prod']);
    provider.workspaceNames = [];
    expect(await backend.listWorkspaces()).toEqual(['default']);
  });

  it('does not reorder or keep the provider’s array', async () => {
    const { provider, backend } = setup();
    provider.workspaceNames = ['b', 'a', 'default'];
    const listed = await backend.listWorkspaces();
    expect(provider.workspaceNames).toEqual(['b', 'a', 'default']);
    expect(listed).not.toBe(provider.workspaceNames);
  });
});

describe('workspace name validation', () => {
  const calls: [string, (backend: StateBackend, workspace: string) => Promise<unknown>][] = [
    ['readState', (backend, workspace) => backend.readState(workspace)],
    ['writeState', (backend, workspace) => backend.writeState(workspace, bytesOf('{}'))],
    ['deleteState', (backend, workspace) => backend.deleteState(workspace)],
    ['deleteWorkspace', (backend, workspace) => backend.deleteWorkspace(workspace)],
    ['lock', (backend, workspace) => backend.lock(workspace)],
    ['unlock', (backend, workspace) => backend.unlock(workspace, 'id')],
    ['forceUnlock', (backend, workspace) => backend.forceUnlock(workspace, 'id')],
    ['readLock', (backend, workspace) => backend.readLock(workspace)],
    ['listVersions', (backend, workspace) => backend.listVersions(workspace)],
    ['readVersion', (backend, workspace) => backend.readVersion(workspace, 'v1')],
  ];

  it.each(calls)('%s refuses an invalid name before calling the provider', async (_method, call) => {
    for (const workspace of ['a/b', '../etc/passwd', 'two words', '..', '%41', 'é']) {
      const { provider, backend } = setup();
      const error = await rejection(call(backend, workspace), 'INVALID_WORKSPACE_NAME');
      expect(error.hint).toBeDefined();
      expect(provider.calls).toEqual([]);
    }
  });

  it.each(calls)('%s passes unicode names through when the provider stores them', async (method, call) => {
    const { provider, backend } = setup({ unicodeWorkspaceNames: true });
    provider.states.set('café', bytesOf('{}'));
    await call(backend, 'café');
    expect(provider.calls.map((recorded) => [recorded.method, recorded.args[0]])).toEqual([[method, 'café']]);
  });

  it('refuses to delete the default workspace', async () => {
    for (const workspace of ['default', '']) {
      const { provider, backend } = setup();
      const error = await rejection(backend.deleteWorkspace(workspace), 'DEFAULT_WORKSPACE');
      expect(error.message).toBe("can't delete default state");
      expect(provider.calls).toEqual([]);
    }
  });
});

describe('state bytes', () => {
  it('refuses zero-byte writes without calling the provider', async () => {
    const { provider, backend } = setup();
    const error = await rejection(backend.writeState('default', new Uint8Array(0)), 'INVALID_ARGUMENT');
    expect(error.hint).toContain('delete');
    await rejection(backend.writeState('default', Buffer.alloc(0)), 'INVALID_ARGUMENT');
    await rejection(backend.writeState('default', '{}' as unknown as Uint8Array), 'INVALID_ARGUMENT');
    expect(provider.calls).toEqual([]);
  });

  it('passes the caller’s buffer to the provider without copying it', async () => {
    const { provider, backend } = setup();
    const bytes = bytesOf('{"serial":1}');
    const result = await backend.writeState('dev', bytes);
    expect(result).toEqual({ etag: 'etag-12' });
    expect(provider.states.get('dev')).toBe(bytes);
    const buffer = Buffer.from('{"serial":2}');
    await backend.writeState('dev', buffer);
    expect(provider.states.get('dev')).toBe(buffer);
  });

  it('hands out the provider’s buffer without copying it', async () => {
    const { provider, backend } = setup();
    const stored = bytesOf('{"serial":3}');
    provider.states.set('dev', stored);
    const first = await backend.readState('dev');
    expect(first).toEqual({ bytes: bytesOf('{"serial":3}'), etag: 'etag-12' });
    expect(first?.bytes).toBe(stored);
  });

  it('hands out version bytes without copying them', async () => {
    const { provider, backend } = setup();
    const stored = bytesOf('{"serial":4}');
    provider.states.set('dev', stored);
    const version = await backend.readVersion('dev', 'v1');
    expect(version.versionId).toBe('v1');
    expect(version.bytes).toBe(stored);
  });

  it('reads an absent or zero-length state as no state', async () => {
    const { provider, backend } = setup();
    expect(await backend.readState('dev')).toBeUndefined();
    provider.states.set('dev', new Uint8Array(0));
    expect(await backend.readState('dev')).toBeUndefined();
  });

  it('hands the provider its own copy of the options', async () => {
    const { provider, backend } = setup();
    const options = { lockId: 'lock-1', ifMatch: '"etag"' };
    await backend.writeState('dev', bytesOf('{}'), options);
    await backend.deleteState('dev', options);
    const [write, remove] = provider.calls;
    expect(write?.args[2]).toEqual(options);
    expect(write?.args[2]).not.toBe(options);
    expect(remove?.args[1]).toEqual(options);
    expect(remove?.args[1]).not.toBe(options);
  });
});

describe('capabilities', () => {
  it('refuses every lock call without the locking capability', async () => {
    const { provider, backend } = setup({ locking: false, forceUnlock: false });
    for (const call of [
      backend.lock('dev'),
      backend.unlock('dev', 'id'),
      backend.forceUnlock('dev', 'id'),
      backend.readLock('dev'),
    ]) {
      const error = await rejection(call, 'UNSUPPORTED');
      expect(error.message).toContain('"locking"');
      expect(error.hint).toContain('use_lockfile');
    }
    expect(provider.calls).toEqual([]);
  });

  it('refuses forceUnlock without the forceUnlock capability but still unlocks', async () => {
    const { provider, backend } = setup({ forceUnlock: false });
    const error = await rejection(backend.forceUnlock('dev', 'id'), 'UNSUPPORTED');
    expect(error.message).toContain('"forceUnlock"');
    expect(provider.calls).toEqual([]);
    await backend.unlock('dev', 'id');
    expect(provider.calls).toEqual([{ method: 'unlock', args: ['dev', 'id'] }]);
  });

  it('refuses conditional writes and deletes without conditionalWrite', async () => {
    const { provider, backend } = setup({ conditionalWrite: false });
    await rejection(backend.writeState('dev', bytesOf('{}'), { ifMatch: '"etag"' }), 'UNSUPPORTED');
    await rejection(backend.writeState('dev', bytesOf('{}'), { ifMatch: '' }), 'UNSUPPORTED');
    await rejection(backend.writeState('dev', bytesOf('{}'), { ifNoneMatch: true }), 'UNSUPPORTED');
    await rejection(backend.deleteState('dev', { ifMatch: '"etag"' }), 'UNSUPPORTED');
    expect(provider.calls).toEqual([]);
    await backend.writeState('dev', bytesOf('{}'), { ifNoneMatch: false, lockId: 'id' });
    expect(provider.calls.map((recorded) => recorded.method)).toEqual(['writeState']);
  });

  it('passes conditional options through with conditionalWrite', async () => {
    const { provider, backend } = setup({ conditionalWrite: true });
    await backend.writeState('dev', bytesOf('{}'), { ifNoneMatch: true });
    expect(provider.calls[0]?.args[2]).toEqual({ ifNoneMatch: true });
  });

  it('refuses versions without the versions capability', async () => {
    const { provider, backend } = setup({ versions: false });
    const error = await rejection(backend.listVersions('dev'), 'UNSUPPORTED');
    expect(error.hint).toContain('versioning');
    await rejection(backend.readVersion('dev', 'v1'), 'UNSUPPORTED');
    expect(provider.calls).toEqual([]);
  });

  it('refuses probe without the probe capability', async () => {
    const { provider, backend } = setup({ probe: false });
    await rejection(backend.probe(), 'UNSUPPORTED');
    expect(provider.calls).toEqual([]);
  });

  it('reports a provider that claims a capability but lacks the method', async () => {
    const provider = new RecordingProvider();
    for (const method of ['listVersions', 'readVersion', 'probe']) {
      Object.defineProperty(provider, method, { value: undefined });
    }
    const backend = createStateBackend(provider);
    expect((await rejection(backend.listVersions('dev'), 'BACKEND_ERROR')).message).toContain('listVersions()');
    expect((await rejection(backend.readVersion('dev', 'v1'), 'BACKEND_ERROR')).message).toContain('readVersion()');
    expect((await rejection(backend.probe(), 'BACKEND_ERROR')).message).toContain('probe()');
  });

  it('calls versions and probe when supported', async () => {
    const { provider, backend } = setup();
    expect(await backend.listVersions('dev')).toHaveLength(1);
    expect(await backend.probe()).toEqual({ checks: [], observed: {} });
    expect(provider.calls.map((recorded) => recorded.method)).toEqual(['listVersions', 'probe']);
  });

  it('requires a version id', async () => {
    const { provider, backend } = setup();
    await rejection(backend.readVersion('dev', ''), 'INVALID_ARGUMENT');
    expect(provider.calls).toEqual([]);
  });
});

describe('provider errors', () => {
  it('wraps a stray Error as BACKEND_ERROR, keeping it as the cause', async () => {
    const { provider, backend } = setup();
    const stray = new TypeError('Cannot read properties of undefined');
    provider.failNextWith(stray);
    const error = await rejection(backend.readState('dev'), 'BACKEND_ERROR');
    expect(error.cause).toBe(stray);
    expect(error.message).toBe('recording: failed to read state of "dev": Cannot read properties of undefined');
  });

  it('wraps thrown non-errors too', async () => {
    const { provider, backend } = setup();
    provider.failNextWith('plain string');
    const error = await rejection(backend.listWorkspaces(), 'BACKEND_ERROR');
    expect(error.cause).toBe('plain string');
    expect(error.message).toContain('plain string');
  });

  it('passes BackendErrors through untouched, subclasses and foreign copies included', async () => {
    const { provider, backend } = setup();
    const conflict = new LockConflictError({
      ID: 'other',
      Operation: 'OperationTypeApply',
      Info: '',
      Who: 'bob@ci',
      Version: '1.11.4',
      Created: '2021-09-27T00:10:27Z',
      Path: 'recording/dev',
    });
    provider.failNextWith(conflict);
    await expect(backend.lock('dev')).rejects.toBe(conflict);

    const foreign = Object.assign(new Error('from another copy'), {
      code: 'AUTH',
      [Symbol.for('x.backend.error')]: true,
    });
    provider.failNextWith(foreign);
    await expect(backend.writeState('dev', bytesOf('{}'))).rejects.toBe(foreign);
  });
});

describe('locks', () => {
  it('fills a generated ID, Who and the other defaults', async () => {
    const { provider, backend } = setup();
    const id = await backend.lock('dev', { Operation: 'OperationTypeApply' });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const sent = provider.calls[0]?.args[1] as LockInfo;
    expect(sent).toEqual({
      ID: id,
      Operation: 'OperationTypeApply',
      Info: '',
      Who: currentWho(),
      Version: '1.11.4',
      Created: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d*[1-9])?Z$/),
      Path: '',
    });
    expect(await backend.lock('prod')).not.toBe(id);
  });

  it('keeps the fields the caller gives, and replaces an empty or undefined one with its default', async () => {
    const { provider, backend } = setup();
    const given: LockInfo = {
      ID: 'given-id',
      Operation: 'state-push',
      Info: 'by CI <job 7>',
      Who: '',
      Version: '1.10.5',
      Created: '2025-06-01T12:00:00.123456789Z',
      Path: 'ignored by the provider',
    };
    expect(await backend.lock('dev', given)).toBe('given-id');
    expect(provider.calls[0]?.args[1]).toEqual(given);

    await backend.lock('prod', { ID: '', Who: undefined, Operation: undefined });
    const filled = provider.calls[1]?.args[1] as LockInfo;
    expect(filled.ID).toMatch(/^[0-9a-f]{8}-/);
    expect(filled.Who).toBe(currentWho());
    expect(filled.Operation).toBe('OperationTypeInvalid');
  });

  it('refuses LockInfo fields that Terraform could not read', async () => {
    const { provider, backend } = setup();
    await rejection(backend.lock('dev', { Info: 42 as unknown as string }), 'INVALID_ARGUMENT');
    await rejection(backend.lock('dev', { ID: null as unknown as string }), 'INVALID_ARGUMENT');
    const error = await rejection(backend.lock('dev', { Created: '2025-06-01 12:00:00' }), 'INVALID_ARGUMENT');
    expect(error.hint).toContain('formatGoRfc3339Nano');
    expect(provider.calls).toEqual([]);
  });

  it('requires a lock id to unlock or force-unlock', async () => {
    const { provider, backend } = setup();
    await rejection(backend.unlock('dev', ''), 'INVALID_ARGUMENT');
    await rejection(backend.forceUnlock('dev', ''), 'INVALID_ARGUMENT');
    await rejection(backend.unlock('dev', undefined as unknown as string), 'INVALID_ARGUMENT');
    expect(provider.calls).toEqual([]);
  });

  it('returns a copy of the holder from readLock', async () => {
    const { provider, backend } = setup();
    expect(await backend.readLock('dev')).toBeUndefined();
    const id = await backend.lock('dev', { Operation: 'OperationTypePlan' });
    const holder = await backend.readLock('dev');
    expect(holder?.ID).toBe(id);
    expect(holder?.Path).toBe('recording/dev');
    if (holder) holder.ID = 'changed';
    expect(provider.locks.get('dev')?.ID).toBe(id);
  });

  it('passes unlock and forceUnlock through with the id', async () => {
    const { provider, backend } = setup();
    await backend.unlock('dev', 'id-1');
    await backend.forceUnlock('dev', 'id-2');
    expect(provider.calls).toEqual([
      { method: 'unlock', args: ['dev', 'id-1'] },
      { method: 'forceUnlock', args: ['dev', 'id-2'] },
    ]);
  });
});
