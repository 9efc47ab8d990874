import { describe, expect, it } from 'vitest';
import { createStateBackend } from '../src/backend/state-backend.js';
import { BackendError } from '../src/errors/backend-error.js';
import { LockConflictError, LockMismatchError } from '../src/errors/lock-conflict-error.js';
import { StateConflictError } from '../src/errors/state-conflict-error.js';
import { createLockInfo, encodeLockInfo, parseLockInfo } from '../src/lock/lock-info.js';
import { MemoryStore, createMemoryProvider, memoryLockKey, memoryStateKey } from '../src/memory/index.js';

const text = (value: string) => new TextEncoder().encode(value);
const decode = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : new TextDecoder().decode(bytes));

function twoClients() {
  const store = new MemoryStore();
  return {
    store,
    first: createStateBackend(createMemoryProvider({ store })),
    second: createStateBackend(createMemoryProvider({ store })),
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('memory provider: identity and capabilities', () => {
  it('declares the reference capability set, frozen', () => {
    const provider = createMemoryProvider();
    expect(provider.contractVersion).toBe(1);
    expect(provider.name).toBe('memory');
    expect(provider.capabilities).toEqual({
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
    expect(Object.isFrozen(provider.capabilities)).toBe(true);
    expect(provider.probe).toBeUndefined();
  });

  it('refuses probe through the backend facade with UNSUPPORTED', async () => {
    const backend = createStateBackend(createMemoryProvider());
    const error = await rejection(backend.probe());
    expect(BackendError.hasCode(error, 'UNSUPPORTED')).toBe(true);
  });

  it('refuses non-ASCII workspace names (unicodeWorkspaceNames is false)', async () => {
    const backend = createStateBackend(createMemoryProvider());
    const error = await rejection(backend.writeState('prod-é', text('{}')));
    expect(BackendError.hasCode(error, 'INVALID_WORKSPACE_NAME')).toBe(true);
  });
});

describe('memory provider: states and workspaces', () => {
  it('reads undefined for a workspace without state and lists only default', async () => {
    const backend = createStateBackend(createMemoryProvider());
    expect(await backend.readState('default')).toBeUndefined();
    expect(await backend.listWorkspaces()).toEqual(['default']);
  });

  it('stores bytes under the S3 key layout and reads them back with etag, version and time', async () => {
    const { store, first } = twoClients();
    const written = await first.writeState('default', text('one'));
    await first.writeState('staging', text('two'));
    expect(store.listKeys()).toEqual(['env:/staging/terraform.tfstate', 'terraform.tfstate']);
    const read = await first.readState('default');
    expect(decode(read?.bytes)).toBe('one');
    expect(read?.etag).toBe(written.etag);
    expect(read?.etag).toBe('"f97c5d29941bfb1b2fdab0874906ab82"');
    expect(read?.versionId).toBe(written.versionId);
    expect(read?.lastModified).toBeInstanceOf(Date);
    expect(read?.digest).toBeUndefined();
    expect(decode(store.readRaw(memoryStateKey('staging')))).toBe('two');
  });

  it('changes the etag when the bytes change and shares state across clients', async () => {
    const { first, second } = twoClients();
    const a = await first.writeState('default', text('a'));
    const b = await second.writeState('default', text('b'));
    expect(a.etag).not.toBe(b.etag);
    expect(decode((await first.readState('default'))?.bytes)).toBe('b');
  });

  it('lists workspaces with a state, default first, then sorted', async () => {
    const { store, first } = twoClients();
    await first.writeState('zeta', text('z'));
    await first.writeState('alpha', text('a'));
    store.writeRaw('other-project/terraform.tfstate', 'x');
    store.writeRaw('env:/alpha/terraform.tfstate.tflock', 'x');
    store.writeRaw('env:/nested/deeper/terraform.tfstate', 'x');
    expect(await first.listWorkspaces()).toEqual(['default', 'alpha', 'zeta']);
  });

  it('treats a zero-length raw object as no state', async () => {
    const { store, first } = twoClients();
    store.writeRaw(memoryStateKey('default'), new Uint8Array());
    expect(await first.readState('default')).toBeUndefined();
  });

  it('never aliases stored bytes with caller buffers', async () => {
    const { store, first } = twoClients();
    const buffer = text('original');
    await first.writeState('default', buffer);
    buffer[0] = 0x58;
    const read = await first.readState('default');
    read!.bytes[0] = 0x59;
    const raw = store.readRaw(memoryStateKey('default'));
    raw![0] = 0x5a;
    expect(decode((await first.readState('default'))?.bytes)).toBe('original');
  });

  it('deletes a state (missing resolves) and a workspace', async () => {
    const { store, first } = twoClients();
    await first.writeState('dev', text('d'));
    await first.deleteState('dev');
    expect(await first.readState('dev')).toBeUndefined();
    await first.deleteState('dev');
    await first.writeState('dev', text('d2'));
    await first.deleteWorkspace('dev');
    expect(await first.listWorkspaces()).toEqual(['default']);
    expect(store.listKeys()).toEqual([]);
    await first.deleteWorkspace('never-existed');
  });

  it('refuses deleting a workspace another client has locked, but not one this client holds', async () => {
    const { first, second } = twoClients();
    await first.writeState('dev', text('d'));
    const lockId = await first.lock('dev');
    const error = await rejection(second.deleteWorkspace('dev'));
    expect(error).toBeInstanceOf(LockConflictError);
    expect((error as LockConflictError).lock.ID).toBe(lockId);
    expect(await second.readState('dev')).toBeDefined();
    await first.deleteWorkspace('dev');
    expect(await first.readState('dev')).toBeUndefined();
    await first.unlock('dev', lockId);
  });
});

describe('memory provider: locking', () => {
  it('takes a lock, stores Go-encoded LockInfo with the path filled, and reads it back', async () => {
    const { store, first } = twoClients();
    const info = createLockInfo({ operation: 'OperationTypeApply', who: 'alice@host', now: new Date(0) });
    const id = await first.lock('staging', info);
    expect(id).toBe(info.ID);
    const expected = { ...info, Path: 'memory/env:/staging/terraform.tfstate' };
    expect(decode(store.readRaw(memoryLockKey('staging')))).toBe(encodeLockInfo(expected));
    expect(await first.readLock('staging')).toEqual(expected);
    expect(await first.readLock('default')).toBeUndefined();
  });

  it('excludes a second client and reports the holder', async () => {
    const { first, second } = twoClients();
    const id = await first.lock('default', { Operation: 'OperationTypePlan' });
    const error = await rejection(second.lock('default'));
    expect(error).toBeInstanceOf(LockConflictError);
    expect((error as LockConflictError).code).toBe('LOCK_CONFLICT');
    expect((error as LockConflictError).lock.ID).toBe(id);
    expect((error as LockConflictError).lock.Operation).toBe('OperationTypePlan');
  });

  it('excludes a second lock from the same client under another id', async () => {
    const backend = createStateBackend(createMemoryProvider());
    await backend.lock('default');
    expect(await rejection(backend.lock('default'))).toBeInstanceOf(LockConflictError);
  });

  it('resolves a retried lock with the same id', async () => {
    const { first, second } = twoClients();
    const info = createLockInfo();
    expect(await first.lock('default', info)).toBe(info.ID);
    expect(await first.lock('default', info)).toBe(info.ID);
    expect(await second.lock('default', info)).toBe(info.ID);
  });

  it('locks workspaces independently', async () => {
    const { first, second } = twoClients();
    await first.lock('one');
    await expect(second.lock('two')).resolves.toEqual(expect.any(String));
  });

  it('unlocks with the right id; a wrong id keeps the lock with LockMismatchError', async () => {
    const { first, second } = twoClients();
    const id = await first.lock('default');
    const error = await rejection(second.unlock('default', 'not-the-id'));
    expect(error).toBeInstanceOf(LockMismatchError);
    expect((error as LockMismatchError).code).toBe('LOCK_ID_MISMATCH');
    expect((error as LockMismatchError).lock.ID).toBe(id);
    expect((await first.readLock('default'))?.ID).toBe(id);
    await first.unlock('default', id);
    expect(await first.readLock('default')).toBeUndefined();
    await expect(second.lock('default')).resolves.toEqual(expect.any(String));
  });

  it('rejects unlock and force-unlock of an unlocked workspace with LOCK_NOT_HELD', async () => {
    const backend = createStateBackend(createMemoryProvider());
    expect(BackendError.hasCode(await rejection(backend.unlock('default', 'x')), 'LOCK_NOT_HELD')).toBe(true);
    expect(BackendError.hasCode(await rejection(backend.forceUnlock('default', 'x')), 'LOCK_NOT_HELD')).toBe(true);
  });

  it('force-unlocks another client lock by id, with the same mismatch check', async () => {
    const { first, second } = twoClients();
    const id = await first.lock('default');
    expect(await rejection(second.forceUnlock('default', 'wrong'))).toBeInstanceOf(LockMismatchError);
    await second.forceUnlock('default', id);
    expect(await first.readLock('default')).toBeUndefined();
    expect(BackendError.hasCode(await rejection(first.unlock('default', id)), 'LOCK_NOT_HELD')).toBe(true);
  });

  it('keeps a lock when its client is dropped (lockSurvivesCrash)', async () => {
    const store = new MemoryStore();
    const crashed = createStateBackend(createMemoryProvider({ store }));
    const id = await crashed.lock('default');
    await crashed.close();
    const survivor = createStateBackend(createMemoryProvider({ store }));
    expect((await survivor.readLock('default'))?.ID).toBe(id);
    expect(await rejection(survivor.lock('default'))).toBeInstanceOf(LockConflictError);
  });

  it('treats a lock object written raw as held by a foreign client', async () => {
    const { store, first } = twoClients();
    const foreign = createLockInfo({ who: 'ci@runner' });
    store.writeRaw(memoryLockKey('default'), encodeLockInfo(foreign));
    expect((await first.readLock('default'))?.Who).toBe('ci@runner');
    expect(await rejection(first.lock('default'))).toBeInstanceOf(LockConflictError);
    expect(await rejection(first.writeState('default', text('x')))).toBeInstanceOf(LockConflictError);
  });

  it('reports an unparsable lock object as INVALID_LOCK_INFO', async () => {
    const { store, first } = twoClients();
    store.writeRaw(memoryLockKey('default'), 'not json');
    expect(BackendError.hasCode(await rejection(first.readLock('default')), 'INVALID_LOCK_INFO')).toBe(true);
    expect(BackendError.hasCode(await rejection(first.lock('default')), 'INVALID_LOCK_INFO')).toBe(true);
  });
});

describe('memory provider: writes check the lock', () => {
  it('accepts a write with the held lock id and without an id from the holding client', async () => {
    const { first } = twoClients();
    const id = await first.lock('default');
    await first.writeState('default', text('with id'), { lockId: id });
    await first.writeState('default', text('same client'));
    await first.deleteState('default', { lockId: id });
    expect(await first.readState('default')).toBeUndefined();
  });

  it('refuses writes and deletes from another client while locked', async () => {
    const { first, second } = twoClients();
    await first.writeState('default', text('before'));
    await first.lock('default');
    expect(await rejection(second.writeState('default', text('intruder')))).toBeInstanceOf(LockConflictError);
    expect(await rejection(second.deleteState('default'))).toBeInstanceOf(LockConflictError);
    expect(decode((await second.readState('default'))?.bytes)).toBe('before');
  });

  it('refuses a foreign lock id with LockConflictError naming the holder', async () => {
    const { first } = twoClients();
    const id = await first.lock('default');
    const error = await rejection(first.writeState('default', text('x'), { lockId: 'stale' }));
    expect(error).toBeInstanceOf(LockConflictError);
    expect((error as LockConflictError).lock.ID).toBe(id);
  });

  it('refuses a lock id when nothing is locked with LOCK_NOT_HELD', async () => {
    const { first } = twoClients();
    const id = await first.lock('default');
    await first.forceUnlock('default', id);
    const write = await rejection(first.writeState('default', text('x'), { lockId: id }));
    expect(BackendError.hasCode(write, 'LOCK_NOT_HELD')).toBe(true);
    const remove = await rejection(first.deleteState('default', { lockId: id }));
    expect(BackendError.hasCode(remove, 'LOCK_NOT_HELD')).toBe(true);
    expect(await first.readState('default')).toBeUndefined();
  });
});

describe('memory provider: conditional writes', () => {
  it('writes with a matching ifMatch and refuses a stale one', async () => {
    const { first, second } = twoClients();
    const original = await first.writeState('default', text('v1'));
    const next = await first.writeState('default', text('v2'), { ifMatch: original.etag });
    const error = await rejection(second.writeState('default', text('v3'), { ifMatch: original.etag }));
    expect(error).toBeInstanceOf(StateConflictError);
    expect((error as StateConflictError).code).toBe('STATE_CONFLICT');
    expect((error as StateConflictError).local?.etag).toBe(original.etag);
    expect((error as StateConflictError).remote?.etag).toBe(next.etag);
    expect(decode((await first.readState('default'))?.bytes)).toBe('v2');
  });

  it('refuses ifMatch when no state exists', async () => {
    const backend = createStateBackend(createMemoryProvider());
    expect(await rejection(backend.writeState('default', text('x'), { ifMatch: '"abc"' }))).toBeInstanceOf(
      StateConflictError,
    );
    expect(await backend.readState('default')).toBeUndefined();
  });

  it('creates with ifNoneMatch only when no state exists', async () => {
    const { first, second } = twoClients();
    await first.writeState('default', text('first'), { ifNoneMatch: true });
    const error = await rejection(second.writeState('default', text('second'), { ifNoneMatch: true }));
    expect(error).toBeInstanceOf(StateConflictError);
    expect(decode((await first.readState('default'))?.bytes)).toBe('first');
  });
});

describe('memory provider: versions', () => {
  it('lists versions newest first with sizes, latest flag and delete markers', async () => {
    const backend = createStateBackend(createMemoryProvider());
    const one = await backend.writeState('default', text('1'));
    const two = await backend.writeState('default', text('22'));
    await backend.deleteState('default');
    const three = await backend.writeState('default', text('333'));
    const versions = await backend.listVersions('default');
    expect(versions.map((entry) => [entry.versionId, entry.size, entry.isLatest, entry.isDeleteMarker])).toEqual([
      [three.versionId, 3, true, false],
      [expect.any(String), 0, false, true],
      [two.versionId, 2, false, false],
      [one.versionId, 1, false, false],
    ]);
    expect(versions.every((entry) => entry.lastModified instanceof Date)).toBe(true);
    expect(decode((await backend.readVersion('default', one.versionId!)).bytes)).toBe('1');
    expect((await backend.readVersion('default', two.versionId!)).etag).toBe(two.etag);
  });

  it('returns no versions for a workspace never written', async () => {
    const backend = createStateBackend(createMemoryProvider());
    expect(await backend.listVersions('default')).toEqual([]);
  });

  it('rejects unknown version ids and delete markers with VERSION_NOT_FOUND', async () => {
    const backend = createStateBackend(createMemoryProvider());
    await backend.writeState('default', text('1'));
    await backend.deleteState('default');
    const [marker] = await backend.listVersions('default');
    expect(BackendError.hasCode(await rejection(backend.readVersion('default', 'nope')), 'VERSION_NOT_FOUND')).toBe(true);
    expect(BackendError.hasCode(await rejection(backend.readVersion('default', marker!.versionId)), 'VERSION_NOT_FOUND')).toBe(
      true,
    );
  });

  it('keeps versions per workspace', async () => {
    const backend = createStateBackend(createMemoryProvider());
    const dev = await backend.writeState('dev', text('d'));
    await backend.writeState('prod', text('p'));
    expect((await backend.listVersions('dev')).map((entry) => entry.versionId)).toEqual([dev.versionId]);
    expect(BackendError.hasCode(await rejection(backend.readVersion('prod', dev.versionId!)), 'VERSION_NOT_FOUND')).toBe(
      true,
    );
  });
});

describe('memory store: raw access', () => {
  it('writes, reads, lists and deletes raw objects', () => {
    const store = new MemoryStore({ name: 'bucket' });
    expect(store.name).toBe('bucket');
    store.writeRaw('b', 'two');
    store.writeRaw('a', text('one'));
    expect(store.listKeys()).toEqual(['a', 'b']);
    expect(decode(store.readRaw('a'))).toBe('one');
    expect(store.deleteRaw('a')).toBe(true);
    expect(store.deleteRaw('a')).toBe(false);
    expect(store.readRaw('a')).toBeUndefined();
    expect(store.listKeys()).toEqual(['b']);
  });

  it('lets a harness replace a lock record and the provider reads it as stored', async () => {
    const store = new MemoryStore();
    const backend = createStateBackend(createMemoryProvider({ store }));
    await backend.lock('default');
    const replacement = createLockInfo({ who: 'someone@else' });
    store.writeRaw(memoryLockKey('default'), encodeLockInfo(replacement));
    expect(parseLockInfo(store.readRaw(memoryLockKey('default'))!)).toEqual(replacement);
    expect(await rejection(backend.writeState('default', text('x')))).toBeInstanceOf(LockConflictError);
    await backend.forceUnlock('default', replacement.ID);
    expect(store.listKeys()).toEqual([]);
  });
});
