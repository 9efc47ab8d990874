import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { startTableStoreServer, type TableStoreServer, type TableStoreServerOptions, type TestServerKind, type TestServers } from '@x/test-servers';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, inject } from 'vitest';

/** The servers of the kinds asked for, each known to be running. */
export type RequiredServers<Kind extends TestServerKind> = { [Name in Kind]: NonNullable<TestServers[Name]> };

/**
 * The shared test servers (vitest globalSetup '@x/test-servers/global-setup') of the given kinds.
 * Throws naming TFSTATE_TEST_SERVERS when one of them was not started, so a misconfigured run
 * fails with the fix instead of a connection error.
 */
export function requireServers<Kind extends TestServerKind>(...kinds: Kind[]): RequiredServers<Kind> {
  const servers: TestServers = inject('testServers');
  const missing = kinds.filter((kind) => servers[kind] === undefined);
  if (missing.length > 0) {
    throw new Error(`these tests need TFSTATE_TEST_SERVERS to include ${missing.join(',')} (see vitest.config.ts)`);
  }
  return Object.fromEntries(kinds.map((kind) => [kind, servers[kind]])) as RequiredServers<Kind>;
}

/** `stem` plus a random suffix, so tests sharing one server never meet each other's buckets or tables. */
export function uniqueName(stem: string): string {
  return `${stem}-${randomBytes(5).toString('hex')}`;
}

/** An S3 client for radosgw (path-style addressing). The caller destroys it. */
export function s3Client(): S3Client {
  const { s3 } = requireServers('s3');
  return new S3Client({
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
}

/** A DynamoDB client for dynalite. The caller destroys it. */
export function dynamoClient(): DynamoDBClient {
  const { dynamodb } = requireServers('dynamodb');
  return new DynamoDBClient({
    region: dynamodb.region,
    endpoint: dynamodb.endpoint,
    credentials: { accessKeyId: dynamodb.accessKeyId, secretAccessKey: dynamodb.secretAccessKey },
  });
}

/** An S3 client for radosgw and a DynamoDB client for dynalite, shared by the calling test file and destroyed after its tests. */
export function clientsForFile(): { s3: S3Client; dynamodb: DynamoDBClient } {
  const clients = { s3: s3Client(), dynamodb: dynamoClient() };
  afterAll(() => {
    clients.s3.destroy();
    clients.dynamodb.destroy();
  });
  return clients;
}

/**
 * A fresh bucket on radosgw named after `stem`, with versioning enabled when asked. The OSS test
 * server keeps its objects in radosgw, so OSS tests create their buckets here too.
 */
export async function createS3Bucket(stem: string, options: { versioned?: boolean } = {}): Promise<string> {
  const bucket = uniqueName(stem);
  const client = s3Client();
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    if (options.versioned) {
      await client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    }
  } finally {
    client.destroy();
  }
  return bucket;
}

/**
 * A fresh DynamoDB table on dynalite with one String hash key, resolved once it is ACTIVE. The key
 * is Terraform's `LockID` unless a test needs a table of the wrong shape.
 */
export async function createDynamoLockTable(options: { stem?: string; keyName?: string } = {}): Promise<string> {
  const table = uniqueName(options.stem ?? 'locks');
  const keyName = options.keyName ?? 'LockID';
  const client = dynamoClient();
  try {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [{ AttributeName: keyName, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: keyName, KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: table });
  } finally {
    client.destroy();
  }
  return table;
}

/** The part of the `tablestore` SDK these tests use (it ships no types). */
export interface TableStoreSdk {
  Client: new (config: object) => { createTable(params: object): Promise<unknown>; putRow(params: object): Promise<unknown> };
  Condition: new (expectation: number, columnCondition: unknown) => unknown;
  RowExistenceExpectation: { IGNORE: number };
}

/** The `tablestore` SDK (a CommonJS package without types), loaded through require. */
export const tableStoreSdk = createRequire(import.meta.url)('tablestore') as TableStoreSdk;

/** A `tablestore` SDK client for `server`, signing with the server's own key. */
export function tableStoreClient(server: TableStoreServer): InstanceType<TableStoreSdk['Client']> {
  return new tableStoreSdk.Client({
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.accessKeySecret,
    endpoint: server.endpoint,
    instancename: server.instanceName,
    maxRetries: 3,
  });
}

/**
 * A TableStore server that also accepts the OSS server's key: the oss backend signs OSS and
 * TableStore requests with one key, and the shared TableStore server has a key of its own.
 */
export function startTableStoreForOss(options: TableStoreServerOptions = {}): Promise<TableStoreServer> {
  const { oss } = requireServers('oss');
  return startTableStoreServer({
    ...options,
    credentials: [{ accessKeyId: oss.accessKeyId, accessKeySecret: oss.accessKeySecret }, ...(options.credentials ?? [])],
  });
}

/**
 * A fresh lock table in Terraform's shape (one STRING primary key `LockID`) on `server`. TableStore
 * table names take no hyphens, so the unique name uses underscores.
 */
export async function createTableStoreLockTable(server: TableStoreServer, stem = 'tflock'): Promise<string> {
  const table = uniqueName(stem).replace(/-/g, '_');
  await tableStoreClient(server).createTable({
    tableMeta: { tableName: table, primaryKey: [{ name: 'LockID', type: 'STRING' }] },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1 },
  });
  return table;
}

