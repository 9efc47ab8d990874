import { startFaultProxy, type FaultProxy, type Faults } from '@x/test-servers';
import { afterAll, beforeAll } from 'vitest';
import { backendConfig, createBucket, createLockTable, testServers, uniqueBucketName, uniqueTableName, type LockMode } from './oss-fixtures.js';

/** A test file's bucket and lock table, reached through fault proxies in front of the OSS and TableStore servers. */
export interface ProxiedStores {
  /** The file's unversioned bucket. */
  readonly bucket: string;
  /** The file's lock table, in Terraform's shape. */
  readonly table: string;
  /** The proxy in front of the OSS server; there once the file's `beforeAll` has run. */
  readonly ossProxy: FaultProxy;
  /** The proxy in front of the TableStore server; there once the file's `beforeAll` has run. */
  readonly tableStoreProxy: FaultProxy;
  /**
   * oss backend arguments for `bucket` (the file's bucket unless given) whose OSS requests, and
   * TableStore requests in `tablestore` mode, go through the proxies.
   */
  proxiedConfig(lockMode: LockMode, prefix: string, bucket?: string): Record<string, unknown>;
  /** Sets the same faults on both proxies (`{}` forwards everything unchanged again). */
  setFaults(faults: Faults): void;
  /** Forgets what both proxies have counted so far. */
  resetCounters(): void;
}

/** The host and port of an `http://host:port` endpoint, as the fault proxy takes its target. */
function hostAndPort(endpoint: string): { host: string; port: number } {
  const url = new URL(endpoint);
  return { host: url.hostname, port: Number(url.port) };
}

/**
 * Registers, for the calling test file, a `beforeAll` that creates a fresh unversioned bucket and
 * lock table and starts a fault proxy in front of each server, and an `afterAll` that stops the
 * proxies.
 */
export function useProxiedStores(): ProxiedStores {
  const bucket = uniqueBucketName();
  const table = uniqueTableName();
  let ossProxy: FaultProxy;
  let tableStoreProxy: FaultProxy;
  beforeAll(async () => {
    await createBucket(bucket, { versioning: 'Off' });
    await createLockTable(table);
    const servers = testServers();
    ossProxy = await startFaultProxy(hostAndPort(servers.oss.endpoint));
    tableStoreProxy = await startFaultProxy(hostAndPort(servers.tablestore.endpoint));
  });
  afterAll(async () => {
    await Promise.all([ossProxy?.stop(), tableStoreProxy?.stop()]);
  });
  return {
    bucket,
    table,
    get ossProxy() {
      return ossProxy;
    },
    get tableStoreProxy() {
      return tableStoreProxy;
    },
    proxiedConfig(lockMode, prefix, targetBucket = bucket) {
      const config = backendConfig({ bucket: targetBucket, prefix, lockMode, table, extra: { endpoint: ossProxy.endpoint } });
      if (lockMode === 'tablestore') config.tablestore_endpoint = tableStoreProxy.endpoint;
      return config;
    },
    setFaults(faults) {
      ossProxy.setFaults(faults);
      tableStoreProxy.setFaults(faults);
    },
    resetCounters() {
      ossProxy.resetCounters();
      tableStoreProxy.resetCounters();
    },
  };
}
