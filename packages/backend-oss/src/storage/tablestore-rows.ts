import { createRequire } from 'node:module';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { OssCredentials, TableStoreSettings } from '../config/oss-settings.js';
import { isConditionCheckFailure, tableStoreError } from './sdk-errors.js';

/** The part of the `tablestore` SDK used here; the package ships no types. */
interface TableStoreSdk {
  Client: new (config: Record<string, unknown>) => TableStoreSdkClient;
  Direction: { FORWARD: string };
  INF_MAX: unknown;
  Condition: new (rowExistence: number, columnCondition: unknown) => unknown;
  SingleColumnCondition: new (column: string, value: string, comparator: number, passIfMissing: boolean, latestVersionOnly: boolean) => unknown;
  RowExistenceExpectation: { IGNORE: number; EXPECT_EXIST: number; EXPECT_NOT_EXIST: number };
  ComparatorType: { EQUAL: number };
}

interface TableStoreSdkClient {
  describeTable(params: { tableName: string }): Promise<DescribeTableResponse>;
  putRow(params: Record<string, unknown>): Promise<unknown>;
  getRow(params: Record<string, unknown>): Promise<{ row?: { attributes?: Array<{ columnName: string; columnValue: unknown }> } }>;
  deleteRow(params: Record<string, unknown>): Promise<unknown>;
  getRange(params: Record<string, unknown>): Promise<RangePage>;
}

interface RangePage {
  rows?: Array<{ primaryKey?: Array<{ name: string; value: unknown }> }>;
  nextStartPrimaryKey?: Array<{ name: string; value: unknown }> | null;
}

interface DescribeTableResponse {
  tableMeta?: { primaryKey?: Array<{ name?: string; type?: number }> };
  tableOptions?: { timeToLive?: number; maxVersions?: number };
}

/** Primary-key types as DescribeTable reports them. */
const primaryKeyTypeNames: Record<number, string> = { 1: 'INTEGER', 2: 'STRING', 3: 'BINARY' };

/** What the lock table looks like. */
export interface TableShape {
  /** Primary-key columns in order, as `NAME TYPE`. */
  primaryKey: string[];
  /** Seconds a row lives; -1 means forever. */
  timeToLive: number | undefined;
}

const sdk = createRequire(import.meta.url)('tablestore') as TableStoreSdk;

/** The primary-key column of Terraform's lock table. */
export const LOCK_ID_COLUMN = 'LockID';

/**
 * A `tablestore` SDK client for the backend's instance and credentials, with the package's
 * retry count and request timeout. Shared by the row store and bootstrap, so both sign alike.
 */
export function createTableStoreClient<Client = TableStoreSdkClient>(
  settings: TableStoreSettings,
  credentials: OssCredentials,
  options: { agent: HttpAgent | HttpsAgent; timeoutMilliseconds?: number | undefined },
): Client {
  return new sdk.Client({
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.accessKeySecret,
    stsToken: credentials.securityToken,
    endpoint: settings.endpoint,
    instancename: settings.instanceName,
    // The SDK has no default timeout, and this value replaces its process-wide retry count
    // (20 tries, about a minute against a dead endpoint): every client of this package sets 3.
    maxRetries: 3,
    httpOptions: { timeout: options.timeoutMilliseconds ?? 15_000, agent: options.agent },
  }) as Client;
}

/** A kept-alive agent for the endpoint's scheme. */
export function tableStoreAgent(endpoint: string): HttpAgent | HttpsAgent {
  return endpoint.startsWith('https:') ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
}

/**
 * The TableStore calls the provider makes: rows keyed by the STRING primary key `LockID`, one
 * STRING attribute each, every error mapped to a BackendError.
 */
export class TableStoreRows {
  private readonly client: TableStoreSdkClient;
  private readonly table: string;
  private readonly agent: HttpAgent | HttpsAgent;

  constructor(settings: TableStoreSettings, credentials: OssCredentials, options: { timeoutMilliseconds?: number } = {}) {
    this.table = settings.table;
    this.agent = tableStoreAgent(settings.endpoint);
    this.client = createTableStoreClient(settings, credentials, { agent: this.agent, timeoutMilliseconds: options.timeoutMilliseconds });
  }

  /** The table's primary key and TTL. */
  async describe(): Promise<TableShape> {
    let response: DescribeTableResponse;
    try {
      response = await this.client.describeTable({ tableName: this.table });
    } catch (error) {
      throw tableStoreError(error, `describe the TableStore table "${this.table}"`, this.table);
    }
    return {
      primaryKey: (response.tableMeta?.primaryKey ?? []).map(
        (column) => `${column.name ?? ''} ${primaryKeyTypeNames[column.type ?? 0] ?? String(column.type)}`,
      ),
      timeToLive: response.tableOptions?.timeToLive,
    };
  }

