import type { StateBackend } from '../../backend/state-backend.js';
import { BackendError } from '../../errors/backend-error.js';
import type { LockInfo } from '../../lock/lock-info.js';
import { check, describeError, expectEqual, expectRejection, fail } from '../assertions.js';
import { defineCase } from '../conformance-case.js';
import { utf8 } from '../payloads.js';
import { waitForLockCase } from './wait-for-lock-case.js';

const rounds = 20;

/** `count` independent clients on the namespace. */
async function clients(count: number, connect: () => Promise<StateBackend>): Promise<StateBackend[]> {
  return Promise.all(Array.from({ length: count }, () => connect()));
}

function holderOf(error: BackendError): LockInfo | undefined {
  return (error as { lock?: LockInfo }).lock;
}

function pause(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** Takes the lock, retrying conflicts after a short random pause. */
async function lockEventually(backend: StateBackend, workspace: string, operation: string): Promise<string> {
  for (;;) {
    try {
      return await backend.lock(workspace, { Operation: operation });
    } catch (error) {
      if (!BackendError.hasCode(error, 'LOCK_CONFLICT')) throw error;
      await pause(Math.random() * 4);
    }
  }
}

/** Group F: two or more clients compete for one lock. */
export const contentionCases = [
  defineCase('second-client-conflict', {
    title: 'while A holds the lock, B gets a typed LockConflictError',
    perWorkspace: true,
    requires: ['locking'],
    async run({ a, client, workspace }) {
      const id = await a.lock(workspace, { Operation: 'OperationTypeApply' });
      const b = await client();
      const error = await expectRejection(b.lock(workspace, { Operation: 'OperationTypePlan' }), 'LOCK_CONFLICT', "B's lock");
      check(error.name === 'LockConflictError', `B's lock failed with ${error.name}, not LockConflictError`);
      expectEqual((await b.readLock(workspace))?.ID, id, 'holder after the conflict');
      await a.unlock(workspace, id);
    },
  }),

  defineCase('conflict-carries-holder', {
    title: "the conflict carries A's non-empty ID, Who and Operation",
    perWorkspace: true,
    requires: ['locking'],
    async run({ a, client, workspace }) {
      const id = await a.lock(workspace, { Operation: 'OperationTypeApply', Who: 'alice@build-7' });
      const error = await expectRejection((await client()).lock(workspace), 'LOCK_CONFLICT', "B's lock");
      const holder = holderOf(error);
      check(holder !== undefined, 'the LockConflictError has no lock (holder LockInfo)');
      expectEqual(
        { ID: holder.ID, Who: holder.Who, Operation: holder.Operation },
        { ID: id, Who: 'alice@build-7', Operation: 'OperationTypeApply' },
        'holder reported by the conflict',
      );
      await a.unlock(workspace, id);
    },
  }),

  defineCase('handoff', {
    title: 'after A unlocks, B locks with a different id',
    perWorkspace: true,
    requires: ['locking'],
    async run({ a, client, workspace }) {
      const b = await client();
      const first = await a.lock(workspace);
      await a.unlock(workspace, first);
      const second = await b.lock(workspace);
      check(second !== first, 'B got the id A released');
      expectEqual((await a.readLock(workspace))?.ID, second, "holder after B's lock");
      await b.unlock(workspace, second);
    },
  }),

  defineCase('failed-attempt-no-residue', {
    title: "B's failed attempt leaves A's lock unchanged and unlockable, and no records of its own",
    perWorkspace: true,
    requires: ['locking'],
    async run(context) {
      const { a, client, workspace, harness } = context;
      const id = await a.lock(workspace, { Operation: 'OperationTypeApply', Info: 'first' });
      const held = await a.readLock(workspace);
      const keysWhileHeld = harness.inspect ? await context.keys() : undefined;
      const b = await client();
      await expectRejection(b.lock(workspace, { Operation: 'OperationTypePlan', Info: 'second' }), 'LOCK_CONFLICT', "B's lock");
      expectEqual(await a.readLock(workspace), held, "A's lock after B's failed attempt");
      if (keysWhileHeld !== undefined) expectEqual(await context.keys(), keysWhileHeld, "raw keys after B's failed attempt");
      await a.unlock(workspace, id);
      expectEqual(await b.readLock(workspace), undefined, 'readLock after A unlocked');
    },
  }),

  defineCase('locks-per-workspace', {
    title: 'A locks one workspace and B another at the same time: both succeed',
    perWorkspace: true,
    requires: ['locking'],
    async run({ a, client, workspace, otherWorkspace }) {
      const b = await client();
      const [first, second] = await Promise.all([a.lock(workspace), b.lock(otherWorkspace)]);
      expectEqual((await b.readLock(workspace))?.ID, first, `holder of "${workspace}"`);
      expectEqual((await a.readLock(otherWorkspace))?.ID, second, `holder of "${otherWorkspace}"`);
      await Promise.all([a.unlock(workspace, first), b.unlock(otherWorkspace, second)]);
    },
  }),

  defineCase('n-lockers-one-wins', {
    title: 'lockers clients lock at once, 20 rounds: exactly one winner each, the rest conflict, nothing leaks',
    perWorkspace: true,
    requires: ['locking'],
    async run({ client, workspace, options }) {
      const lockers = await clients(options.lockers, client);
      for (let round = 0; round < rounds; round += 1) {
        const results = await Promise.allSettled(lockers.map((locker) => locker.lock(workspace, { Info: `round ${round}` })));
        const winners: Array<{ index: number; id: string }> = [];
        results.forEach((result, index) => {
          if (result.status === 'fulfilled') {
            winners.push({ index, id: result.value });
          } else if (!BackendError.hasCode(result.reason, 'LOCK_CONFLICT')) {
            fail(`round ${round}: locker ${index} failed with ${describeError(result.reason)}, not a lock conflict`);
          }
        });
        check(
          winners.length === 1,
          `round ${round}: ${winners.length} of ${lockers.length} clients got the lock at once (ids ${JSON.stringify(winners)})`,
        );
        const [winner] = winners as [{ index: number; id: string }];
        expectEqual((await lockers[0]?.readLock(workspace))?.ID, winner.id, `round ${round}: stored holder`);
        await lockers[winner.index]?.unlock(workspace, winner.id);
        expectEqual(await lockers[0]?.readLock(workspace), undefined, `round ${round}: lock after the winner unlocked`);
      }
    },
  }),

  defineCase('no-lost-updates', {
    title: 'lockers × cycles lock/read/increment/write/unlock cycles end at the exact count',
    perWorkspace: true,
    requires: ['locking'],
    async run({ a, client, workspace, options }) {
      const lockers = await clients(options.lockers, client);
      await a.writeState(workspace, utf8('0'));
      await Promise.all(
        lockers.map(async (locker) => {
          for (let cycle = 0; cycle < options.cycles; cycle += 1) {
            const id = await lockEventually(locker, workspace, 'counter');
            const current = await locker.readState(workspace);
            const value = Number(new TextDecoder().decode(current?.bytes));
            await locker.writeState(workspace, utf8(String(value + 1)), { lockId: id });
            await locker.unlock(workspace, id);
          }
        }),
      );
      const final = new TextDecoder().decode((await a.readState(workspace))?.bytes);
      expectEqual(final, String(options.lockers * options.cycles), 'counter after all increments');
      expectEqual(await a.readLock(workspace), undefined, 'lock after all cycles');
    },
  }),

  waitForLockCase,
];
