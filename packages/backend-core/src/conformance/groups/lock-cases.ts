import { encodeLockInfo, generateLockId, type LockInfo } from '../../lock/lock-info.js';
import { check, expectEqual, expectRejection } from '../assertions.js';
import { defineCase, type CaseContext } from '../conformance-case.js';
import { utf8 } from '../payloads.js';

const lockIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A LockInfo whose every field a caller sets; the provider only fills `Path`. */
export function fullLockInfo(overrides: Partial<LockInfo> = {}): Omit<LockInfo, 'Path'> {
  return {
    ID: generateLockId(),
    Operation: 'OperationTypeApply',
    Info: 'conformance suite',
    Who: 'tester@conformance.invalid',
    Version: '1.11.4',
    Created: '2026-11-21T10:20:30.123456789Z',
    ...overrides,
  };
}

/** Fails unless `actual` has `expected`'s fields exactly and a non-empty Path. */
export function expectLockInfo(actual: LockInfo | undefined, expected: Omit<LockInfo, 'Path'>, what: string): void {
  check(actual !== undefined, `${what}: expected lock ${expected.ID}, found no lock`);
  const { Path: path, ...fields } = actual;
  expectEqual(fields, expected, what);
  check(typeof path === 'string' && path !== '', `${what}: Path is empty; the provider must say where the lock lives`);
}

const hostileInfo =
  '<script>&amp;</script> \u2028\u2029 \u0001\u0007\u001f\t\n\r " \\ \u{1F512}\u{1F468}\u200D\u{1F469} ' + 'x'.repeat(4096);

async function rawRecordsMatching(context: CaseContext, text: string): Promise<string[]> {
  const wanted = Buffer.from(utf8(text));
  const found: string[] = [];
  for (const key of await context.keys()) {
    const raw = await context.inspect.readRaw(context.namespace, key);
    if (raw !== undefined && Buffer.from(raw).equals(wanted)) found.push(key);
  }
  return found;
}

