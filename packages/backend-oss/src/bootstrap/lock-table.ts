import { setTimeout as sleep } from 'node:timers/promises';
import { bootstrapStep, type BootstrapStep } from '@x/backend-core';
import type { OssCredentials, TableStoreSettings } from '../config/oss-settings.js';
import { tableStoreCodeOf, tableStoreError } from '../storage/sdk-errors.js';
import { createTableStoreClient, LOCK_ID_COLUMN, tableStoreAgent } from '../storage/tablestore-rows.js';

const NAME = 'lock-table';
/** TableStore's `STRING` primary-key type and `ACTIVE` table status, as DescribeTable reports them. */
const STRING_TYPE = 2;
const ACTIVE_STATUS = 1;
const ACTIVE_WAIT_MILLISECONDS = 60_000;
const ACTIVE_POLL_MILLISECONDS = 1_000;
/** Terraform's lock rows: never expire, one version. */
const WANTED_OPTIONS = { timeToLive: -1, maxVersions: 1 };

interface TableDescription {
  tableMeta?: { primaryKey?: Array<{ name?: string; type?: number }> };
  tableOptions?: { timeToLive?: number; maxVersions?: number };
  tableStatus?: number;
}

/** The part of the tablestore SDK bootstrap uses (the package ships no types). */
interface TableAdminClient {
  describeTable(params: { tableName: string }): Promise<TableDescription>;
  createTable(params: Record<string, unknown>): Promise<unknown>;
  updateTable(params: Record<string, unknown>): Promise<unknown>;
}

async function describe(client: TableAdminClient, table: string): Promise<TableDescription | undefined> {
  try {
    return await client.describeTable({ tableName: table });
  } catch (error) {
    if (tableStoreCodeOf(error) === 'OTSObjectNotExist') return undefined;
    throw error;
  }
}

function keyProblem(description: TableDescription): string | undefined {
  const key = description.tableMeta?.primaryKey ?? [];
  const [first] = key;
  if (key.length === 1 && first?.name === LOCK_ID_COLUMN && first.type === STRING_TYPE) return undefined;
  const shown = key.map((column) => `${column.name ?? '?'} (${column.type === STRING_TYPE ? 'STRING' : `type ${column.type ?? '?'}`})`).join(', ') || 'none';
  return `its primary key is ${shown}, but Terraform needs exactly one column "${LOCK_ID_COLUMN}" of type STRING`;
}

/** What differs from TTL -1 and max versions 1, e.g. `TTL 86400`. */
function optionProblems(description: TableDescription): string[] {
  const problems: string[] = [];
  const { timeToLive, maxVersions } = description.tableOptions ?? {};
  if (timeToLive !== undefined && timeToLive !== WANTED_OPTIONS.timeToLive) problems.push(`TTL ${timeToLive} s (lock rows would expire)`);
  if (maxVersions !== undefined && maxVersions !== WANTED_OPTIONS.maxVersions) problems.push(`max versions ${maxVersions}`);
  return problems;
}

async function waitActive(client: TableAdminClient, table: string): Promise<void> {
  const deadline = Date.now() + ACTIVE_WAIT_MILLISECONDS;
  for (;;) {
    const status = (await describe(client, table))?.tableStatus;
    // Servers that do not report a status serve the table at once.
    if (status === undefined || status === ACTIVE_STATUS) return;
    if (Date.now() > deadline) throw new Error(`the table did not become ACTIVE within ${ACTIVE_WAIT_MILLISECONDS / 1000} s (status ${status})`);
    await sleep(ACTIVE_POLL_MILLISECONDS);
  }
}

/**
 * Terraform's TableStore lock table: primary key `LockID` STRING, TTL -1, max versions 1. A
 * missing table is created and waited for until ACTIVE. An existing one with another key is a
 * `conflict` (keys cannot change); other TTL or max versions are corrected with UpdateTable
 * (`unsupported-by-server` when the server lacks it). The instance must exist: instances are
 * made in the console or with the OTS control API, not through the data endpoint.
 */
export async function ensureLockTable(
  settings: TableStoreSettings,
  credentials: OssCredentials,
  dryRun: boolean,
): Promise<BootstrapStep> {
  const { table } = settings;
  const agent = tableStoreAgent(settings.endpoint);
  const client = createTableStoreClient<TableAdminClient>(settings, credentials, { agent, timeoutMilliseconds: 30_000 });
  try {
    const existing = await describe(client, table);
    if (existing === undefined) {
      if (dryRun) return bootstrapStep(NAME, table, 'would-create', `TableStore table "${table}" would be created (LockID STRING key, TTL -1, max versions 1)`);
      await client.createTable({
        tableMeta: { tableName: table, primaryKey: [{ name: LOCK_ID_COLUMN, type: 'STRING' }] },
        reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
        tableOptions: WANTED_OPTIONS,
      });
      await waitActive(client, table);
      return bootstrapStep(NAME, table, 'created', `created TableStore table "${table}" (LockID STRING key, TTL -1, max versions 1)`);
    }
    const problem = keyProblem(existing);
    if (problem !== undefined) {
      return bootstrapStep(NAME, table, 'conflict', `TableStore table "${table}" exists but ${problem}; use another tablestore_table or recreate it`);
    }
    const problems = optionProblems(existing);
    if (problems.length === 0) {
      if (!dryRun) await waitActive(client, table);
      return bootstrapStep(NAME, table, 'already', `TableStore table "${table}" exists with the LockID STRING key, TTL -1 and max versions 1`);
    }
    if (dryRun) return bootstrapStep(NAME, table, 'would-change', `TableStore table "${table}" has ${problems.join(' and ')}; it would be set to TTL -1, max versions 1`);
    try {
      await client.updateTable({ tableName: table, tableOptions: WANTED_OPTIONS });
    } catch (error) {
      const code = tableStoreCodeOf(error);
      if (code === 'OTSUnsupportOperation' || code === 'OTSMethodNotAllowed') {
        return bootstrapStep(NAME, table, 'unsupported-by-server', `TableStore table "${table}" has ${problems.join(' and ')}, and the server refused UpdateTable (${code})`);
      }
      throw error;
    }
    await waitActive(client, table);
    return bootstrapStep(NAME, table, 'changed', `TableStore table "${table}" had ${problems.join(' and ')}; set TTL -1, max versions 1`);
  } catch (error) {
    throw tableStoreError(error, `set up the TableStore table "${table}"`, table);
  } finally {
    agent.destroy();
  }
}
