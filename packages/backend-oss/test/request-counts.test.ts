import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createStateBackend, type StateBackend } from '@x/backend-core';
import type { FaultProxy } from '@x/test-servers';
import { providerFromConfig, uniqueBucketName, uniqueName } from './support/oss-fixtures.js';
import { useProxiedStores } from './support/proxied-stores.js';

const stores = useProxiedStores();

/** A backend whose OSS and TableStore requests go through the counting proxies. */
async function proxiedBackend(lockMode: 'tablestore' | 'lockfile', prefix: string, targetBucket = stores.bucket): Promise<StateBackend> {
  return createStateBackend(await providerFromConfig(stores.proxiedConfig(lockMode, prefix, targetBucket)));
}

/** A proxied backend whose default workspace holds `bytes`, written under a lock that is then released. */
async function seededBackend(lockMode: 'tablestore' | 'lockfile', prefix: string, bytes: Uint8Array): Promise<StateBackend> {
  const backend = await proxiedBackend(lockMode, prefix);
  const lockId = await backend.lock('default', { Operation: 'seed' });
  await backend.writeState('default', bytes, { lockId });
  await backend.unlock('default', lockId);
  return backend;
}

/** `METHOD /path` of every request since the last reset, OSS first, then TableStore. */
function requestsSeen(): { oss: string[]; tablestore: string[] } {
  const routes = (proxy: FaultProxy) => proxy.counters().requestLog.map((request) => `${request.method} ${decodeURIComponent(request.path)}`);
  return { oss: routes(stores.ossProxy), tablestore: routes(stores.tableStoreProxy) };
}

/** Reads the default workspace's state between taking and releasing a lock, as a plan does. */
async function lockedRead(backend: StateBackend): Promise<Uint8Array | undefined> {
  const lockId = await backend.lock('default', { Operation: 'OperationTypePlan' });
  const state = await backend.readState('default');
  await backend.unlock('default', lockId);
  return state?.bytes;
}

describe('requests per locked read cycle', () => {
  it('TableStore mode: PutRow, GetObject with the digest GetRow, conditional DeleteRow (no read before releasing our own lock)', async () => {
    const prefix = uniqueName('count');
    const bytes = new TextEncoder().encode('{"version":4}\n');
    const backend = await seededBackend('tablestore', prefix, bytes);
    stores.resetCounters();
    expect(await lockedRead(backend)).toEqual(bytes);
    const seen = requestsSeen();
    expect(seen.oss).toEqual([`GET /${prefix}/terraform.tfstate`]);
    expect([...seen.tablestore].sort()).toEqual(['POST /DeleteRow', 'POST /GetRow', 'POST /PutRow']);
    await backend.close();
  });

  it('lockfile mode: create-only PUT, GET of the state, GET and DELETE of the lock file once the bucket is known unversioned', async () => {
    const prefix = uniqueName('count');
    const bytes = new TextEncoder().encode('{"version":4}\n');
    const backend = await seededBackend('lockfile', prefix, bytes);
    stores.resetCounters();
    expect(await lockedRead(backend)).toEqual(bytes);
    const lockfile = `/${prefix}/terraform.tfstate.tflock`;
    expect(requestsSeen().oss).toEqual([`PUT ${lockfile}`, `GET /${prefix}/terraform.tfstate`, `GET ${lockfile}`, `DELETE ${lockfile}`]);
    await backend.close();
  });
});

describe('streamed state reads', () => {
  it('never returns a state whose body was cut off: three attempts, then TRANSIENT; whole again once the body arrives', async () => {
    const prefix = uniqueName('cut');
    const bytes = new Uint8Array(randomBytes(3 * 1024 * 1024));
    const backend = await seededBackend('tablestore', prefix, bytes);
    const statePath = new RegExp(`^/${prefix}/terraform\\.tfstate$`);
    stores.ossProxy.setFaults({ cutResponseAfterBytes: 100_000, match: { method: 'GET', path: statePath } });
    stores.resetCounters();
    try {
      await expect(backend.readState('default')).rejects.toMatchObject({ code: 'TRANSIENT' });
      expect(requestsSeen().oss).toEqual(Array.from({ length: 3 }, () => `GET /${prefix}/terraform.tfstate`));
    } finally {
      stores.ossProxy.setFaults({});
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
