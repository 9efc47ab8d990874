import { columnConditionHolds } from './column-condition.js';
import { liveVersions, type InMemoryTables, type StoredRow, type StoredTable, type StoredVersion } from './in-memory-tables.js';
import { otsErrors } from './ots-error.js';
import { CellOperation, type PlainBufferCell, type PlainBufferRow } from './plain-buffer-format.js';
import { encodeSingleRow } from './plain-buffer-writer.js';
import { primaryKeyIdentity, storedPrimaryKey, validatePrimaryKey } from './primary-key.js';
import { decodeRequestRow, rejectTransaction } from './row-request-checks.js';
import { checkVersionCondition, compareColumnNames, projectRow, type RowReadOptions } from './row-projection.js';

interface ConditionMessage {
  rowExistence: number;
  columnCondition?: Buffer;
}

interface ReturnContentMessage {
  returnType?: number;
  returnColumnNames?: string[];
}

interface WriteRequest {
  tableName: string;
  condition: ConditionMessage;
  returnContent?: ReturnContentMessage;
  transactionId?: string;
}

export interface PutRowRequest extends WriteRequest {
  row: Buffer;
}

export interface UpdateRowRequest extends WriteRequest {
  rowChange: Buffer;
}

export interface DeleteRowRequest extends WriteRequest {
  primaryKey: Buffer;
}

export interface GetRowRequest extends RowReadOptions {
  tableName: string;
  primaryKey: Buffer;
  startColumn?: string;
  endColumn?: string;
  token?: Buffer;
  transactionId?: string;
}

export interface RowResponse {
  consumed: { capacityUnit: { read: number; write: number } };
  row?: Buffer;
}

/** A write that passed its checks: the decoded change, the row as stored now (if any) and the time to stamp. */
interface PendingWrite {
  table: StoredTable;
  change: PlainBufferRow;
  now: number;
  /** The stored row's identity in `table.rows`. */
  key: string;
  existing: StoredRow | undefined;
}

const RowExistence = { ignore: 0, expectExist: 1, expectNotExist: 2 } as const;
const ReturnType = { none: 0, primaryKey: 1, afterModify: 2 } as const;

/**
 * The single-row operations. Each validates the primary key against the table schema, then the
 * condition (row existence, then the column condition), then applies the change atomically.
 * Versions: a cell without a timestamp gets the current time in milliseconds; each column keeps
 * the table's `max_versions` newest versions; a version with the same timestamp is overwritten.
 */
export class RowOperations {
  constructor(
    private readonly tables: InMemoryTables,
    private readonly clock: () => number = Date.now,
  ) {}

  /** PutRow replaces the whole row (all columns, all versions). */
  putRow(request: PutRowRequest): RowResponse {
    const { table, change, now, key } = this.beginWrite(request, request.row, (decoded) => {
      if (decoded.deleteMarker) throw otsErrors.parameterInvalid('PutRow must not carry a delete row marker.');
    });
    const row: StoredRow = { primaryKey: storedPrimaryKey(change.primaryKey), columns: new Map() };
    for (const cell of change.attributes) {
      if (cell.operation !== undefined) throw otsErrors.parameterInvalid(`PutRow column '${cell.name}' must not carry an update operation.`);
      putVersion(table, row, cell, now);
    }
    table.rows.set(key, row);
    return writeResponse(row, request.returnContent, now, table);
  }

  /** UpdateRow applies put / delete-one-version / delete-all-versions / increment cells. */
  updateRow(request: UpdateRowRequest): RowResponse {
    const { table, change, now, key, existing } = this.beginWrite(request, request.rowChange, (decoded) => {
      if (decoded.attributes.length === 0) throw otsErrors.parameterInvalid('UpdateRow must change at least one attribute column.');
    });
    const row: StoredRow = {
      primaryKey: storedPrimaryKey(change.primaryKey),
      columns: new Map([...(existing?.columns ?? new Map<string, StoredVersion[]>())].map(([name, versions]) => [name, [...versions]])),
    };
    for (const cell of change.attributes) applyUpdateCell(table, row, cell, now);
    if (existing !== undefined || row.columns.size > 0) table.rows.set(key, row);
    return writeResponse(row, request.returnContent, now, table);
  }

  /** DeleteRow removes the row with all its versions; a missing row is fine under IGNORE. */
  deleteRow(request: DeleteRowRequest): RowResponse {
    const { table, change, now, key } = this.beginWrite(request, request.primaryKey, (decoded) => {
      if (decoded.attributes.length > 0) throw otsErrors.parameterInvalid('DeleteRow takes a primary key only.');
    });
    table.rows.delete(key);
    const row: StoredRow = { primaryKey: storedPrimaryKey(change.primaryKey), columns: new Map() };
    return writeResponse(row, request.returnContent, now, table);
  }

  /**
   * GetRow returns the row as `projectRow` reads it, or an empty row when the row is missing, fails
   * the filter, or has none of the requested columns.
   */
  getRow(request: GetRowRequest): RowResponse {
    rejectTransaction(request.transactionId);
    if (request.startColumn !== undefined || request.endColumn !== undefined || (request.token?.length ?? 0) > 0) {
      throw otsErrors.unsupported('GetRow start_column, end_column and token are not supported by this test server.');
    }
    const table = this.tables.get(request.tableName);
    const change = decodeRequestRow(request.primaryKey);
    validatePrimaryKey(table.definition, change.primaryKey);
    checkVersionCondition(request);
    const consumed = { capacityUnit: { read: 1, write: 0 } };
    const row = table.rows.get(primaryKeyIdentity(change.primaryKey));
    const projected = row === undefined ? undefined : projectRow(table.definition, row, request, this.clock());
    return { consumed, row: projected === undefined ? Buffer.alloc(0) : encodeSingleRow(projected) };
  }

