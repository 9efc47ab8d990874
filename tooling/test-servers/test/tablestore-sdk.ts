import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { TableStoreServer } from '../src/tablestore/index.js';
import { signRequest } from '../src/tablestore/index.js';

/**
 * The parts of the untyped `tablestore` 5.6.5 SDK the TableStore server tests drive. The SDK is
 * loaded unmodified; these types only describe how the tests call it.
 */
export interface TableStoreSdk {
  Client: new (options: Record<string, unknown>) => TableStoreClient;
  Condition: new (rowExistence: number, columnCondition: unknown) => unknown;
  RowExistenceExpectation: { IGNORE: number; EXPECT_EXIST: number; EXPECT_NOT_EXIST: number };
  SingleColumnCondition: new (name: string, value: unknown, comparator: number, passIfMissing?: boolean, latestVersionOnly?: boolean) => unknown;
  CompositeCondition: new (combinator: number) => { addSubCondition(condition: unknown): void };
  ComparatorType: Record<'EQUAL' | 'NOT_EQUAL' | 'GREATER_THAN' | 'GREATER_EQUAL' | 'LESS_THAN' | 'LESS_EQUAL', number>;
  LogicalOperator: Record<'NOT' | 'AND' | 'OR', number>;
  ReturnType: { NONE: number; Primarykey: number; AfterModify: number };
  Long: { fromNumber(value: number): unknown };
  encoder: { encodePutRow(params: Record<string, unknown>): unknown };
}

type Call = (params: Record<string, unknown>) => Promise<SdkResult>;

export interface TableStoreClient {
  createTable: Call;
  describeTable: Call;
  listTable: Call;
  deleteTable: Call;
  putRow: Call;
  getRow: Call;
  updateRow: Call;
  deleteRow: Call;
  batchWriteRow: Call;
}

export interface SdkRow {
  primaryKey?: Array<{ name: string; value: unknown }>;
  attributes?: Array<{ columnName: string; columnValue: unknown; timestamp: { toNumber(): number } | null }>;
}

export interface SdkResult {
  row?: SdkRow;
  [key: string]: unknown;
}

const require = createRequire(import.meta.url);
export const TableStore = require('tablestore') as TableStoreSdk;
const compiledProtocol = require('tablestore/lib/protocol/tablestore_compiled_proto.js') as {
  main: { proto: { PutRowRequest: { encode(message: unknown): { finish(): Uint8Array } } } };
};

/** A client for `server` as the spec recommends it: no retries, a timeout, the server's key. */
export function clientFor(server: TableStoreServer, overrides: Record<string, unknown> = {}): TableStoreClient {
  return new TableStore.Client({
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.accessKeySecret,
    endpoint: server.endpoint,
    instancename: server.instanceName,
    maxRetries: 0,
    httpOptions: { timeout: 5000 },
    ...overrides,
  });
}

/** Creates the table Terraform's oss backend needs: PK `LockID` STRING, max versions 1, TTL -1. */
export async function createLockTable(client: TableStoreClient, tableName: string, maxVersions = 1): Promise<void> {
  await client.createTable({
    tableMeta: { tableName, primaryKey: [{ name: 'LockID', type: 'STRING' }] },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions },
  });
}

export function condition(expectation: keyof TableStoreSdk['RowExistenceExpectation'], columnCondition: unknown = null): unknown {
  return new TableStore.Condition(TableStore.RowExistenceExpectation[expectation], columnCondition);
}

/**
 * Asserts a rejection the way the SDK surfaces OTS errors: `code` is the HTTP status and the
 * message holds the protobuf Error bytes as text, so the OTS code and message are matched in it.
 */
export async function expectOtsError(call: Promise<unknown>, status: number, code: string, message?: string): Promise<void> {
  const error = (await call.then(
    () => expect.fail(`expected ${code} but the call succeeded`),
    (rejection: unknown) => rejection,
  )) as { code: unknown; message: string };
  expect(error.code).toBe(status);
  expect(error.message).toContain(code);
  if (message !== undefined) expect(error.message).toContain(message);
}

/** The attributes of a getRow result as `{ name: value }`, latest version first per name. */
export function attributeValues(row: SdkRow | undefined): Array<[string, unknown]> {
  return (row?.attributes ?? []).map((attribute) => [attribute.columnName, attribute.columnValue]);
}

/** Encodes a PutRowRequest body with the SDK's own encoder, for tests that then corrupt it. */
export function sdkPutRowBody(params: Record<string, unknown>): Buffer {
  return Buffer.from(compiledProtocol.main.proto.PutRowRequest.encode(TableStore.encoder.encodePutRow(params)).finish());
}

/**
 * Sends one raw API request signed like the SDKs sign it, with optional header overrides applied
 * after signing (to forge dates, MD5s, signatures). Returns the status and the error code text.
 */
export async function sendRawRequest(
  server: TableStoreServer,
  operation: string,
  body: Buffer,
  options: { headers?: Record<string, string>; method?: string; signedHeaders?: Record<string, string> } = {},
): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = {
    'x-ots-date': new Date().toISOString(),
    'x-ots-apiversion': '2015-12-31',
    'x-ots-accesskeyid': server.accessKeyId,
    'x-ots-instancename': server.instanceName,
    'x-ots-contentmd5': createHash('md5').update(body).digest('base64'),
    ...options.signedHeaders,
  };
  const method = options.method ?? 'POST';
  headers['x-ots-signature'] = signRequest(server.accessKeySecret, `/${operation}`, method, headers);
  const response = await fetch(`${server.endpoint}/${operation}`, {
    method,
    headers: { ...headers, ...options.headers },
    ...(method === 'POST' ? { body } : {}),
  });
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()).toString('latin1') };
}
