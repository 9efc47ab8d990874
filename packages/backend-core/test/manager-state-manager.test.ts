import { describe, expect, it } from 'vitest';
import { createStateBackend, type StateBackend } from '../src/backend/state-backend.js';
import { BackendError } from '../src/errors/backend-error.js';
import { StateConflictError } from '../src/errors/state-conflict-error.js';
import { DEFAULT_TOOL_VERSION } from '../src/lock/lock-info.js';
import { StateManager, checkImport, isEmptyState } from '../src/manager/index.js';
import { MemoryStore, createMemoryProvider, memoryStateKey } from '../src/memory/index.js';
import { createEmptyState, parseState, serializeState, type TerraformState } from '../src/state/index.js';

const lineageA = 'aaaaaaaa-0000-0000-0000-000000000001';
const lineageB = 'bbbbbbbb-0000-0000-0000-000000000002';

function setup() {
  const store = new MemoryStore();
  const backend = createStateBackend(createMemoryProvider({ store }));
  return { store, backend, manager: new StateManager(backend, 'default') };
}

function stateWith(options: { lineage?: string; serial?: number; output?: string; terraformVersion?: string }): TerraformState {
  const state = createEmptyState({
    lineage: options.lineage ?? lineageA,
    serial: options.serial ?? 1,
    terraformVersion: options.terraformVersion ?? '1.9.0',
  });
  if (options.output !== undefined) {
    state.outputs.greeting = { value: options.output, type: 'string', sensitive: false, rawValue: JSON.stringify(options.output) };
  }
  return state;
}

async function seed(backend: StateBackend, state: TerraformState): Promise<void> {
  await backend.writeState('default', serializeState(state));
}

