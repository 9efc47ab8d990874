import { describe, expect, it } from 'vitest';
import { BackendError, createStateBackend, type StateBackend } from '@x/backend-core';
import { providerFromConfig, uniqueName, type LockMode } from './support/oss-fixtures.js';
import { useProxiedStores } from './support/proxied-stores.js';

const clients = 8;
const cycles = 50;
const faults = { resetProbability: 0.02, jitterMs: 3, dropResponses: 12, seed: 11 };

const stores = useProxiedStores();

/**
 * Retries what a careful client retries: calls that failed on the network, with the same lock
 * id. An unlock whose earlier attempt went through but whose answer was lost finds the lock
 * gone (LOCK_NOT_HELD): released either way.
 */
async function retrying<T>(call: () => Promise<T>, releasing = false): Promise<T | undefined> {
  let interrupted = false;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (releasing && interrupted && BackendError.hasCode(error, 'LOCK_NOT_HELD')) return undefined;
      if (!BackendError.hasCode(error, 'TRANSIENT') || attempt >= 10) throw error;
      interrupted = true;
    }
  }
}

async function lockEventually(backend: StateBackend, workspace: string): Promise<string> {
  const info = { Operation: 'counter', ID: crypto.randomUUID() };
  for (;;) {
    try {
      return (await retrying(() => backend.lock(workspace, info))) as string;
    } catch (error) {
      if (!BackendError.hasCode(error, 'LOCK_CONFLICT')) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
    }
  }
}

describe.each<LockMode>(['tablestore', 'lockfile'])('%s lock through a faulty network', (lockMode) => {
  it(`${clients} clients x ${cycles} lock/read/increment/write/unlock cycles lose no update and leak no lock`, async () => {
    const prefix = uniqueName('faults');
    const config = stores.proxiedConfig(lockMode, prefix);
    const backends = await Promise.all(Array.from({ length: clients }, async () => createStateBackend(await providerFromConfig(config))));
    const [first] = backends as [StateBackend];
    await first.writeState('default', new TextEncoder().encode('0'));
    stores.resetCounters();
    stores.setFaults(faults);
    try {
      await Promise.all(
        backends.map(async (backend) => {
          for (let cycle = 0; cycle < cycles; cycle += 1) {
            const lockId = await lockEventually(backend, 'default');
            const current = await retrying(() => backend.readState('default'));
            const next = Number(new TextDecoder().decode(current?.bytes)) + 1;
            await retrying(() => backend.writeState('default', new TextEncoder().encode(String(next)), { lockId }));
            await retrying(() => backend.unlock('default', lockId), true);
          }
        }),
      );
    } finally {
      stores.setFaults({});
    }
    const injected = [stores.ossProxy.counters().faults, stores.tableStoreProxy.counters().faults];
    expect(injected.reduce((sum, counted) => sum + counted.resets, 0)).toBeGreaterThan(0);
    expect(injected.reduce((sum, counted) => sum + counted.droppedResponses, 0)).toBeGreaterThan(0);
    expect(new TextDecoder().decode((await first.readState('default'))?.bytes)).toBe(String(clients * cycles));
    expect(await first.readLock('default')).toBeUndefined();
    await Promise.all(backends.map((backend) => backend.close()));
  }, 600_000);
});