/** How an s3 backend on radosgw locks: an S3 lock file, a DynamoDB table on dynalite, or not at all. */
export type S3Lock = { kind: 'lockfile' } | { kind: 'dynamodb'; table: string } | { kind: 'none' };

export interface S3BackendSettingsOptions {
  bucket: string;
  lock: S3Lock;
  /** The state key; `app/terraform.tfstate` unless given. */
  key?: string;
  /** Where the backend reaches S3 (a fault proxy, say); radosgw itself unless given. */
  endpoint?: string;
  /** More entries of the `endpoints` map, after `s3` (and `dynamodb`). */
  moreEndpoints?: Record<string, string>;
}

/**
 * The s3 backend settings for radosgw as HCL attribute lines, which Terraform and tfstate read
 * alike: path-style addressing, the account checks radosgw cannot answer skipped, and the lock.
 */
export function s3BackendSettings(options: S3BackendSettingsOptions): string[] {
  const { s3 } = requireServers('s3');
  const lines = [
    `bucket = "${options.bucket}"`,
    `key = "${options.key ?? 'app/terraform.tfstate'}"`,
    `region = "${s3.region}"`,
    `access_key = "${s3.accessKeyId}"`,
    `secret_key = "${s3.secretAccessKey}"`,
    'use_path_style = true',
    'skip_credentials_validation = true',
    'skip_requesting_account_id = true',
    'skip_s3_checksum = true',
  ];
  const endpoints: Record<string, string> = { s3: options.endpoint ?? s3.endpoint };
  if (options.lock.kind === 'lockfile') lines.push('use_lockfile = true');
  if (options.lock.kind === 'dynamodb') {
    lines.push(`dynamodb_table = "${options.lock.table}"`);
    endpoints.dynamodb = requireServers('dynamodb').dynamodb.endpoint;
  }
  Object.assign(endpoints, options.moreEndpoints);
  const entries = Object.entries(endpoints).map(([service, url]) => `${service} = "${url}"`);
  lines.push(`endpoints = { ${entries.join(', ')} }`);
  return lines;
}

/** How an oss backend locks: an OSS lock file, or a TableStore table. */
export type OssLock =
  | { kind: 'lockfile' }
  | {
      kind: 'tablestore';
      server: TableStoreServer;
      table: string;
      /** Terraform 1.11's oss backend has no `tablestore_instance_name`; leave it out for Terraform. */
      withInstanceName?: boolean;
    };

export interface OssBackendSettingsOptions {
  bucket: string;
  lock: OssLock;
  /** The workspace prefix; `env:` unless given. */
  prefix?: string;
  /** The state key; the backend's default unless given. */
  key?: string;
}

/** The oss backend settings for the OSS test server as HCL attribute lines. */
export function ossBackendSettings(options: OssBackendSettingsOptions): string[] {
  const { oss } = requireServers('oss');
  const lines = [
    `bucket = "${options.bucket}"`,
    `endpoint = "${oss.endpoint}"`,
    `region = "${oss.region}"`,
    `access_key = "${oss.accessKeyId}"`,
    `secret_key = "${oss.accessKeySecret}"`,
    `prefix = "${options.prefix ?? 'env:'}"`,
  ];
  if (options.key !== undefined) lines.push(`key = "${options.key}"`);
  const { lock } = options;
  if (lock.kind === 'lockfile') {
    lines.push('use_lockfile = true');
  } else {
    lines.push(`tablestore_endpoint = "${lock.server.endpoint}"`);
    if (lock.withInstanceName ?? true) lines.push(`tablestore_instance_name = "${lock.server.instanceName}"`);
    lines.push(`tablestore_table = "${lock.table}"`);
  }
  return lines;
}

/** Settings lines as the text of a backend file (`backend.hcl`, `-backend-config=` file). */
export function hclText(lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
