import type { StateBackend } from '../../backend/state-backend.js';
import { check, expectBytes, expectEqual, expectRejection } from '../assertions.js';
import { defineCase } from '../conformance-case.js';
import { sampleState, utf8 } from '../payloads.js';

/** Terraform's order: `default` first, then code-unit order. */
function terraformOrder(names: Iterable<string>): string[] {
  const others = [...new Set(names)].filter((name) => name !== 'default');
  others.sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
  return ['default', ...others];
}

/** Lists through the facade and checks the provider's own answer has no duplicates or strays. */
async function listExactly(backend: StateBackend, expected: Iterable<string>, what: string): Promise<void> {
  const wanted = terraformOrder(expected);
  expectEqual(await backend.listWorkspaces(), wanted, what);
  const raw = await backend.provider.listWorkspaces();
  const duplicates = raw.filter((name, index) => raw.indexOf(name) !== index);
  check(duplicates.length === 0, `${what}: provider.listWorkspaces() reported ${JSON.stringify(duplicates)} more than once`);
  expectEqual(terraformOrder(raw), wanted, `${what} (provider.listWorkspaces() itself)`);
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function inBatches<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(workers);
}

const invalidNames = ['', 'two words', 'a/b', '../etc/passwd', '%41'];

/** Group D: workspaces are created by writes, listed exactly and deleted cleanly. */
export const workspaceCases = [
  defineCase('initial-list', {
    title: 'a fresh namespace lists exactly ["default"]',
    async run({ a }) {
      await listExactly(a, ['default'], 'workspaces of a fresh namespace');
    },
  }),

  defineCase('created-by-write', {
    title: 'reading a workspace does not create it; writing it does',
    async run({ a }) {
      expectEqual(await a.readState('foo'), undefined, 'reading "foo" before any write');
      await listExactly(a, ['default'], 'workspaces after reading "foo"');
      await a.writeState('foo', sampleState());
      await listExactly(a, ['default', 'foo'], 'workspaces after writing "foo"');
    },
  }),

  defineCase('distinct-workspaces', {
    title: 'workspaces keep their own bytes, also seen from a new client',
    async run({ a, client }) {
      const foo = sampleState({ marker: 'foo' });
      const bar = sampleState({ marker: 'bar' });
      const base = sampleState({ marker: 'default' });
      await a.writeState('foo', foo);
      await a.writeState('bar', bar);
      await a.writeState('default', base);
      const b = await client();
      for (const reader of [a, b]) {
        expectBytes((await reader.readState('foo'))?.bytes, foo, 'state of "foo"');
        expectBytes((await reader.readState('bar'))?.bytes, bar, 'state of "bar"');
        expectBytes((await reader.readState('default'))?.bytes, base, 'state of "default"');
      }
    },
  }),

  defineCase('list-order', {
    title: 'default first, then code-unit order, each name once',
    async run({ a }) {
      const names = ['zeta', 'Alpha', 'beta', '_under', '0-digit', '~tilde', 'beta-2', 'B'];
      for (const name of names) await a.writeState(name, utf8(name));
      await a.writeState('default', utf8('default'));
      await a.writeState('beta', utf8('beta again'));
      expectEqual(
        await a.listWorkspaces(),
        ['default', '0-digit', 'Alpha', 'B', '_under', 'beta', 'beta-2', 'zeta', '~tilde'],
        'workspace list order',
      );
      await listExactly(a, names, 'workspaces after writes and an overwrite');
    },
  }),

  defineCase('delete-workspace', {
    title: 'a deleted workspace is unlisted and reads none',
    async run({ a }) {
      await a.writeState('foo', sampleState());
      await a.writeState('bar', sampleState());
      await a.deleteWorkspace('foo');
      await listExactly(a, ['default', 'bar'], 'workspaces after deleting "foo"');
      expectEqual(await a.readState('foo'), undefined, 'state of a deleted workspace');
    },
  }),

  defineCase('default-undeletable', {
    title: "deleting 'default' or '' is refused and the state stays",
    async run({ a }) {
      const bytes = sampleState();
      await a.writeState('default', bytes);
      await expectRejection(a.deleteWorkspace('default'), 'DEFAULT_WORKSPACE', 'deleting "default"');
      await expectRejection(a.deleteWorkspace(''), ['DEFAULT_WORKSPACE', 'INVALID_WORKSPACE_NAME'], 'deleting ""');
      expectBytes((await a.readState('default'))?.bytes, bytes, 'default state after refused deletes');
    },
  }),

  defineCase('recreate-after-delete', {
    title: 'a deleted then rewritten workspace starts clean: no state, no digest mismatch, no lock',
    async run({ a, capabilities }) {
      await a.writeState('foo', sampleState({ serial: 7 }));
      if (capabilities.locking) await a.unlock('foo', await a.lock('foo'));
      await a.deleteWorkspace('foo');
      expectEqual(await a.readState('foo'), undefined, 'state of "foo" before it is rewritten');
      if (capabilities.locking) expectEqual(await a.readLock('foo'), undefined, 'lock of the recreated "foo"');
      const fresh = sampleState({ serial: 1 });
      await a.writeState('foo', fresh);
      expectBytes((await a.readState('foo'))?.bytes, fresh, 'state of the recreated "foo"');
      await listExactly(a, ['default', 'foo'], 'workspaces after recreating "foo"');
    },
  }),

  defineCase('delete-missing-workspace', {
    title: 'deleting a workspace that never existed resolves and changes nothing',
    async run({ a }) {
      await a.writeState('kept', sampleState());
      await a.deleteWorkspace('never-existed');
      await listExactly(a, ['default', 'kept'], 'workspaces after deleting a missing one');
    },
  }),

  defineCase('invalid-names', {
    title: "every method refuses invalid names with INVALID_WORKSPACE_NAME; '-._~@:' works",
    async run({ a }) {
      for (const name of invalidNames) {
        const calls: Array<[string, () => Promise<unknown>]> = [
          ['readState', () => a.readState(name)],
          ['writeState', () => a.writeState(name, utf8('x'))],
          ['deleteState', () => a.deleteState(name)],
          ['lock', () => a.lock(name)],
          ['unlock', () => a.unlock(name, 'some-id')],
          ['forceUnlock', () => a.forceUnlock(name, 'some-id')],
          ['readLock', () => a.readLock(name)],
          ['listVersions', () => a.listVersions(name)],
          ['readVersion', () => a.readVersion(name, 'some-version')],
        ];
        if (name !== '') calls.push(['deleteWorkspace', () => a.deleteWorkspace(name)]);
        for (const [method, call] of calls) {
          await expectRejection(call, 'INVALID_WORKSPACE_NAME', `${method}(${JSON.stringify(name)})`);
        }
      }
      await listExactly(a, ['default'], 'workspaces after refused names');
      const punctuation = '-._~@:';
      const bytes = utf8('punctuation');
      await a.writeState(punctuation, bytes);
      expectBytes((await a.readState(punctuation))?.bytes, bytes, `state of "${punctuation}"`);
      await listExactly(a, ['default', punctuation], `workspaces after writing "${punctuation}"`);
    },
  }),

  defineCase('dot-names-never-alias', {
    title: "'.' and '..' are refused and never reach the default state",
    async run({ a }) {
      const bytes = sampleState();
      await a.writeState('default', bytes);
      for (const name of ['.', '..']) {
        await expectRejection(a.writeState(name, utf8('alias')), 'INVALID_WORKSPACE_NAME', `writeState("${name}")`);
        await expectRejection(a.readState(name), 'INVALID_WORKSPACE_NAME', `readState("${name}")`);
        await expectRejection(a.deleteWorkspace(name), 'INVALID_WORKSPACE_NAME', `deleteWorkspace("${name}")`);
      }
      expectBytes((await a.readState('default'))?.bytes, bytes, 'default state after dot names');
      await listExactly(a, ['default'], 'workspaces after dot names');
    },
  }),

  defineCase('unicode-names', {
    title: 'non-ASCII names are refused unless unicodeWorkspaceNames is claimed; then stored unnormalised',
    async run({ a, capabilities }) {
      const names = ['prod-\u00fc', '\u30ef\u30fc\u30af', 'caf\u00e9', 'cafe\u0301'];
      if (!capabilities.unicodeWorkspaceNames) {
        for (const name of names) {
          await expectRejection(a.writeState(name, utf8(name)), 'INVALID_WORKSPACE_NAME', `writeState(${JSON.stringify(name)})`);
        }
        await listExactly(a, ['default'], 'workspaces after refused unicode names');
        return;
      }
      for (const name of names) await a.writeState(name, utf8(name));
      for (const name of names) expectBytes((await a.readState(name))?.bytes, utf8(name), `state of ${JSON.stringify(name)}`);
      await listExactly(a, names, 'unicode workspaces (NFC and NFD spellings stay distinct)');
    },
  }),

  defineCase('lookalike-names', {
    title: 'env, env-1, env:, a, ab and default-2 coexist independently and list exactly',
    async run({ a }) {
      const names = ['env', 'env-1', 'env:', 'a', 'ab', 'default-2'];
      for (const name of names) await a.writeState(name, utf8(`state of ${name}`));
      for (const name of names) {
        expectBytes((await a.readState(name))?.bytes, utf8(`state of ${name}`), `state of "${name}"`);
      }
      expectEqual(await a.readState('default'), undefined, 'default state next to lookalikes');
      await listExactly(a, names, 'lookalike workspaces');
      await a.deleteWorkspace('a');
      expectBytes((await a.readState('ab'))?.bytes, utf8('state of ab'), 'state of "ab" after deleting "a"');
      await listExactly(a, names.filter((name) => name !== 'a'), 'lookalike workspaces after deleting "a"');
    },
  }),

  defineCase('many-workspaces', {
    title: 'manyWorkspaces workspaces (more than a listing page) are each listed once',
    async run({ a, options }) {
      const names = Array.from({ length: options.manyWorkspaces }, (_, index) => `ws-${String(index).padStart(5, '0')}`);
      await inBatches(names, 32, (name) => a.writeState(name, utf8(name)));
      await listExactly(a, names, `${names.length} workspaces`);
    },
  }),

  defineCase('lock-without-write-leaves-nothing', {
    title: 'locking and unlocking a workspace that was never written leaves no workspace and no keys',
    requires: ['locking'],
    async run(context) {
      const { a, harness } = context;
      const before = harness.inspect ? await context.keys() : undefined;
      const id = await a.lock('ghost', { Operation: 'OperationTypeApply' });
      await listExactly(a, ['default'], 'workspaces while "ghost" is locked');
      await a.unlock('ghost', id);
      await listExactly(a, ['default'], 'workspaces after locking "ghost"');
      expectEqual(await a.readState('ghost'), undefined, 'state of "ghost"');
      if (before !== undefined) expectEqual(await context.keys(), before, 'raw keys after lock/unlock without a write');
    },
  }),

  defineCase('delete-removes-artifacts', {
    title: 'after deleteWorkspace no state, digest or lock key remains',
    requires: ['inspect'],
    async run(context) {
      const { a, capabilities } = context;
      const before = await context.keys();
      if (capabilities.locking) {
        const id = await a.lock('doomed', { Operation: 'OperationTypeApply' });
        await a.writeState('doomed', sampleState(), { lockId: id });
        await a.unlock('doomed', id);
      } else {
        await a.writeState('doomed', sampleState());
      }
      check((await context.keys()).length > before.length, 'writing "doomed" added no raw key the inspector can see');
      await a.deleteWorkspace('doomed');
      expectEqual(await context.keys(), before, 'raw keys after deleting "doomed"');
    },
  }),

  defineCase('delete-while-foreign-locked', {
    title: "deleting a workspace another client holds is refused with LockConflictError; the state stays",
    requires: ['locking'],
    async run({ a, client }) {
      const bytes = sampleState();
      await a.writeState('foo', bytes);
      const b = await client();
      const id = await b.lock('foo', { Operation: 'OperationTypeApply' });
      const error = await expectRejection(a.deleteWorkspace('foo'), 'LOCK_CONFLICT', 'deleting a workspace B holds');
      expectEqual((error as { lock?: { ID?: string } }).lock?.ID, id, 'holder id in the conflict');
      expectBytes((await a.readState('foo'))?.bytes, bytes, 'state after the refused delete');
      await b.unlock('foo', id);
    },
  }),
];
