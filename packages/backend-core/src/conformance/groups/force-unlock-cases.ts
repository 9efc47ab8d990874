import type { LockInfo } from '../../lock/lock-info.js';
import { generateLockId } from '../../lock/lock-info.js';
import { check, expectBytes, expectEqual, expectRejection } from '../assertions.js';
import { defineCase } from '../conformance-case.js';
import { sampleState } from '../payloads.js';

function holderOf(error: unknown): LockInfo | undefined {
  return (error as { lock?: LockInfo }).lock;
}

function pause(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** Group G: releasing someone else's lock, and what the old holder sees afterwards. */
export const forceUnlockCases = [
  defineCase('force-unlock-reported-id', {
    title: 'B force-unlocks with the id from the conflict, then locks',
    perWorkspace: true,
    requires: ['locking', 'forceUnlock'],
    async run({ a, client, workspace }) {
      await a.lock(workspace, { Operation: 'OperationTypeApply' });
      const b = await client();
      const conflict = await expectRejection(b.lock(workspace), 'LOCK_CONFLICT', "B's lock");
      const reported = holderOf(conflict)?.ID;
      check(reported, 'the conflict reports no holder ID to force-unlock with');
      await b.forceUnlock(workspace, reported);
      const id = await b.lock(workspace);
      expectEqual((await a.readLock(workspace))?.ID, id, 'holder after force-unlock and relock');
      await b.unlock(workspace, id);
    },
  }),

  defineCase('id-is-bearer-token', {
    title: "B.unlock with A's id succeeds: lock records hold no client identity",
    perWorkspace: true,
    requires: ['locking', 'forceUnlock'],
    async run({ a, client, workspace }) {
      const id = await a.lock(workspace);
      const b = await client();
      await b.unlock(workspace, id);
      expectEqual(await a.readLock(workspace), undefined, "lock after B unlocked with A's id");
    },
  }),

  defineCase('force-unlock-wrong-id', {
    title: 'force-unlock with a wrong id gets LOCK_ID_MISMATCH with the holder; the lock stays',
    perWorkspace: true,
    requires: ['locking', 'forceUnlock'],
    async run({ a, client, workspace }) {
      const id = await a.lock(workspace);
      const b = await client();
      const error = await expectRejection(b.forceUnlock(workspace, generateLockId()), 'LOCK_ID_MISMATCH', 'force-unlock');
      expectEqual(holderOf(error)?.ID, id, 'holder reported by the mismatch');
      expectEqual((await b.readLock(workspace))?.ID, id, 'holder after the refused force-unlock');
      await a.unlock(workspace, id);
    },
  }),

  defineCase('force-unlock-nothing', {
    title: 'force-unlocking an unlocked workspace gets LOCK_NOT_HELD',
    perWorkspace: true,
    requires: ['locking', 'forceUnlock'],
    async run({ a, workspace }) {
      await expectRejection(a.forceUnlock(workspace, generateLockId()), 'LOCK_NOT_HELD', 'force-unlock of nothing');
    },
  }),

  defineCase('holder-learns-loss', {
    title: "after B force-unlocks, A's unlock with its old id gets LOCK_NOT_HELD",
    perWorkspace: true,
    requires: ['locking', 'forceUnlock'],
    async run({ a, client, workspace }) {
      const id = await a.lock(workspace);
      await (await client()).forceUnlock(workspace, id);
      await expectRejection(a.unlock(workspace, id), 'LOCK_NOT_HELD', "A's unlock after losing the lock");
    },
  }),

  defineCase('stale-unlock-spares-successor', {
    title: "a stale unlock from A never removes C's lock taken after B force-unlocked A's",
    perWorkspace: true,
    requires: ['locking', 'forceUnlock'],
    async run({ a, client, workspace }) {
      const b = await client();
      const c = await client();
      // In sequence: the stale unlock must be refused outright.
      const staleId = await a.lock(workspace);
      await b.forceUnlock(workspace, staleId);
      const successor = await c.lock(workspace);
      await expectRejection(a.unlock(workspace, staleId), ['LOCK_ID_MISMATCH', 'LOCK_NOT_HELD'], "A's stale unlock");
      expectEqual((await b.readLock(workspace))?.ID, successor, "holder after A's stale unlock");
      await c.unlock(workspace, successor);
      // In flight: A's unlock is still under way while B force-unlocks and C locks. A provider that
      // checks the id and then deletes unconditionally removes C's lock here.
      for (let round = 0; round < 5; round += 1) {
        const oldId = await a.lock(workspace);
        const staleUnlock = a.unlock(workspace, oldId).then(
          () => 'released',
          (error: unknown) => error,
        );
        await b.forceUnlock(workspace, oldId).catch(() => undefined);
        let newId: string | undefined;
        for (let attempt = 0; newId === undefined && attempt < 200; attempt += 1) {
          newId = await c.lock(workspace).catch(async () => {
            await pause(1);
            return undefined;
          });
        }
        check(newId !== undefined, `round ${round}: C never got the lock after A's and B's releases`);
        await staleUnlock;
        expectEqual((await b.readLock(workspace))?.ID, newId, `round ${round}: C's lock after A's in-flight unlock finished`);
        await c.unlock(workspace, newId);
      }
    },
  }),

  defineCase('write-after-loss', {
    title: 'writing or deleting with a force-unlocked lock id is refused and the bytes stay',
    perWorkspace: true,
    requires: ['locking', 'forceUnlock', 'writeChecksLock'],
    async run({ a, client, workspace }) {
      const id = await a.lock(workspace);
      const bytes = sampleState({ serial: 1 });
      await a.writeState(workspace, bytes, { lockId: id });
      await (await client()).forceUnlock(workspace, id);
      await expectRejection(
        a.writeState(workspace, sampleState({ serial: 2 }), { lockId: id }),
        ['LOCK_CONFLICT', 'LOCK_NOT_HELD'],
        'writing with a lost lock',
      );
      await expectRejection(a.deleteState(workspace, { lockId: id }), ['LOCK_CONFLICT', 'LOCK_NOT_HELD'], 'deleting with a lost lock');
      expectBytes((await a.readState(workspace))?.bytes, bytes, 'state after writes with a lost lock');
    },
  }),

  defineCase('write-under-foreign-lock', {
    title: 'while B holds, A writes without or with a wrong lock id: refused iff writeChecksLock',
    perWorkspace: true,
    requires: ['locking'],
    async run({ a, client, workspace, capabilities }) {
      const original = sampleState({ serial: 1 });
      await a.writeState(workspace, original);
      const b = await client();
      const id = await b.lock(workspace, { Operation: 'OperationTypeApply' });
      const attempts: Array<[string, { lockId?: string }]> = [
        ['no lock id', {}],
        ['a wrong lock id', { lockId: generateLockId() }],
      ];
      for (const [label, writeOptions] of attempts) {
        const next = sampleState({ serial: 2, marker: label });
        if (capabilities.writeChecksLock) {
          const error = await expectRejection(
            a.writeState(workspace, next, writeOptions),
            ['LOCK_CONFLICT', 'LOCK_NOT_HELD'],
            `A writing with ${label} while B holds`,
          );
          if (error.code === 'LOCK_CONFLICT') expectEqual(holderOf(error)?.ID, id, 'holder in the conflict');
          expectBytes((await a.readState(workspace))?.bytes, original, `state after the refused write with ${label}`);
        } else {
          await a.writeState(workspace, next, writeOptions);
          expectBytes((await a.readState(workspace))?.bytes, next, `state written with ${label} (writeChecksLock is false)`);
        }
      }
      await b.unlock(workspace, id);
    },
  }),

  defineCase('lock-deleted-out-of-band', {
    title: "after the raw lock record is deleted, the holder's unlock errors and cleans up; the next lock succeeds",
    perWorkspace: true,
    requires: ['locking', 'inspect', 'tamper'],
    async run(context) {
      const { a, client, workspace, namespace } = context;
      const before = await context.keys();
      const id = await a.lock(workspace);
      const lockKeys = (await context.keys()).filter((key) => !before.includes(key));
      check(lockKeys.length > 0, 'taking the lock added no raw key the inspector can see');
      // Delete the record that carries the lock info; other parts (a second lock mode) stay behind.
      await context.tamper.deleteRaw(namespace, lockKeys[0] as string);
      await expectRejection(a.unlock(workspace, id), ['LOCK_NOT_HELD', 'LOCK_ID_MISMATCH', 'BACKEND_ERROR'], "holder's unlock");
      expectEqual(await context.keys(), before, "raw keys after the holder's failed unlock");
      const b = await client();
      const next = await b.lock(workspace);
      await b.unlock(workspace, next);
    },
  }),

  defineCase('crash-while-locked', {
    title: 'a client killed while holding the lock: held and force-unlockable if lockSurvivesCrash, else free',
    perWorkspace: true,
    requires: ['locking', 'crash'],
    async run({ a, client, workspace, capabilities, harness, forget }) {
      const id = await a.lock(workspace, { Operation: 'OperationTypeApply', Who: 'doomed@host' });
      await harness.crash?.(a.provider);
      forget(a);
      const b = await client();
      if (capabilities.lockSurvivesCrash) {
        const conflict = await expectRejection(b.lock(workspace), 'LOCK_CONFLICT', 'locking after the holder crashed');
        expectEqual(holderOf(conflict)?.ID, id, 'holder reported after the crash');
        if (!capabilities.forceUnlock) return;
        await b.forceUnlock(workspace, id);
      }
      const next = await b.lock(workspace);
      expectEqual((await b.readLock(workspace))?.ID, next, 'holder after recovering from the crash');
      await b.unlock(workspace, next);
    },
  }),
];
