import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import OSS from 'ali-oss';
import { inject } from 'vitest';
import type { StateProvider } from '@x/backend-core';
import { createProviderFromConfig, type RawConfig } from '../../src/index.js';
import type { OssTestServers } from './global-setup.js';

/** The servers the global setup started. */
export function testServers(): OssTestServers {
  return inject('ossTestServers');
}

/** A random name usable as bucket, prefix or table. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** The raw ali-oss surface the tests use to look behind the provider's back. */
export interface RawOssClient {
  get(name: string, options?: object): Promise<{ content: Buffer; res: { headers: Record<string, string> } }>;
  head(name: string): Promise<{ res: { headers: Record<string, string> } }>;
  put(name: string, content: Buffer, options?: object): Promise<unknown>;
  delete(name: string): Promise<unknown>;
  list(query: Record<string, unknown>, options: object): Promise<{ objects?: Array<{ name: string }>; isTruncated?: boolean; nextMarker?: string }>;
  putBucket(name: string): Promise<unknown>;
  putBucketVersioning(name: string, status: 'Enabled' | 'Suspended'): Promise<unknown>;
  getObjectMeta(name: string): Promise<{ res: { headers: Record<string, string> } }>;
  getACL(name: string): Promise<{ acl: string }>;
}

/** ali-oss with the test servers' long-term key, straight to the OSS server. */
export function rawOssClient(bucket: string): RawOssClient {
  const { oss } = testServers();
  return new OSS({
    accessKeyId: oss.accessKeyId,
    accessKeySecret: oss.accessKeySecret,
    endpoint: oss.endpoint,
    region: `oss-${oss.region}`,
    bucket,
  }) as unknown as RawOssClient;
}

/** Every object key under `prefix`. */
export async function listAllKeys(client: RawOssClient, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let marker: string | undefined;
  for (;;) {
    const page = await client.list({ prefix, marker, 'max-keys': 1000 }, {});
    const names = (page.objects ?? []).map((object) => object.name);
    keys.push(...names);
    if (!page.isTruncated || names.length === 0) return keys;
    marker = page.nextMarker ?? names[names.length - 1];
  }
}

/** A fresh bucket name. */
export function uniqueBucketName(): string {
  return uniqueName('tfstate-oss');
}

/** A fresh TableStore table name. */
export function uniqueTableName(): string {
  return uniqueName('tflock').replace(/-/g, '_');
}

/** Creates a bucket, versioned or not. */
export async function createBucket(name: string, options: { versioning: 'Off' | 'Enabled' | 'Suspended' }): Promise<string> {
  const client = rawOssClient(name);
  await client.putBucket(name);
  if (options.versioning !== 'Off') {
    if (options.versioning === 'Suspended') await client.putBucketVersioning(name, 'Enabled');
    await client.putBucketVersioning(name, options.versioning);
  }
  return name;
}

/** The part of the tablestore SDK the tests use. */
export interface RawTableStore {
  createTable(params: object): Promise<unknown>;
  putRow(params: object): Promise<unknown>;
  getRow(params: object): Promise<{ row?: { attributes?: Array<{ columnName: string; columnValue: unknown }> } }>;
  deleteRow(params: object): Promise<unknown>;
  getRange(params: object): Promise<{
    rows: Array<{ primaryKey: Array<{ name: string; value: unknown }> }>;
    nextStartPrimaryKey: Array<{ name: string; value: unknown }> | null;
  }>;
}

interface TableStoreModule {
  Client: new (config: object) => RawTableStore;
  Condition: new (expectation: number, columnCondition: unknown) => unknown;
  RowExistenceExpectation: { IGNORE: number };
  PrimaryKeyType: { STRING: number; INTEGER: number };
  Direction: { FORWARD: string };
  INF_MAX: unknown;
}

/** The tablestore SDK (CommonJS, untyped). */
export const tableStoreSdk = createRequire(import.meta.url)('tablestore') as TableStoreModule;

/** A TableStore server: the global one unless a test started its own. */
export interface TableStoreTarget {
  endpoint: string;
  instanceName: string;
}

/** The tablestore SDK with the test servers' key, straight to a TableStore server. */
export function rawTableStore(target: TableStoreTarget = testServers().tablestore): RawTableStore {
  const { tablestore: credentials } = testServers();
  const tablestore = { ...credentials, ...target };
  return new tableStoreSdk.Client({
    accessKeyId: tablestore.accessKeyId,
    secretAccessKey: tablestore.accessKeySecret,
    endpoint: tablestore.endpoint,
    instancename: tablestore.instanceName,
    maxRetries: 3,
    httpOptions: { timeout: 10_000 },
  });
}

