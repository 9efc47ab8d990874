import type { ConformanceHarness } from '@x/backend-core/conformance';
import {
  backendConfig,
  deleteRow,
  listAllKeys,
  providerFromConfig,
  rawOssClient,
  readRow,
  rowKeysWithPrefix,
  testServers,
  writeRow,
  type LockMode,
} from './oss-fixtures.js';

/** Where one conformance run keeps its data. */
export interface OssHarnessOptions {
  bucket: string;
  lockMode: LockMode;
  /** The lock table (TableStore mode). */
  table?: string;
}

/**
 * The conformance harness of the oss provider: each namespace is a `prefix` in the bucket. The
 * inspector lists objects under `<namespace>/` and, in TableStore mode, the rows whose keys
 * start with `<bucket>/<namespace>/` (lock rows and `-md5` digest rows) with a range read.
 */
export function createOssHarness(options: OssHarnessOptions): ConformanceHarness {
  const { bucket, lockMode, table } = options;
  const raw = rawOssClient(bucket);
  const isRowKey = (key: string) => key.startsWith(`${bucket}/`);
  const columnOf = (key: string) => (key.endsWith('-md5') ? 'Digest' : 'Info');
  const rowsOf = (namespace: string): Promise<string[]> =>
    lockMode === 'tablestore' && table !== undefined ? rowKeysWithPrefix(table, `${bucket}/${namespace}/`) : Promise.resolve([]);

  const harness: ConformanceHarness = {
    async create({ namespace }) {
      return providerFromConfig(backendConfig({ bucket, prefix: namespace, lockMode, table }));
    },
    inspect: {
      async listKeys(namespace) {
        return [...(await listAllKeys(raw, `${namespace}/`)), ...(await rowsOf(namespace))];
      },
      async readRaw(_namespace, key) {
        if (isRowKey(key) && table !== undefined) {
          const value = await readRow(table, key, columnOf(key));
          return typeof value === 'string' ? new TextEncoder().encode(value) : undefined;
        }
        try {
          return new Uint8Array((await raw.get(key)).content);
        } catch (error) {
          if ((error as { status?: number }).status === 404) return undefined;
          throw error;
        }
      },
    },
    tamper: {
      async writeRaw(_namespace, key, bytes) {
        if (isRowKey(key) && table !== undefined) return writeRow(table, key, columnOf(key), new TextDecoder().decode(bytes));
        await raw.put(key, Buffer.from(bytes), { mime: 'application/json' });
      },
      async deleteRaw(_namespace, key) {
        if (isRowKey(key) && table !== undefined) return deleteRow(table, key);
        await raw.delete(key);
      },
    },
    async destroy(namespace) {
      if (table !== undefined) for (const key of await rowsOf(namespace)) await deleteRow(table, key);
      for (const key of await listAllKeys(raw, `${namespace}/`)) await raw.delete(key);
    },
    // A killed process releases nothing: its locks stay in the store. Closing the client
    // without unlocking leaves the store exactly as a crash would.
    async crash(provider) {
      await provider.close?.();
    },
    secrets: [testServers().oss.accessKeySecret, testServers().tablestore.accessKeySecret],
  };
  return harness;
}