  /**
   * The checks PutRow, UpdateRow and DeleteRow make before they change anything: no transaction, a known table, a
   * well-formed row whose primary key fits the schema, the operation's own `checkRow`, then the condition against the
   * stored row, so a malformed request is reported as such even when its condition would fail too.
   */
  private beginWrite(request: WriteRequest, encodedRow: Buffer, checkRow: (row: PlainBufferRow) => void): PendingWrite {
    rejectTransaction(request.transactionId);
    const table = this.tables.get(request.tableName);
    const change = decodeRequestRow(encodedRow);
    validatePrimaryKey(table.definition, change.primaryKey);
    checkRow(change);
    const now = this.clock();
    const key = primaryKeyIdentity(change.primaryKey);
    const existing = table.rows.get(key);
    this.checkCondition(table, existing, request.condition, now);
    return { table, change, now, key, existing };
  }

  /**
   * Row existence first (IGNORE never fails; EXPECT_EXIST needs the row; EXPECT_NOT_EXIST needs it
   * absent), then the column condition against the row's live versions.
   * @throws OtsError OTSConditionCheckFail (403) "Condition check failed."
   */
  private checkCondition(table: StoredTable, existing: StoredRow | undefined, condition: ConditionMessage, now: number): void {
    switch (condition.rowExistence) {
      case RowExistence.ignore:
        break;
      case RowExistence.expectExist:
        if (existing === undefined) throw otsErrors.conditionCheckFailed();
        break;
      case RowExistence.expectNotExist:
        if (existing !== undefined) throw otsErrors.conditionCheckFailed();
        break;
      default:
        throw otsErrors.parameterInvalid(`Unknown row existence expectation: ${condition.rowExistence}.`);
    }
    if (condition.columnCondition === undefined || condition.columnCondition.length === 0) return;
    const columnVersions = (name: string): StoredVersion[] => liveVersions(table.definition, existing?.columns.get(name) ?? [], now);
    if (!columnConditionHolds(condition.columnCondition, columnVersions)) throw otsErrors.conditionCheckFailed();
  }
}

function putVersion(table: StoredTable, row: StoredRow, cell: PlainBufferCell, now: number): void {
  const value = cell.value;
  if (value === undefined || !('value' in value)) {
    throw otsErrors.parameterInvalid(`Column '${cell.name}' needs a concrete value to be written.`);
  }
  const timestamp = cell.timestamp ?? now;
  const versions = (row.columns.get(cell.name) ?? []).filter((version) => version.timestamp !== timestamp);
  versions.push({ timestamp, value });
  versions.sort((left, right) => right.timestamp - left.timestamp);
  row.columns.set(cell.name, versions.slice(0, table.definition.maxVersions));
}

function applyUpdateCell(table: StoredTable, row: StoredRow, cell: PlainBufferCell, now: number): void {
  switch (cell.operation) {
    case undefined:
      putVersion(table, row, cell, now);
      return;
    case CellOperation.deleteAllVersions:
      row.columns.delete(cell.name);
      return;
    case CellOperation.deleteOneVersion: {
      if (cell.timestamp === undefined) throw otsErrors.parameterInvalid(`Deleting one version of '${cell.name}' needs its timestamp.`);
      const remaining = (row.columns.get(cell.name) ?? []).filter((version) => version.timestamp !== cell.timestamp);
      if (remaining.length > 0) row.columns.set(cell.name, remaining);
      else row.columns.delete(cell.name);
      return;
    }
    case CellOperation.increment: {
      if (cell.value?.type !== 'INTEGER') throw otsErrors.parameterInvalid(`Increment of '${cell.name}' needs an INTEGER value.`);
      if (cell.timestamp !== undefined) throw otsErrors.parameterInvalid(`Increment of '${cell.name}' must not carry a timestamp.`);
      const latest = liveVersions(table.definition, row.columns.get(cell.name) ?? [], now)[0];
      if (latest !== undefined && latest.value.type !== 'INTEGER') {
        throw otsErrors.parameterInvalid(`Column '${cell.name}' holds ${latest.value.type}, only INTEGER columns can be incremented.`);
      }
      const base = latest?.value.type === 'INTEGER' ? latest.value.value : 0n;
      putVersion(table, row, { name: cell.name, value: { type: 'INTEGER', value: BigInt.asIntN(64, base + cell.value.value) } }, now);
      return;
    }
    default:
      throw otsErrors.parameterInvalid(`Unknown cell operation 0x${cell.operation.toString(16)} on '${cell.name}'.`);
  }
}

/** RT_PK returns the primary key; RT_AFTER_MODIFY adds the newest version of the named columns. */
function writeResponse(row: StoredRow, returnContent: ReturnContentMessage | undefined, now: number, table: StoredTable): RowResponse {
  const consumed = { capacityUnit: { read: 0, write: 1 } };
  const returnType = returnContent?.returnType ?? ReturnType.none;
  if (returnType === ReturnType.none) return { consumed };
  const attributes: PlainBufferCell[] = [];
  if (returnType === ReturnType.afterModify) {
    for (const name of [...new Set(returnContent?.returnColumnNames ?? [])].sort(compareColumnNames)) {
      const latest = liveVersions(table.definition, row.columns.get(name) ?? [], now)[0];
      if (latest !== undefined) attributes.push({ name, value: latest.value, timestamp: latest.timestamp });
    }
  }
  return { consumed, row: encodeSingleRow({ primaryKey: row.primaryKey, attributes, deleteMarker: false }) };
}