async function remote(backend: StateBackend): Promise<TerraformState | undefined> {
  const stored = await backend.readState('default');
  return stored === undefined ? undefined : parseState(stored.bytes);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('StateManager.refresh', () => {
  it('returns undefined when there is no state', async () => {
    const { manager } = setup();
    expect(manager.workspace).toBe('default');
    expect(await manager.refresh()).toBeUndefined();
    expect(manager.state).toBeUndefined();
  });

  it('parses the remote state and remembers it', async () => {
    const { backend, manager } = setup();
    await seed(backend, stateWith({ serial: 5, output: 'hi' }));
    const state = await manager.refresh();
    expect(state).toMatchObject({ serial: 5, lineage: lineageA });
    expect(state?.outputs.greeting?.value).toBe('hi');
    expect(manager.state).toBe(state);
  });

  it('forgets a state that was deleted since the last read', async () => {
    const { backend, manager } = setup();
    await seed(backend, stateWith({}));
    await manager.refresh();
    await backend.deleteState('default');
    expect(await manager.refresh()).toBeUndefined();
    expect(manager.state).toBeUndefined();
  });

  it('refuses an encrypted remote and never overwrites it', async () => {
    const { store, backend, manager } = setup();
    const envelope = '{"serial":1,"lineage":"x","meta":{},"encrypted_data":"AAAA","encryption_version":"v0"}';
    store.writeRaw(memoryStateKey('default'), envelope);
    expect(BackendError.hasCode(await rejection(manager.refresh()), 'ENCRYPTED_STATE')).toBe(true);
    expect(BackendError.hasCode(await rejection(manager.persist(stateWith({}))), 'ENCRYPTED_STATE')).toBe(true);
    expect(BackendError.hasCode(await rejection(manager.push(stateWith({}), { force: true })), 'ENCRYPTED_STATE')).toBe(true);
    expect(new TextDecoder().decode((await backend.readState('default'))?.bytes)).toBe(envelope);
  });

  it('reports an unparsable remote as INVALID_STATE', async () => {
    const { store, manager } = setup();
    store.writeRaw(memoryStateKey('default'), '{"version":4,');
    expect(BackendError.hasCode(await rejection(manager.refresh()), 'INVALID_STATE')).toBe(true);
  });
});

describe('StateManager.persist', () => {
  it('creates the first state with a new lineage and serial 1, stamping the tool version', async () => {
    const { backend, manager } = setup();
    const result = await manager.persist(stateWith({ lineage: lineageB, serial: 40, output: 'first' }));
    expect(result.written).toBe(true);
    expect(result.serial).toBe(1);
    expect(result.lineage).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(result.lineage).not.toBe(lineageB);
    expect(result.etag).toBe((await backend.readState('default'))?.etag);
    const stored = await remote(backend);
    expect(stored).toMatchObject({ serial: 1, lineage: result.lineage, terraformVersion: DEFAULT_TOOL_VERSION });
    expect(stored?.outputs.greeting?.value).toBe('first');
    expect(manager.state).toMatchObject({ serial: 1, lineage: result.lineage });
  });

  it('writes the Terraform layout by default', async () => {
    const { backend, manager } = setup();
    await manager.persist(stateWith({}));
    const text = new TextDecoder().decode((await backend.readState('default'))?.bytes);
    expect(text).toMatch(/^\{\n {2}"version": 4,\n {2}"terraform_version": "1\.11\.4",\n {2}"serial": 1,/);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('writes the OpenTofu layout and a chosen tool version when asked', async () => {
    const { backend } = setup();
    const manager = new StateManager(backend, 'default', { layout: 'opentofu', terraformVersion: '1.9.1' });
    await manager.persist(stateWith({}));
    const text = new TextDecoder().decode((await backend.readState('default'))?.bytes);
    expect(text).toMatch(/^\{"version":4,"terraform_version":"1\.9\.1","serial":1,"lineage":"[0-9a-f-]{36}","outputs":\{\}/);
  });

  it('does not write when the content is unchanged since the read', async () => {
    const { backend, manager } = setup();
    await seed(backend, stateWith({ serial: 7, output: 'same' }));
    const read = await manager.refresh();
    const result = await manager.persist(read!);
    expect(result).toEqual({ written: false, serial: 7, lineage: lineageA, etag: (await backend.readState('default'))?.etag });
    expect(await backend.listVersions('default')).toHaveLength(1);
  });

  it('does not write when only the metadata of the given state differs', async () => {
    const { backend, manager } = setup();
    await seed(backend, stateWith({ serial: 7, output: 'same' }));
    await manager.refresh();
    const result = await manager.persist(stateWith({ lineage: lineageB, serial: 1, output: 'same', terraformVersion: '0.15.0' }));
    expect(result.written).toBe(false);
    expect(await backend.listVersions('default')).toHaveLength(1);
  });

  it('increments the read serial and keeps the read lineage when the content changed', async () => {
    const { backend, manager } = setup();
    await seed(backend, stateWith({ serial: 7, output: 'old' }));
    await manager.refresh();
    const result = await manager.persist(stateWith({ lineage: lineageB, serial: 100, output: 'new' }));
    expect(result).toMatchObject({ written: true, serial: 8, lineage: lineageA });
    expect(await remote(backend)).toMatchObject({ serial: 8, lineage: lineageA, terraformVersion: DEFAULT_TOOL_VERSION });
  });

  it('compares the next persist against what it wrote last', async () => {
    const { backend, manager } = setup();
    await manager.persist(stateWith({ output: 'one' }));
    expect((await manager.persist(stateWith({ output: 'one' }))).written).toBe(false);
    expect((await manager.persist(stateWith({ output: 'two' }))).serial).toBe(2);
    expect((await manager.persist(stateWith({ output: 'three' }))).serial).toBe(3);
    expect(await backend.listVersions('default')).toHaveLength(3);
  });

  it('re-reads before the first write and builds on a state that appeared meanwhile', async () => {
    const { backend, manager } = setup();
    expect(await manager.refresh()).toBeUndefined();
    await seed(backend, stateWith({ lineage: lineageB, serial: 12, output: 'theirs' }));
    const unchanged = await manager.persist(stateWith({ output: 'theirs' }));
    expect(unchanged).toMatchObject({ written: false, serial: 12, lineage: lineageB });
    const changed = await manager.persist(stateWith({ output: 'mine' }));
    expect(changed).toMatchObject({ written: true, serial: 13, lineage: lineageB });
  });

  it('always writes over a remote whose serial is 0, as Terraform does', async () => {
    const { backend, manager } = setup();
    await seed(backend, stateWith({ serial: 0, output: 'x' }));
    await manager.refresh();
    expect(await manager.persist(stateWith({ output: 'x' }))).toMatchObject({ written: true, serial: 1, lineage: lineageA });
  });

  it('gives a lineage to a remote state that has none', async () => {
    const { backend, manager } = setup();
    await seed(backend, stateWith({ lineage: '', serial: 3, output: 'x' }));
    await manager.refresh();
    const result = await manager.persist(stateWith({ output: 'x' }));
    expect(result.written).toBe(true);
    expect(result.serial).toBe(4);
    expect(result.lineage).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('passes the lock id, so a write under a foreign lock is refused', async () => {
    const { store, backend, manager } = setup();
    const other = createStateBackend(createMemoryProvider({ store }));
    const lockId = await other.lock('default');
    const refused = await rejection(manager.persist(stateWith({}), { lockId: 'not-the-holder' }));
    expect(BackendError.hasCode(refused, 'LOCK_CONFLICT')).toBe(true);
    expect(await backend.readState('default')).toBeUndefined();
    expect((await manager.persist(stateWith({}), { lockId })).written).toBe(true);
  });
});

describe('StateManager.push', () => {
  it('stores the incoming serial and lineage as given when there is no remote', async () => {
    const { backend, manager } = setup();
    const result = await manager.push(stateWith({ lineage: lineageB, serial: 9, output: 'pushed' }));
    expect(result).toMatchObject({ written: true, serial: 9, lineage: lineageB });
    expect(await remote(backend)).toMatchObject({ serial: 9, lineage: lineageB, terraformVersion: DEFAULT_TOOL_VERSION });
  });

  it('generates a lineage and advances the serial for an incoming state without lineage', async () => {
    const { manager } = setup();
    const result = await manager.push(stateWith({ lineage: '', serial: 4 }));
    expect(result.serial).toBe(5);
    expect(result.lineage).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts a higher serial and stores it as serial + 1', async () => {
    const { backend, manager } = setup();
    await seed(backend, stateWith({ serial: 3, output: 'old' }));
    const result = await manager.push(stateWith({ serial: 10, output: 'new' }));
    expect(result).toMatchObject({ written: true, serial: 11, lineage: lineageA });
    expect((await remote(backend))?.outputs.greeting?.value).toBe('new');
  });

  it('accepts the same serial with the same content and writes nothing', async () => {
    const { backend, manager } = setup();
    await seed(backend, stateWith({ serial: 3, output: 'same' }));
    const result = await manager.push(stateWith({ serial: 3, output: 'same', terraformVersion: '1.0.0' }));
    expect(result).toMatchObject({ written: false, serial: 3, lineage: lineageA });
    expect(await backend.listVersions('default')).toHaveLength(1);
  });

  it('refuses an unrelated lineage with Terraform\'s message', async () => {
    const { backend, manager } = setup();
    await seed(backend, stateWith({ serial: 3, output: 'theirs' }));
    const error = await rejection(manager.push(stateWith({ lineage: lineageB, serial: 9, output: 'mine' })));
    expect(error).toBeInstanceOf(StateConflictError);
    const conflict = error as StateConflictError;
    expect(conflict.code).toBe('STATE_CONFLICT');
    expect(conflict.message).toBe(`cannot import state with lineage "${lineageB}" over unrelated state with lineage "${lineageA}"`);
    expect(conflict.local).toEqual({ lineage: lineageB, serial: 9 });
    expect(conflict.remote).toEqual({ lineage: lineageA, serial: 3, etag: (await backend.readState('default'))?.etag });
    expect(conflict.hint).toContain('--force');
    expect((await remote(backend))?.outputs.greeting?.value).toBe('theirs');
  });

  it('refuses a lower serial with Terraform\'s message', async () => {
    const { backend, manager } = setup();
    await seed(backend, stateWith({ serial: 8, output: 'theirs' }));
    const error = await rejection(manager.push(stateWith({ serial: 5, output: 'theirs' })));
    expect(error).toBeInstanceOf(StateConflictError);
    expect((error as Error).message).toBe('cannot import state with serial 5 over newer state with serial 8');
    expect((error as StateConflictError).hint).toContain('--force');
  });

  it('refuses the same serial with different content with Terraform\'s message', async () => {
    const { backend, manager } = setup();
    await seed(backend, stateWith({ serial: 8, output: 'theirs' }));
    const error = await rejection(manager.push(stateWith({ serial: 8, output: 'mine' })));
    expect(error).toBeInstanceOf(StateConflictError);
    expect((error as Error).message).toBe(
      'cannot overwrite existing state with serial 8 with a different state that has the same serial',
    );
  });

  it('accepts anything over an empty remote state', async () => {
    const { backend, manager } = setup();
    await seed(backend, stateWith({ serial: 50 }));
    const result = await manager.push(stateWith({ lineage: lineageB, serial: 2, output: 'fresh' }));
    expect(result).toMatchObject({ written: true, serial: 3, lineage: lineageB });
  });

  it('accepts an incoming state without lineage over a remote one and gives it a lineage', async () => {
    const { backend, manager } = setup();
    await seed(backend, stateWith({ serial: 3, output: 'theirs' }));
    const result = await manager.push(stateWith({ lineage: '', serial: 4, output: 'mine' }));
    expect(result.serial).toBe(5);
    expect(result.lineage).not.toBe('');
  });

  it('skips every check with force and stores the incoming lineage at serial + 1', async () => {
    const { backend, manager } = setup();
    await seed(backend, stateWith({ serial: 8, output: 'theirs' }));
    const result = await manager.push(stateWith({ lineage: lineageB, serial: 2, output: 'mine' }), { force: true });
    expect(result).toMatchObject({ written: true, serial: 3, lineage: lineageB });
    expect(await remote(backend)).toMatchObject({ serial: 3, lineage: lineageB });
  });

  it('writes with the lock id given', async () => {
    const { backend, manager } = setup();
    const lockId = await backend.lock('default');
    await backend.forceUnlock('default', lockId);
    expect(BackendError.hasCode(await rejection(manager.push(stateWith({}), { lockId })), 'LOCK_NOT_HELD')).toBe(true);
  });
});

describe('checkImport and isEmptyState', () => {
  it('accepts anything when there is no remote', () => {
    expect(() => checkImport(stateWith({ serial: 0 }), undefined)).not.toThrow();
  });

  it('accepts a remote with an empty lineage', () => {
    expect(() => checkImport(stateWith({ serial: 5, output: 'a' }), stateWith({ lineage: '', serial: 5, output: 'b' }))).toThrow(
      /same serial/,
    );
    expect(() => checkImport(stateWith({ serial: 6, output: 'a' }), stateWith({ lineage: '', serial: 5, output: 'b' }))).not.toThrow();
  });

  it('compares content, not formatting or tool version, at equal serials', () => {
    const incoming = parseState(serializeState(stateWith({ serial: 4, output: 'x' }), { layout: 'opentofu' }));
    incoming.terraformVersion = '1.0.0';
    expect(() => checkImport(incoming, stateWith({ serial: 4, output: 'x' }))).not.toThrow();
  });

  it('treats a state with outputs or resources as not empty', () => {
    expect(isEmptyState(stateWith({}))).toBe(true);
    expect(isEmptyState(stateWith({ output: 'x' }))).toBe(false);
    expect(isEmptyState(parseState('{"version":4,"terraform_version":"1.0.0","resources":[{"mode":"managed","type":"t","name":"n"}]}'))).toBe(
      false,
    );
  });
});