  /** PutRow with `EXPECT_NOT_EXIST`: false when the row already exists. */
  async putIfAbsent(lockId: string, column: string, value: string): Promise<boolean> {
    try {
      await this.client.putRow({
        tableName: this.table,
        condition: new sdk.Condition(sdk.RowExistenceExpectation.EXPECT_NOT_EXIST, null),
        primaryKey: [{ [LOCK_ID_COLUMN]: lockId }],
        attributeColumns: [{ [column]: value }],
      });
      return true;
    } catch (error) {
      if (isConditionCheckFailure(error)) return false;
      throw tableStoreError(error, `write the row "${lockId}"`, this.table);
    }
  }

  /** PutRow with `IGNORE`: creates or replaces the row. */
  async put(lockId: string, column: string, value: string): Promise<void> {
    try {
      await this.client.putRow({
        tableName: this.table,
        condition: new sdk.Condition(sdk.RowExistenceExpectation.IGNORE, null),
        primaryKey: [{ [LOCK_ID_COLUMN]: lockId }],
        attributeColumns: [{ [column]: value }],
      });
    } catch (error) {
      throw tableStoreError(error, `write the row "${lockId}"`, this.table);
    }
  }

  /**
   * The STRING value of `column` in the row, or undefined when the row does not exist. A cell
   * of another type gives `{ unreadable: true }`: Terraform could not read it either.
   */
  async get(lockId: string, column: string): Promise<{ value: string } | { unreadable: true } | undefined> {
    let response: Awaited<ReturnType<TableStoreSdkClient['getRow']>>;
    try {
      response = await this.client.getRow({
        tableName: this.table,
        primaryKey: [{ [LOCK_ID_COLUMN]: lockId }],
        columnsToGet: [LOCK_ID_COLUMN, column],
        maxVersions: 1,
      });
    } catch (error) {
      throw tableStoreError(error, `read the row "${lockId}"`, this.table);
    }
    const attributes = response.row?.attributes;
    if (attributes === undefined) return undefined;
    const cell = attributes.find((attribute) => attribute.columnName === column);
    if (cell === undefined) return { unreadable: true };
    return typeof cell.columnValue === 'string' ? { value: cell.columnValue } : { unreadable: true };
  }

  /**
   * DeleteRow only if the row exists and `column` still holds exactly `expected`: false when
   * the condition failed (the row is gone or holds something else).
   */
  async deleteIfEquals(lockId: string, column: string, expected: string): Promise<boolean> {
    const columnCondition = new sdk.SingleColumnCondition(column, expected, sdk.ComparatorType.EQUAL, false, true);
    try {
      await this.client.deleteRow({
        tableName: this.table,
        condition: new sdk.Condition(sdk.RowExistenceExpectation.EXPECT_EXIST, columnCondition),
        primaryKey: [{ [LOCK_ID_COLUMN]: lockId }],
      });
      return true;
    } catch (error) {
      if (isConditionCheckFailure(error)) return false;
      throw tableStoreError(error, `delete the row "${lockId}"`, this.table);
    }
  }

  /**
   * The `LockID`s that start with `prefix` of the rows that have `column`, in key order: a range
   * read from `prefix` that stops at the first key outside it, one page (up to 1000 rows) a
   * request. Rows without `column` (digest rows, for lock rows) are not returned by the service.
   */
  async keysWithPrefix(prefix: string, column: string): Promise<string[]> {
    const keys: string[] = [];
    let start: Array<Record<string, unknown>> = [{ [LOCK_ID_COLUMN]: prefix }];
    for (;;) {
      let page: RangePage;
      try {
        page = await this.client.getRange({
          tableName: this.table,
          direction: sdk.Direction.FORWARD,
          inclusiveStartPrimaryKey: start,
          exclusiveEndPrimaryKey: [{ [LOCK_ID_COLUMN]: sdk.INF_MAX }],
          columnsToGet: [column],
          limit: 1000,
          maxVersions: 1,
        });
      } catch (error) {
        throw tableStoreError(error, `read the rows under "${prefix}"`, this.table);
      }
      for (const row of page.rows ?? []) {
        const key = row.primaryKey?.find((cell) => cell.name === LOCK_ID_COLUMN)?.value;
        if (typeof key !== 'string' || !key.startsWith(prefix)) return keys;
        keys.push(key);
      }
      const next = page.nextStartPrimaryKey;
      if (next === undefined || next === null || next.length === 0) return keys;
      // The SDK answers keys as [{ name, value }] but takes them as [{ NAME: value }].
      start = next.map(({ name, value }) => ({ [name]: value }));
    }
  }

  /** DeleteRow with `IGNORE`: a missing row resolves. */
  async delete(lockId: string): Promise<void> {
    try {
      await this.client.deleteRow({
        tableName: this.table,
        condition: new sdk.Condition(sdk.RowExistenceExpectation.IGNORE, null),
        primaryKey: [{ [LOCK_ID_COLUMN]: lockId }],
      });
    } catch (error) {
      throw tableStoreError(error, `delete the row "${lockId}"`, this.table);
    }
  }

  /** Closes the kept-alive sockets. */
  close(): void {
    this.agent.destroy();
  }
}
