import type { ConformanceHarness } from '@x/backend-core/conformance';
import type { StateProvider } from '@x/backend-core';
import { stateObjectPath, type OssLayout } from '../../src/index.js';
import {
  backendConfig,
  deleteRow,
  listAllKeys,
  providerFromConfig,
  rawOssClient,
  readRow,
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
 * The conformance harness of the oss provider: each namespace is a `prefix` in the bucket.
 *
 * The inspector reads objects by listing `<namespace>/` and TableStore rows with GetRow. The
 * TableStore server cannot enumerate rows (no GetRange), so rows are looked up by the keys they
 * would have: the lock and `-md5` rows of every workspace any client of the namespace was asked
 * about (the harness notes the workspace argument of each provider call) and of every state
 * object listed. Row keys are `<bucket>/<state path>[-md5]`; object keys start with the namespace.
 */
export function createOssHarness(options: OssHarnessOptions): ConformanceHarness {
  const { bucket, lockMode, table } = options;
  const raw = rawOssClient(bucket);
  const workspacesSeen = new Map<string, Set<string>>();
  const layoutOf = (namespace: string): OssLayout => ({ bucket, statePrefix: namespace, key: 'terraform.tfstate' });
  const seen = (namespace: string): Set<string> => {
    let names = workspacesSeen.get(namespace);
    if (names === undefined) {
      names = new Set(['default']);
      workspacesSeen.set(namespace, names);
    }
    return names;
  };
  const isRowKey = (key: string) => key.startsWith(`${bucket}/`);
  const columnOf = (key: string) => (key.endsWith('-md5') ? 'Digest' : 'Info');

  const candidateRows = async (namespace: string, objects: string[]): Promise<string[]> => {
    const layout = layoutOf(namespace);
    const paths = new Set([...seen(namespace)].map((workspace) => stateObjectPath(layout, workspace)));
    for (const object of objects) if (object.endsWith('/terraform.tfstate')) paths.add(object);
    const keys: string[] = [];
    for (const path of paths) keys.push(`${bucket}/${path}`, `${bucket}/${path}-md5`);
    return keys;
  };

  const harness: ConformanceHarness = {
    async create({ namespace }) {
      const provider = await providerFromConfig(backendConfig({ bucket, prefix: namespace, lockMode, table }));
      return noteWorkspaces(provider, seen(namespace));
    },
    inspect: {
      async listKeys(namespace) {
        const objects = await listAllKeys(raw, `${namespace}/`);
        if (lockMode !== 'tablestore' || table === undefined) return objects;
        const rows: string[] = [];
        for (const key of await candidateRows(namespace, objects)) {
          if ((await readRow(table, key, columnOf(key))) !== undefined) rows.push(key);
        }
        return [...objects, ...rows];
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
      const objects = await listAllKeys(raw, `${namespace}/`);
      if (lockMode === 'tablestore' && table !== undefined) {
        for (const key of await candidateRows(namespace, objects)) await deleteRow(table, key);
      }
      for (const key of objects) await raw.delete(key);
      workspacesSeen.delete(namespace);
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

/**
 * The provider, with every workspace name it is called with noted in `names` (the first
 * argument of each method). Everything else passes through unchanged.
 */
function noteWorkspaces(provider: StateProvider, names: Set<string>): StateProvider {
  return new Proxy(provider, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (typeof args[0] === 'string' && args[0] !== '' && !args[0].includes('/')) names.add(args[0]);
        return (value as (...parameters: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