/** Group E: one workspace's lock, through one or two clients. */
export const lockCases = [
  defineCase('lock-returns-id', {
    title: "lock returns the caller's ID, or a generated 8-4-4-4-12 hex id",
    perWorkspace: true,
    requires: ['locking'],
    async run({ a, workspace }) {
      const given = generateLockId();
      expectEqual(await a.lock(workspace, { ID: given }), given, 'id returned for a caller-chosen ID');
      await a.unlock(workspace, given);
      const generated = await a.lock(workspace);
      check(lockIdPattern.test(generated), `generated lock id ${JSON.stringify(generated)} is not 8-4-4-4-12 lowercase hex`);
      expectEqual((await a.readLock(workspace))?.ID, generated, 'stored ID of a generated lock');
      await a.unlock(workspace, generated);
    },
  }),

  defineCase('lock-ids-unique', {
    title: '100 lock/unlock cycles without a caller id give 100 distinct ids',
    perWorkspace: true,
    requires: ['locking'],
    async run({ a, workspace }) {
      const ids = new Set<string>();
      for (let cycle = 0; cycle < 100; cycle += 1) {
        const id = await a.lock(workspace);
        check(id !== '', 'lock returned an empty id');
        ids.add(id);
        await a.unlock(workspace, id);
      }
      expectEqual(ids.size, 100, 'distinct ids over 100 lock cycles');
    },
  }),

  defineCase('readlock', {
    title: 'readLock is none when unlocked; when locked both clients get every field exactly',
    perWorkspace: true,
    requires: ['locking'],
    async run({ a, client, workspace }) {
      const b = await client();
      expectEqual(await a.readLock(workspace), undefined, 'readLock of an unlocked workspace');
      const info = fullLockInfo();
      await a.lock(workspace, info);
      expectLockInfo(await a.readLock(workspace), info, "the holder's readLock");
      expectLockInfo(await b.readLock(workspace), info, "another client's readLock");
      await a.unlock(workspace, info.ID);
      expectEqual(await b.readLock(workspace), undefined, 'readLock after unlock');
    },
  }),

  defineCase('lockinfo-fidelity', {
    title: 'HTML characters, U+2028/9, control characters, emoji, 4 KiB Info and both time forms round-trip',
    perWorkspace: true,
    requires: ['locking'],
    async run(context) {
      const { a, client, workspace, harness } = context;
      const b = await client();
      for (const created of ['2026-11-21T10:20:30.123456789Z', '2026-11-21T10:20:30Z']) {
        const info = fullLockInfo({ Info: hostileInfo, Who: 'ren\u00e9@h\u00f4te-\u{1F5A5}', Operation: 'state-push <&>', Created: created });
        await a.lock(workspace, info);
        const stored = await b.readLock(workspace);
        expectLockInfo(stored, info, `LockInfo with Created ${created}`);
        if (harness.inspect && stored !== undefined) {
          const records = await rawRecordsMatching(context, encodeLockInfo(stored));
          check(
            records.length === 1,
            'no raw record equals the Go encoding of the stored LockInfo (OpenTofu compares the Info bytes before unlocking)',
          );
        }
        await a.unlock(workspace, info.ID);
      }
    },
  }),

  defineCase('unlock-releases', {
    title: 'after unlock readLock is none and the workspace can be locked again',
    perWorkspace: true,
    requires: ['locking'],
    async run({ a, workspace }) {
      const id = await a.lock(workspace);
      await a.unlock(workspace, id);
      expectEqual(await a.readLock(workspace), undefined, 'readLock after unlock');
      const again = await a.lock(workspace);
      check(again !== id, 'relocking returned the released id');
      await a.unlock(workspace, again);
    },
  }),

  defineCase('double-unlock-refused', {
    title: 'a second unlock with the same id gets LOCK_NOT_HELD',
    perWorkspace: true,
    requires: ['locking'],
    async run({ a, workspace }) {
      const id = await a.lock(workspace);
      await a.unlock(workspace, id);
      await expectRejection(a.unlock(workspace, id), 'LOCK_NOT_HELD', 'the second unlock');
    },
  }),

  defineCase('unlock-wrong-id', {
    title: "a random or another workspace's id gets LOCK_ID_MISMATCH with the holder; the lock stays",
    perWorkspace: true,
    requires: ['locking'],
    async run({ a, workspace, otherWorkspace }) {
      const id = await a.lock(workspace, { Operation: 'OperationTypeApply' });
      const otherId = await a.lock(otherWorkspace);
      for (const [label, wrong] of [
        ['a random id', generateLockId()],
        [`the id of "${otherWorkspace}"`, otherId],
      ] as const) {
        const error = await expectRejection(a.unlock(workspace, wrong), 'LOCK_ID_MISMATCH', `unlock with ${label}`);
        expectEqual((error as { lock?: LockInfo }).lock?.ID, id, `holder id reported when unlocking with ${label}`);
        expectEqual((await a.readLock(workspace))?.ID, id, `holder after unlocking with ${label}`);
      }
      expectEqual((await a.readLock(otherWorkspace))?.ID, otherId, `lock of "${otherWorkspace}"`);
      await a.unlock(workspace, id);
      await a.unlock(otherWorkspace, otherId);
    },
  }),

  defineCase('unlock-when-unlocked', {
    title: 'unlocking a workspace never locked gets LOCK_NOT_HELD',
    perWorkspace: true,
    requires: ['locking'],
    async run({ a, workspace }) {
      await expectRejection(a.unlock(workspace, generateLockId()), 'LOCK_NOT_HELD', 'unlocking an unlocked workspace');
    },
  }),

  defineCase('relock-same-id-idempotent', {
    title: 'relocking with the same ID resolves to it and one unlock frees; another id from the same client conflicts',
    perWorkspace: true,
    requires: ['locking'],
    async run({ a, workspace }) {
      const info = fullLockInfo();
      expectEqual(await a.lock(workspace, info), info.ID, 'first lock');
      expectEqual(await a.lock(workspace, info), info.ID, 'the same lock retried');
      const error = await expectRejection(a.lock(workspace, fullLockInfo()), 'LOCK_CONFLICT', 'another id from the holder');
      expectEqual((error as { lock?: LockInfo }).lock?.ID, info.ID, 'holder id in the conflict');
      await a.unlock(workspace, info.ID);
      expectEqual(await a.readLock(workspace), undefined, 'readLock after one unlock of a retried lock');
    },
  }),
];
