import { parseCellValue } from './cell-value-codec.js';
import type { StoredVersion } from './in-memory-tables.js';
import { otsErrors } from './ots-error.js';
import { PlainBufferError, type CellValue } from './plain-buffer-format.js';
import { decodeMessage, filterMessageType } from './protocol-schema.js';

interface FilterMessage {
  type: number;
  filter: Buffer;
}

interface SingleColumnValueFilterMessage {
  comparator: number;
  columnName: string;
  columnValue: Buffer;
  filterIfMissing: boolean;
  latestVersionOnly: boolean;
}

interface CompositeColumnValueFilterMessage {
  combinator: number;
  subFilters?: FilterMessage[];
}

const FilterType = { single: 1, composite: 2, pagination: 3 } as const;
const LogicalOperator = { not: 1, and: 2, or: 3 } as const;
const Comparator = { equal: 1, notEqual: 2, greaterThan: 3, greaterEqual: 4, lessThan: 5, lessEqual: 6 } as const;

/**
 * Evaluates a column condition (the `Filter` protobuf bytes of `Condition.column_condition` or of
 * GetRow's `filter`) against a row's live column versions.
 * - Single column: compares the column with the value using the comparator. A missing column
 *   passes unless `filter_if_missing`. With `latest_version_only` only the newest version is
 *   compared, otherwise any matching version passes. Values of different types never match.
 * - Composite: NOT (exactly one sub-condition), AND, OR (at least two).
 * @param columnVersions the live versions of a column, newest first; empty when missing.
 * @throws OtsError OTSParameterInvalid (400) for malformed or unsupported filters.
 */
export function columnConditionHolds(filterBytes: Buffer, columnVersions: (name: string) => StoredVersion[]): boolean {
  return evaluateFilter(decode<FilterMessage>('Filter', filterBytes), columnVersions);
}

function evaluateFilter(filter: FilterMessage, columnVersions: (name: string) => StoredVersion[]): boolean {
  if (filter.type === FilterType.single) {
    const single = decode<SingleColumnValueFilterMessage>('SingleColumnValueFilter', filter.filter);
    let expected: CellValue;
    try {
      expected = parseCellValue(single.columnValue);
    } catch (error) {
      if (error instanceof PlainBufferError) throw otsErrors.parameterInvalid(`Invalid column value in column condition: ${error.message}`);
      throw error;
    }
    const versions = columnVersions(single.columnName);
    if (versions.length === 0) return !single.filterIfMissing;
    const candidates = single.latestVersionOnly ? versions.slice(0, 1) : versions;
    return candidates.some((version) => comparisonHolds(single.comparator, version.value, expected));
  }
  if (filter.type === FilterType.composite) {
    const composite = decode<CompositeColumnValueFilterMessage>('CompositeColumnValueFilter', filter.filter);
    const subFilters = composite.subFilters ?? [];
    switch (composite.combinator) {
      case LogicalOperator.not:
        if (subFilters.length !== 1) throw otsErrors.parameterInvalid('The NOT operator requires exactly one sub condition.');
        return !evaluateFilter(subFilters[0] as FilterMessage, columnVersions);
      case LogicalOperator.and:
      case LogicalOperator.or: {
        if (subFilters.length < 2) throw otsErrors.parameterInvalid('The AND and OR operators require at least two sub conditions.');
        const results = subFilters.map((subFilter) => evaluateFilter(subFilter, columnVersions));
        return composite.combinator === LogicalOperator.and ? results.every(Boolean) : results.some(Boolean);
      }
      default:
        throw otsErrors.parameterInvalid(`Unknown logical operator: ${composite.combinator}.`);
    }
  }
  if (filter.type === FilterType.pagination) throw otsErrors.unsupported('Column pagination filters are not supported by this test server.');
  throw otsErrors.parameterInvalid(`Unknown filter type: ${filter.type}.`);
}

function comparisonHolds(comparator: number, actual: CellValue, expected: CellValue): boolean {
  const order = compareValues(actual, expected);
  if (order === undefined) return false;
  switch (comparator) {
    case Comparator.equal:
      return order === 0;
    case Comparator.notEqual:
      return order !== 0;
    case Comparator.greaterThan:
      return order > 0;
    case Comparator.greaterEqual:
      return order >= 0;
    case Comparator.lessThan:
      return order < 0;
    case Comparator.lessEqual:
      return order <= 0;
    default:
      throw otsErrors.parameterInvalid(`Unknown comparator: ${comparator}.`);
  }
}

/** Orders two values of the same type; undefined when the types differ. Strings compare by bytes. */
function compareValues(left: CellValue, right: CellValue): number | undefined {
  if (left.type !== right.type || !('value' in left) || !('value' in right)) return undefined;
  if (Buffer.isBuffer(left.value) && Buffer.isBuffer(right.value)) return Buffer.compare(left.value, right.value);
  const leftValue = left.value as bigint | number | boolean;
  const rightValue = right.value as bigint | number | boolean;
  return leftValue < rightValue ? -1 : leftValue > rightValue ? 1 : 0;
}

function decode<T>(name: string, bytes: Buffer): T {
  try {
    return decodeMessage<T>(filterMessageType(name), bytes);
  } catch (error) {
    throw otsErrors.parameterInvalid(`Invalid column condition (${name}): ${(error as Error).message}`);
  }
}
