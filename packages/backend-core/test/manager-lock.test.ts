import { describe, expect, it } from 'vitest';
import { createStateBackend } from '../src/backend/state-backend.js';
import type { StateProvider } from '../src/backend/state-provider.js';
import { BackendError } from '../src/errors/backend-error.js';
import { LockConflictError, LockMismatchError } from '../src/errors/lock-conflict-error.js';
import { acquireLock, withLock, type LockWaitEvent } from '../src/manager/index.js';
import { MemoryStore, createMemoryProvider } from '../src/memory/index.js';

function twoClients() {
  const store = new MemoryStore();
  return {
    mine: createStateBackend(createMemoryProvider({ store })),
    theirs: createStateBackend(createMemoryProvider({ store })),
  };
}

/** A memory provider whose unlock fails the given way; for the paths where releasing breaks. */
function providerWithFailingUnlock(failure: () => Error): StateProvider {
  const inner = createMemoryProvider();
  return {
    contractVersion: 1,
    name: 'broken-unlock',
    capabilities: inner.capabilities,
    listWorkspaces: () => inner.listWorkspaces(),
    deleteWorkspace: (workspace) => inner.deleteWorkspace(workspace),
    readState: (workspace) => inner.readState(workspace),
    writeState: (workspace, bytes, options) => inner.writeState(workspace, bytes, options),
    deleteState: (workspace, options) => inner.deleteState(workspace, options),
    lock: (workspace, info) => inner.lock(workspace, info),
    unlock: async () => {
      throw failure();
    },
    forceUnlock: (workspace, lockId) => inner.forceUnlock(workspace, lockId),
    readLock: (workspace) => inner.readLock(workspace),
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

const fast = { initialDelayMs: 2, maxDelayMs: 8 };

describe('acquireLock', () => {
  it('takes a free lock with the given operation and info', async () => {
    const { mine } = twoClients();
    const id = await acquireLock(mine, 'default', { operation: 'OperationTypeApply', info: 'nightly run' });
    expect(await mine.readLock('default')).toMatchObject({ ID: id, Operation: 'OperationTypeApply', Info: 'nightly run' });
  });

  it('makes exactly one attempt by default and rethrows the conflict with the holder', async () => {
    const { mine, theirs } = twoClients();
    const holder = await theirs.lock('default', { Operation: 'OperationTypePlan' });
    const events: LockWaitEvent[] = [];
    const error = await rejection(acquireLock(mine, 'default', { onWait: (event) => events.push(event) }));
    expect(error).toBeInstanceOf(LockConflictError);
    expect((error as LockConflictError).code).toBe('LOCK_CONFLICT');
    expect((error as LockConflictError).lock).toMatchObject({ ID: holder, Operation: 'OperationTypePlan' });
    expect(events).toEqual([]);
  });

  it('waits with growing delays, reporting the holder, until the lock is free', async () => {
    const { mine, theirs } = twoClients();
    const holder = await theirs.lock('default');
    const events: LockWaitEvent[] = [];
    const id = await acquireLock(mine, 'default', {
      ...fast,
      timeoutMs: 60_000,
      onWait: (event) => {
        events.push(event);
        if (event.attempt === 4) void theirs.unlock('default', holder);
      },
    });
    expect((await mine.readLock('default'))?.ID).toBe(id);
    expect(events.map((event) => event.attempt)).toEqual([1, 2, 3, 4]);
    expect(events.every((event) => event.holder.ID === holder)).toBe(true);
    const bounds = [2, 4, 8, 8];
    events.forEach((event, index) => {
      expect(event.nextDelayMs).toBeGreaterThanOrEqual(bounds[index]! / 2);
      expect(event.nextDelayMs).toBeLessThanOrEqual(bounds[index]!);
    });
    expect(events.map((event) => event.elapsedMs)).toEqual([...events.map((event) => event.elapsedMs)].sort((a, b) => a - b));
  });

  it('gives up at the deadline with the last conflict', async () => {
    const { mine, theirs } = twoClients();
    const holder = await theirs.lock('default');
    const events: LockWaitEvent[] = [];
    const error = await rejection(
      acquireLock(mine, 'default', { ...fast, timeoutMs: 40, onWait: (event) => events.push(event) }),
    );
    expect(error).toBeInstanceOf(LockConflictError);
    expect((error as LockConflictError).lock.ID).toBe(holder);
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.every((event) => event.nextDelayMs <= 40 - event.elapsedMs)).toBe(true);
    expect((await mine.readLock('default'))?.ID).toBe(holder);
  });

  it('fails at once with ABORTED when the signal is already aborted', async () => {
    const { mine } = twoClients();
    const controller = new AbortController();
    controller.abort(new Error('user pressed Ctrl-C'));
    const error = await rejection(acquireLock(mine, 'default', { signal: controller.signal }));
    expect(BackendError.hasCode(error, 'ABORTED')).toBe(true);
    expect((error as Error).message).toBe('gave up waiting for the lock of "default": user pressed Ctrl-C');
    expect(await mine.readLock('default')).toBeUndefined();
  });

  it('stops waiting with ABORTED when the signal fires, keeping the conflict as cause', async () => {
    const { mine, theirs } = twoClients();
    const holder = await theirs.lock('default');
    const controller = new AbortController();
    const error = await rejection(
      acquireLock(mine, 'default', {
        timeoutMs: 60_000,
        initialDelayMs: 30_000,
        maxDelayMs: 30_000,
        signal: controller.signal,
        onWait: () => controller.abort(),
      }),
    );
    expect(BackendError.hasCode(error, 'ABORTED')).toBe(true);
    expect((error as Error).cause).toBeInstanceOf(LockConflictError);
    expect((error as BackendError).hint).toContain(holder);
  });

  it('does not retry errors other than a held lock', async () => {
    const { mine } = twoClients();
    const events: LockWaitEvent[] = [];
    const error = await rejection(acquireLock(mine, 'bad/name', { ...fast, timeoutMs: 1000, onWait: (event) => events.push(event) }));
    expect(BackendError.hasCode(error, 'INVALID_WORKSPACE_NAME')).toBe(true);
    expect(events).toEqual([]);
  });

  const badOptions: Array<[string, object, RegExp]> = [
    ['a negative timeout', { timeoutMs: -1 }, /lock timeout must be 0 or more/],
    ['a NaN timeout', { timeoutMs: Number.NaN }, /lock timeout must be 0 or more/],
    ['a zero first delay', { initialDelayMs: 0 }, /first lock retry delay must be a positive/],
    ['a longest delay below the first', { initialDelayMs: 10, maxDelayMs: 5 }, /longest lock retry delay \(5 ms\) must be at least the first \(10 ms\)/],
  ];
  for (const [name, options, message] of badOptions) {
    it(`refuses ${name} with INVALID_ARGUMENT`, async () => {
      const { mine } = twoClients();
      const error = await rejection(acquireLock(mine, 'default', options));
      expect(BackendError.hasCode(error, 'INVALID_ARGUMENT')).toBe(true);
      expect((error as Error).message).toMatch(message);
      expect(await mine.readLock('default')).toBeUndefined();
    });
  }
});

describe('withLock', () => {
  it('holds the lock while fn runs and releases it afterwards', async () => {
    const { mine, theirs } = twoClients();
    const result = await withLock(
      mine,
      'default',
      async (lockId) => {
        expect((await theirs.readLock('default'))?.ID).toBe(lockId);
        expect(await rejection(theirs.lock('default'))).toBeInstanceOf(LockConflictError);
        return `done under ${lockId}`;
      },
      { operation: 'state-push' },
    );
    expect(result).toMatch(/^done under [0-9a-f-]{36}$/);
    expect(await mine.readLock('default')).toBeUndefined();
  });

  it('releases the lock when fn throws and rethrows fn\'s error', async () => {
    const { mine } = twoClients();
    const failure = new Error('apply failed');
    expect(await rejection(withLock(mine, 'default', async () => Promise.reject(failure)))).toBe(failure);
    expect(await mine.readLock('default')).toBeUndefined();
    expect((failure as Error & { suppressed?: unknown }).suppressed).toBeUndefined();
  });

  it('does not run fn when the lock is held', async () => {
    const { mine, theirs } = twoClients();
    await theirs.lock('default');
    let ran = false;
    const error = await rejection(
      withLock(mine, 'default', async () => {
        ran = true;
      }),
    );
    expect(error).toBeInstanceOf(LockConflictError);
    expect(ran).toBe(false);
  });

  it('names the lock id and the force-unlock command when releasing fails after success', async () => {
    const { mine, theirs } = twoClients();
    let held = '';
    const error = await rejection(
      withLock(mine, 'default', async (lockId) => {
        held = lockId;
        await theirs.forceUnlock('default', lockId);
        return 'ok';
      }),
    );
    expect(BackendError.hasCode(error, 'LOCK_NOT_HELD')).toBe(true);
    expect((error as Error).message).toContain(`failed to release lock ${held} on the state of "default"`);
    expect((error as Error).message).toContain(`run \`tfstate force-unlock ${held}\``);
    expect((error as BackendError).hint).toBe(`The lock may still be held. Release it with: tfstate force-unlock ${held}`);
    expect(BackendError.hasCode((error as Error).cause, 'LOCK_NOT_HELD')).toBe(true);
  });

  it('reports a lock someone else took meanwhile as a mismatch naming our id', async () => {
    const { mine, theirs } = twoClients();
    let held = '';
    const error = await rejection(
      withLock(mine, 'default', async (lockId) => {
        held = lockId;
        await theirs.forceUnlock('default', lockId);
        await theirs.lock('default');
      }),
    );
    expect(BackendError.hasCode(error, 'LOCK_ID_MISMATCH')).toBe(true);
    expect((error as Error).cause).toBeInstanceOf(LockMismatchError);
    expect((error as Error).message).toContain(`tfstate force-unlock ${held}`);
  });

  it('wraps an unexpected unlock failure and still names the lock id', async () => {
    const backend = createStateBackend(providerWithFailingUnlock(() => new Error('connection reset')));
    let held = '';
    const error = await rejection(
      withLock(backend, 'default', async (lockId) => {
        held = lockId;
      }),
    );
    expect(BackendError.hasCode(error, 'BACKEND_ERROR')).toBe(true);
    expect((error as Error).message).toContain(`failed to release lock ${held}`);
    expect((error as Error).message).toContain('connection reset');
    expect((error as Error).message).toContain(`tfstate force-unlock ${held}`);
    expect((await backend.readLock('default'))?.ID).toBe(held);
  });

  it('lets fn\'s error win and attaches the unlock failure as suppressed', async () => {
    const backend = createStateBackend(providerWithFailingUnlock(() => new Error('connection reset')));
    const failure = new Error('plan failed');
    const error = await rejection(withLock(backend, 'default', async () => Promise.reject(failure)));
    expect(error).toBe(failure);
    const suppressed = (error as Error & { suppressed?: unknown }).suppressed;
    expect(BackendError.isInstance(suppressed)).toBe(true);
    expect((suppressed as Error).message).toMatch(/failed to release lock [0-9a-f-]{36}.*connection reset/s);
    expect((suppressed as Error).message).toContain('tfstate force-unlock');
  });

  it('rethrows a non-object thrown by fn unchanged', async () => {
    const backend = createStateBackend(providerWithFailingUnlock(() => new Error('connection reset')));
    expect(await rejection(withLock(backend, 'default', async () => Promise.reject('plain string')))).toBe('plain string');
  });
});
