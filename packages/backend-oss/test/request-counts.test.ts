import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStateBackend, type StateBackend } from '@x/backend-core';
import { startFaultProxy, type FaultProxy } from '@x/test-servers';
import { backendConfig, createBucket, createLockTable, providerFromConfig, testServers, uniqueBucketName, uniqueName, uniqueTableName } from './support/oss-fixtures.js';

const bucket = uniqueBucketName();
const table = uniqueTableName();
let ossProxy: FaultProxy;
let tableStoreProxy: FaultProxy;

function hostAndPort(endpoint: string): { host: string; port: number } {
  const url = new URL(endpoint);
  return { host: url.hostname, port: Number(url.port) };
}

beforeAll(async () => {
  await createBucket(bucket, { versioning: 'Off' });
  await createLockTable(table);
  ossProxy = await startFaultProxy(hostAndPort(testServers().oss.endpoint));
  tableStoreProxy = await startFaultProxy(hostAndPort(testServers().tablestore.endpoint));
});

afterAll(async () => {
  await Promise.all([ossProxy?.stop(), tableStoreProxy?.stop()]);
});

/** A backend whose OSS and TableStore requests go through the counting proxies. */
async function proxiedBackend(lockMode: 'tablestore' | 'lockfile', prefix: string, targetBucket = bucket): Promise<StateBackend> {
  const config = backendConfig({ bucket: targetBucket, prefix, lockMode, table, extra: { endpoint: ossProxy.endpoint } });
  if (lockMode === 'tablestore') config.tablestore_endpoint = tableStoreProxy.endpoint;
  return createStateBackend(await providerFromConfig(config));
}

/** `METHOD /path` of every request since the last reset, OSS first, then TableStore. */
function requestsSeen(): { oss: string[]; tablestore: string[] } {
  const routes = (proxy: FaultProxy) => proxy.counters().requestLog.map((request) => `${request.method} ${decodeURIComponent(request.path)}`);
  return { oss: routes(ossProxy), tablestore: routes(tableStoreProxy) };
}

function resetCounters(): void {
  ossProxy.resetCounters();
  tableStoreProxy.resetCounters();
}

async function lockedRead(backend: StateBackend): Promise<Uint8Array | undefined> {
  const lockId = await backend.lock('default', { Operation: 'OperationTypePlan' });
  const state = await backend.readState('default');
  await backend.unlock('default', lockId);
  return state?.bytes;
}

describe('requests per locked read cycle', () => {
  it('TableStore mode: PutRow, GetObject with the digest GetRow, conditional DeleteRow (no read before releasing our own lock)', async () => {
    const prefix = uniqueName('count');
    const backend = await proxiedBackend('tablestore', prefix);
    const bytes = new TextEncoder().encode('{"version":4}\n');
    const lockId = await backend.lock('default', { Operation: 'seed' });
    await backend.writeState('default', bytes, { lockId });
    await backend.unlock('default', lockId);
    resetCounters();
    expect(await lockedRead(backend)).toEqual(bytes);
    const seen = requestsSeen();
    expect(seen.oss).toEqual([`GET /${prefix}/terraform.tfstate`]);
    expect([...seen.tablestore].sort()).toEqual(['POST /DeleteRow', 'POST /GetRow', 'POST /PutRow']);
    await backend.close();
  });

  it('lockfile mode: create-only PUT, GET of the state, GET and DELETE of the lock file once the bucket is known unversioned', async () => {
    const prefix = uniqueName('count');
    const backend = await proxiedBackend('lockfile', prefix);
    const bytes = new TextEncoder().encode('{"version":4}\n');
    const lockId = await backend.lock('default', { Operation: 'seed' });
    await backend.writeState('default', bytes, { lockId });
    await backend.unlock('default', lockId);
    resetCounters();
    expect(await lockedRead(backend)).toEqual(bytes);
    const lockfile = `/${prefix}/terraform.tfstate.tflock`;
    expect(requestsSeen().oss).toEqual([`PUT ${lockfile}`, `GET /${prefix}/terraform.tfstate`, `GET ${lockfile}`, `DELETE ${lockfile}`]);
    await backend.close();
  });
});

describe('streamed state reads', () => {
  it('never returns a state whose body was cut off: three attempts, then TRANSIENT; whole again once the body arrives', async () => {
    const prefix = uniqueName('cut');
    const backend = await proxiedBackend('tablestore', prefix);
    const bytes = new Uint8Array(randomBytes(3 * 1024 * 1024));
    const lockId = await backend.lock('default', { Operation: 'seed' });
    await backend.writeState('default', bytes, { lockId });
    await backend.unlock('default', lockId);
    const statePath = new RegExp(`^/${prefix}/terraform\\.tfstate$`);
    ossProxy.setFaults({ cutResponseAfterBytes: 100_000, match: { method: 'GET', path: statePath } });
    resetCounters();
    try {
      await expect(backend.readState('default')).rejects.toMatchObject({ code: 'TRANSIENT' });
      expect(requestsSeen().oss).toEqual(Array.from({ length: 3 }, () => `GET /${prefix}/terraform.tfstate`));
    } finally {
      ossProxy.setFaults({});
    }
    const state = await backend.readState('default');
    // Compared as Buffers: a deep equality walk over 3 MiB takes seconds.
    expect(state !== undefined && Buffer.from(state.bytes).equals(bytes)).toBe(true);
    expect(state?.digest).toBe(createHash('md5').update(bytes).digest('hex'));
    await backend.close();
  });

  it('reports a missing bucket as INVALID_CONFIG and a missing state as no state', async () => {
    const missing = await proxiedBackend('lockfile', uniqueName('none'), uniqueBucketName());
    await expect(missing.readState('default')).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await missing.close();
    const empty = await proxiedBackend('tablestore', uniqueName('none'));
    expect(await empty.readState('default')).toBeUndefined();
    await empty.close();
  });
});
