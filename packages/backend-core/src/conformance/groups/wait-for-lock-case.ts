import { acquireLock } from '../../manager/index.js';
import { check, expectEqual, expectRejection } from '../assertions.js';
import { defineCase } from '../conformance-case.js';

/** Case 53 (group F): core's backoff helper against the provider. */
export const waitForLockCase = defineCase('wait-then-acquire', {
  title: "core's acquireLock waits while A holds and acquires once A unlocks; an aborted signal fails at once",
  perWorkspace: true,
  requires: ['locking'],
  async run({ a, client, workspace, options }) {
    const b = await client();
    const holderId = await a.lock(workspace, { Operation: 'OperationTypeApply' });
    let waits = 0;
    let released: Promise<void> | undefined;
    const acquiredId = await acquireLock(b, workspace, {
      operation: 'OperationTypePlan',
      timeoutMs: options.timeoutMs,
      initialDelayMs: 5,
      maxDelayMs: 50,
      onWait: (event) => {
        waits += 1;
        expectEqual(event.holder.ID, holderId, 'holder reported while waiting');
        // A finishes while B is waiting, which is the situation the helper exists for.
        released ??= a.unlock(workspace, holderId);
      },
    });
    await released;
    check(waits > 0, 'acquireLock never waited although A held the lock');
    expectEqual((await a.readLock(workspace))?.ID, acquiredId, 'holder after acquireLock');

    const controller = new AbortController();
    await expectRejection(
      acquireLock(a, workspace, {
        timeoutMs: options.timeoutMs,
        initialDelayMs: 5,
        maxDelayMs: 50,
        signal: controller.signal,
        onWait: () => controller.abort(),
      }),
      ['ABORTED', 'LOCK_CONFLICT'],
      'acquireLock aborted while waiting',
    );
    await expectRejection(
      acquireLock(a, workspace, { timeoutMs: options.timeoutMs, signal: AbortSignal.abort() }),
      ['ABORTED', 'LOCK_CONFLICT'],
      'acquireLock with an already aborted signal',
    );
    expectEqual((await a.readLock(workspace))?.ID, acquiredId, 'holder after the aborted waits');
    await b.unlock(workspace, acquiredId);
  },
});
