import { BackendError, createLockInfo, type StateBackend } from '@x/backend-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy, type Faults } from '@x/test-servers';
import { listItemIds, listObjectKeys } from './support/s3-harness.js';
import { backendWith } from './support/providers.js';
import { createBucket, createLockTable, dynamoClient, s3Client, servers, uniqueName } from './support/test-stores.js';

const bucket = uniqueName('faults');
const table = uniqueName('faults');
const clients = 8;
const cycles = 50;

/** Fault profiles the proxies cycle through while the clients work. */
const profiles: Faults[] = [
  { latencyMs: 2, jitterMs: 8, seed: 7 },
  { resetProbability: 0.05, seed: 11 },
  { slowDownRequests: 4 },
  { cutResponseAfterBytes: 20, match: { method: 'GET' } },
  { dropResponses: 2 },
  {},
];

/**
 * The faults the S3 proxy applies in `mode`. radosgw 16 ignores If-Match on DELETE, so when the
 * answer to a lock-file DELETE is lost, the SDK's retry of that DELETE can land after a successor
 * created its own lock file and remove it (AWS S3 refuses the retry with 412: the ETag differs).
 * That is a server gap, not a provider fault, so with lock files the lost answers on S3 are
 * limited to PUTs (lock-file creates and state writes); DynamoDB keeps every kind.
 */
function s3Faults(profile: Faults, mode: 'both' | 'dynamodb'): Faults {
  return mode === 'both' && profile.dropResponses !== undefined ? { ...profile, match: { method: 'PUT' } } : profile;
}

function pause(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** Repeats a step that failed for a reason a retry can fix (what a careful caller does). */
async function persist<T>(step: () => Promise<T>, tolerate: (error: unknown, attempt: number) => T | undefined = () => undefined): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      const accepted = tolerate(error, attempt);
      if (accepted !== undefined) return accepted;
      if (!BackendError.hasCode(error, 'TRANSIENT') || attempt > 200) throw error;
      await pause(5 + Math.random() * 20);
    }
  }
}

/** One client's lock/read/increment/write/unlock cycles. */
async function work(backend: StateBackend, index: number): Promise<void> {
  for (let cycle = 0; cycle < cycles; cycle += 1) {
    // A fixed id per cycle: a lock whose answer was lost is retried as the same lock.
    const info = createLockInfo({ operation: `counter ${index}/${cycle}` });
    for (;;) {
      try {
        await backend.lock('default', info);
        break;
      } catch (error) {
        if (!BackendError.hasCode(error, 'LOCK_CONFLICT') && !BackendError.hasCode(error, 'TRANSIENT')) throw error;
        await pause(2 + Math.random() * 10);
      }
    }
    const current = await persist(() => backend.readState('default'));
    const value = Number(new TextDecoder().decode(current?.bytes));
    expect(Number.isInteger(value), `client ${index} read a corrupt counter: ${String(value)}`).toBe(true);
    await persist(() => backend.writeState('default', new TextEncoder().encode(String(value + 1)), { lockId: info.ID }));
    // An unlock whose delete landed but whose answer was lost finds nothing to release when
    // retried, or already the next client's lock.
    await persist(
      async () => {
        await backend.unlock('default', info.ID);
        return true;
      },
      (error, attempt) =>
        BackendError.hasCode(error, 'LOCK_NOT_HELD') || (attempt > 1 && BackendError.hasCode(error, 'LOCK_ID_MISMATCH')) ? true : undefined,
    );
  }
}

describe('8 clients x 50 locked increments through resets, 503 bursts, lost answers and cut bodies', () => {
  let s3Proxy: FaultProxy;
  let dynamoProxy: FaultProxy;

  beforeAll(async () => {
    await Promise.all([createBucket(bucket, { versioned: false }), createLockTable(table)]);
    const s3Url = new URL(servers().s3.endpoint);
    const dynamoUrl = new URL(servers().dynamodb.endpoint);
    s3Proxy = await startFaultProxy({ host: s3Url.hostname, port: Number(s3Url.port) });
    dynamoProxy = await startFaultProxy({ host: dynamoUrl.hostname, port: Number(dynamoUrl.port) });
  });

  afterAll(async () => {
    await s3Proxy?.stop();
    await dynamoProxy?.stop();
  });

  it.each(['both', 'dynamodb'] as const)('lock mode %s: exact count, no corrupt object, no leaked lock', async (mode) => {
    const key = `${mode}/terraform.tfstate`;
    const settings = { bucket, key, useLockfile: mode === 'both', dynamodbTable: table };
    const endpoints = { s3: s3Proxy.endpoint, dynamodb: dynamoProxy.endpoint };
    const backends = Array.from({ length: clients }, () => backendWith(settings, endpoints));
    const direct = backendWith(settings);
    await direct.writeState('default', new TextEncoder().encode('0'));

    let running = true;
    const schedule = (async () => {
      for (let step = 0; running; step += 1) {
        const profile = profiles[step % profiles.length] as Faults;
        s3Proxy.setFaults(s3Faults(profile, mode));
        dynamoProxy.setFaults(profile.cutResponseAfterBytes === undefined ? profile : {});
        await pause(150);
      }
      s3Proxy.setFaults({});
      dynamoProxy.setFaults({});
    })();
    try {
      await Promise.all(backends.map((backend, index) => work(backend, index)));
    } finally {
      running = false;
      await schedule;
    }

    const injected = s3Proxy.counters().faults;
    expect(injected.resets + injected.slowDowns + injected.droppedResponses + injected.cutResponses).toBeGreaterThan(0);
    const final = await direct.readState('default');
    expect(new TextDecoder().decode(final?.bytes)).toBe(String(clients * cycles));
    expect(await direct.readLock('default')).toBeUndefined();
    expect(await listObjectKeys(s3Client(), bucket, `${mode}/`)).toEqual([key]);
    expect(await listItemIds(dynamoClient(), table, `${bucket}/${mode}/`)).toEqual([`${bucket}/${key}-md5`]);
  }, 600_000);
});
