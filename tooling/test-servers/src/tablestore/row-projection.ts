import { columnConditionHolds } from './column-condition.js';
import { liveVersions, type StoredRow, type StoredVersion, type TableDefinition } from './in-memory-tables.js';
import { otsErrors } from './ots-error.js';
import type { PlainBufferCell, PlainBufferRow } from './plain-buffer-format.js';

/** `TimeRange` as protobufjs decodes it: 64-bit timestamps arrive as decimal strings. */
export interface TimeRangeMessage {
  startTime?: string;
  endTime?: string;
  specificTime?: string;
}

/** What a read (GetRow, GetRange) asks of each row it finds. */
export interface RowReadOptions {
  columnsToGet?: string[];
  timeRange?: TimeRangeMessage;
  maxVersions?: number;
  /** The `Filter` protobuf bytes; empty or absent when the read is unfiltered. */
  filter?: Buffer;
}

/**
 * Checks the version condition every read needs: `max_versions`, `time_range` or both.
 * @throws OtsError OTSParameterInvalid (400) when neither is given or max_versions is not positive.
 */
export function checkVersionCondition(options: RowReadOptions): void {
  if (options.maxVersions === undefined && options.timeRange === undefined) {
    throw otsErrors.parameterInvalid('No version condition is specified.');
  }
  if (options.maxVersions !== undefined && options.maxVersions <= 0) {
    throw otsErrors.parameterInvalid(`Invalid max_versions: ${options.maxVersions}.`);
  }
}

/**
 * What a read returns of a stored row: the primary key plus the requested attribute columns (all
 * when `columns_to_get` is empty), at most `max_versions` versions each within `time_range`.
 * Undefined when the row fails the filter, or has none of the requested columns and no primary
 * key column was asked for, so such a row is left out of the answer as TableStore leaves it out.
 */
export function projectRow(definition: TableDefinition, row: StoredRow, options: RowReadOptions, now: number): PlainBufferRow | undefined {
  const columnVersions = (name: string): StoredVersion[] => liveVersions(definition, row.columns.get(name) ?? [], now);
  if (options.filter !== undefined && options.filter.length > 0 && !columnConditionHolds(options.filter, columnVersions)) return undefined;
  const requested = [...new Set(options.columnsToGet ?? [])];
  const primaryKeyNames = new Set(definition.primaryKey.map((column) => column.name));
  const attributeNames = requested.length > 0 ? requested.filter((name) => !primaryKeyNames.has(name)) : [...row.columns.keys()];
  const inRange = versionRangeFilter(options.timeRange);
  const attributes: PlainBufferCell[] = [];
  for (const name of attributeNames.sort(compareColumnNames)) {
    const versions = columnVersions(name).filter(inRange).slice(0, options.maxVersions ?? Number.MAX_SAFE_INTEGER);
    for (const version of versions) attributes.push({ name, value: version.value, timestamp: version.timestamp });
  }
  const askedForPrimaryKey = requested.length === 0 || requested.some((name) => primaryKeyNames.has(name));
  if (attributes.length === 0 && !askedForPrimaryKey) return undefined;
  return { primaryKey: row.primaryKey, attributes, deleteMarker: false };
}

/** Column names are ordered by their bytes, as TableStore orders cells within a row. */
export function compareColumnNames(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left), Buffer.from(right));
}

function versionRangeFilter(timeRange: TimeRangeMessage | undefined): (version: StoredVersion) => boolean {
  if (timeRange === undefined) return () => true;
  if (timeRange.specificTime !== undefined) {
    const specific = Number(timeRange.specificTime);
    return (version) => version.timestamp === specific;
  }
  const start = timeRange.startTime === undefined ? Number.NEGATIVE_INFINITY : Number(timeRange.startTime);
  const end = timeRange.endTime === undefined ? Number.POSITIVE_INFINITY : Number(timeRange.endTime);
  return (version) => version.timestamp >= start && version.timestamp < end;
}
