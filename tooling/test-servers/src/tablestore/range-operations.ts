import { columnConditionHolds } from './column-condition.js';
import type { InMemoryTables, StoredRow, StoredTable } from './in-memory-tables.js';
import { otsErrors } from './ots-error.js';
import type { PlainBufferCell, PlainBufferRow } from './plain-buffer-format.js';
import { encodeRows, encodeSingleRow } from './plain-buffer-writer.js';
import { comparePrimaryKeys } from './primary-key-order.js';
import { validateRangeBoundary } from './primary-key.js';
import { cellsDataSize } from './row-data-size.js';
import { checkVersionCondition, projectRow, type RowReadOptions } from './row-projection.js';
import { decodeRequestRow, rejectTransaction } from './row-request-checks.js';

/**
 * `GetRangeRequest` as protobufjs decodes it. `cache_blocks`, `data_block_type_hint`,
 * `compress_type_hint` and `return_entire_primary_keys` are hints the service is free to
 * disregard, and this server does: it always answers whole primary keys in uncompressed PlainBuffer.
 */
export interface GetRangeRequest extends RowReadOptions {
  tableName: string;
  direction: number;
  limit?: number;
  inclusiveStartPrimaryKey: Buffer;
  exclusiveEndPrimaryKey: Buffer;
  startColumn?: string;
  endColumn?: string;
  token?: Buffer;
  transactionId?: string;
}

export interface GetRangeResponse {
  consumed: { capacityUnit: { read: number; write: number } };
  /** The rows in PlainBuffer, one header then row after row; empty when no row is returned. */
  rows: Buffer;
  /** The primary key to start the next request at; absent when the range is exhausted. */
  nextStartPrimaryKey?: Buffer;
  dataBlockType: number;
}

const Direction = { forward: 0, backward: 1 } as const;
const DATA_BLOCK_TYPE_PLAIN_BUFFER = 0;
/** TableStore answers at most 5,000 rows per GetRange, whatever the limit. */
const MAX_ROWS_PER_RESPONSE = 5000;
/** ...and at most 4 MB of row data (see `cellsDataSize`). */
const MAX_DATA_BYTES_PER_RESPONSE = 4 * 1024 * 1024;
/** One read capacity unit covers 4 KB of data read. */
const BYTES_PER_READ_CAPACITY_UNIT = 4096;

/** GetRange: reads the rows of a primary key range in either direction, a page at a time. */
export class RangeOperations {
  constructor(
    private readonly tables: InMemoryTables,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Returns, in primary key order (descending for BACKWARD), each row from the inclusive start
   * key up to the exclusive end key as `projectRow` reads it; rows the filter or `columns_to_get`
   * leave empty are skipped. A page ends at `limit` rows, 5,000 rows or 4 MB of row data; then
   * `next_start_primary_key` is the key of the next row of the range, to send as the next start.
   * Capacity: the primary keys of every row read plus the attribute data returned, per 4 KB
   * rounded up, at least 1.
   * @throws OtsError OTSObjectNotExist (404) for a missing table; OTSInvalidPK (400) for boundaries
   *   that do not fit the schema; OTSParameterInvalid (400) for a start not before the end in the
   *   direction of reading ("Begin key must less than end key in FORWARD"), a limit below 1, a
   *   missing version condition or a malformed filter; OTSUnsupportOperation (400) for
   *   transactions, column pagination (start_column, end_column, token) and pagination filters.
   */
  getRange(request: GetRangeRequest): GetRangeResponse {
    rejectTransaction(request.transactionId);
    if (request.startColumn !== undefined || request.endColumn !== undefined || (request.token?.length ?? 0) > 0) {
      throw otsErrors.unsupported('GetRange start_column, end_column and token are not supported by this test server.');
    }
    const table = this.tables.get(request.tableName);
    const start = decodeRequestRow(request.inclusiveStartPrimaryKey).primaryKey;
    const end = decodeRequestRow(request.exclusiveEndPrimaryKey).primaryKey;
    validateRangeBoundary(table.definition, start);
    validateRangeBoundary(table.definition, end);
    checkVersionCondition(request);
    if (request.limit !== undefined && request.limit <= 0) throw otsErrors.parameterInvalid('The limit must be greater than 0.');
    const order = directionOrder(request.direction);
    if (order * comparePrimaryKeys(start, end) >= 0) {
      throw otsErrors.parameterInvalid(
        order > 0 ? 'Begin key must less than end key in FORWARD' : 'Begin key must more than end key in BACKWARD',
      );
    }
    if (request.filter !== undefined && request.filter.length > 0) {
      // Evaluating the filter against a row without columns decodes every part of it, so a
      // malformed or unsupported filter fails even when the range holds no row.
      columnConditionHolds(request.filter, () => []);
    }

    const now = this.clock();
    const rowLimit = Math.min(request.limit ?? MAX_ROWS_PER_RESPONSE, MAX_ROWS_PER_RESPONSE);
    const returned: PlainBufferRow[] = [];
    let returnedBytes = 0;
    let readBytes = 0;
    let nextStart: PlainBufferCell[] | undefined;
    for (const row of rowsInRange(table, start, end, order)) {
      if (returned.length === rowLimit) {
        nextStart = row.primaryKey;
        break;
      }
      const projected = projectRow(table.definition, row, request, now);
      if (projected === undefined) {
        readBytes += cellsDataSize(row.primaryKey);
        continue;
      }
      const size = cellsDataSize(projected.primaryKey) + cellsDataSize(projected.attributes);
      // A row larger than the cap on its own is still returned, or the client could never get past it.
      if (returned.length > 0 && returnedBytes + size > MAX_DATA_BYTES_PER_RESPONSE) {
        nextStart = row.primaryKey;
        break;
      }
      returned.push(projected);
      returnedBytes += size;
      readBytes += size;
    }
    return {
      consumed: { capacityUnit: { read: Math.max(1, Math.ceil(readBytes / BYTES_PER_READ_CAPACITY_UNIT)), write: 0 } },
      rows: encodeRows(returned),
      ...(nextStart === undefined ? {} : { nextStartPrimaryKey: encodeSingleRow({ primaryKey: nextStart, attributes: [], deleteMarker: false }) }),
      // Said outright because a client may have hinted at another block type.
      dataBlockType: DATA_BLOCK_TYPE_PLAIN_BUFFER,
    };
  }
}

/** 1 for FORWARD (ascending keys), -1 for BACKWARD (descending keys). */
function directionOrder(direction: number): 1 | -1 {
  if (direction === Direction.forward) return 1;
  if (direction === Direction.backward) return -1;
  throw otsErrors.parameterInvalid(`Invalid direction: ${direction}.`);
}

/**
 * The stored rows from `start` (inclusive) to `end` (exclusive) in reading order. The table keeps
 * rows unordered, so every read sorts them: simple, and fast enough for a test's tables.
 */
function rowsInRange(table: StoredTable, start: readonly PlainBufferCell[], end: readonly PlainBufferCell[], order: 1 | -1): StoredRow[] {
  return [...table.rows.values()]
    .filter((row) => order * comparePrimaryKeys(row.primaryKey, start) >= 0 && order * comparePrimaryKeys(row.primaryKey, end) < 0)
    .sort((left, right) => order * comparePrimaryKeys(left.primaryKey, right.primaryKey));
}