/** Creates a table; by default Terraform's shape (one STRING primary key `LockID`, rows never expire). */
export async function createLockTable(
  name: string,
  primaryKey: Array<{ name: string; type: 'STRING' | 'INTEGER' }> = [{ name: 'LockID', type: 'STRING' }],
  target?: TableStoreTarget,
): Promise<string> {
  await rawTableStore(target).createTable({
    tableMeta: {
      tableName: name,
      primaryKey: primaryKey.map((column) => ({ name: column.name, type: column.type })),
    },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1 },
  });
  return name;
}

/** A row's STRING attribute, or undefined when the row does not exist. */
export async function readRow(table: string, lockId: string, column: string, target?: TableStoreTarget): Promise<unknown> {
  const response = await rawTableStore(target).getRow({ tableName: table, primaryKey: [{ LockID: lockId }], columnsToGet: [column], maxVersions: 1 });
  return response.row?.attributes?.find((attribute) => attribute.columnName === column)?.columnValue;
}

/** Every `LockID` that starts with `prefix`, in key order, read page by page with GetRange. */
export async function rowKeysWithPrefix(table: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let start: Array<Record<string, unknown>> = [{ LockID: prefix }];
  for (;;) {
    const page = await rawTableStore().getRange({
      tableName: table,
      direction: tableStoreSdk.Direction.FORWARD,
      inclusiveStartPrimaryKey: start,
      exclusiveEndPrimaryKey: [{ LockID: tableStoreSdk.INF_MAX }],
      limit: 100,
    });
    for (const row of page.rows) {
      const key = row.primaryKey[0]?.value;
      if (typeof key !== 'string' || !key.startsWith(prefix)) return keys;
      keys.push(key);
    }
    if (!page.nextStartPrimaryKey) return keys;
    start = page.nextStartPrimaryKey.map(({ name, value }) => ({ [name]: value }));
  }
}

/** Writes a row with one STRING attribute, replacing it. */
export async function writeRow(table: string, lockId: string, column: string, value: string): Promise<void> {
  await rawTableStore().putRow({
    tableName: table,
    condition: new tableStoreSdk.Condition(tableStoreSdk.RowExistenceExpectation.IGNORE, null),
    primaryKey: [{ LockID: lockId }],
    attributeColumns: [{ [column]: value }],
  });
}

/** Deletes a row; a missing row resolves. */
export async function deleteRow(table: string, lockId: string): Promise<void> {
  await rawTableStore().deleteRow({
    tableName: table,
    condition: new tableStoreSdk.Condition(tableStoreSdk.RowExistenceExpectation.IGNORE, null),
    primaryKey: [{ LockID: lockId }],
  });
}

/** Lock modes the tests run in. */
export type LockMode = 'tablestore' | 'lockfile' | 'none';

/** oss backend arguments for the test servers, with static keys. */
export function backendConfig(options: { bucket: string; prefix?: string; lockMode: LockMode; table?: string; extra?: RawConfig }): Record<string, unknown> {
  const { oss, tablestore } = testServers();
  const config: Record<string, unknown> = {
    bucket: options.bucket,
    endpoint: oss.endpoint,
    region: oss.region,
    access_key: oss.accessKeyId,
    secret_key: oss.accessKeySecret,
  };
  if (options.prefix !== undefined) config.prefix = options.prefix;
  if (options.lockMode === 'tablestore') {
    config.tablestore_endpoint = tablestore.endpoint;
    config.tablestore_instance_name = tablestore.instanceName;
    config.tablestore_table = options.table;
  }
  if (options.lockMode === 'lockfile') config.use_lockfile = true;
  return { ...config, ...options.extra };
}

/** Short consistency timings for tests (Terraform's are 10 s / 2 s). */
export const testConsistency = { windowMilliseconds: 3_000, pollMilliseconds: 100 };

/** A provider from backend arguments, with an empty environment and short digest timings. */
export function providerFromConfig(config: RawConfig, env: NodeJS.ProcessEnv = {}): Promise<StateProvider> {
  return createProviderFromConfig(config, {
    workingDirectory: process.cwd(),
    env,
    providerOptions: { consistency: testConsistency },
  });
}
