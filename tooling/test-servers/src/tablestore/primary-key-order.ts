import type { CellValue, PlainBufferCell } from './plain-buffer-format.js';

/**
 * Orders two primary key values of one column as TableStore sorts rows: INF_MIN before and
 * INF_MAX after every value, integers as signed 64-bit numbers, strings and binaries by their
 * bytes (so a prefix sorts before every longer key that starts with it, and "Z" before "a").
 */
export function comparePrimaryKeyValues(left: CellValue, right: CellValue): number {
  const leftRank = infinityRank(left);
  const rightRank = infinityRank(right);
  if (leftRank !== 0 || rightRank !== 0) return Math.sign(leftRank - rightRank);
  if ((left.type === 'STRING' || left.type === 'BLOB') && (right.type === 'STRING' || right.type === 'BLOB')) {
    return Buffer.compare(left.value, right.value);
  }
  if (left.type === 'INTEGER' && right.type === 'INTEGER') return left.value < right.value ? -1 : left.value > right.value ? 1 : 0;
  // Primary keys are validated against the schema before they are compared, so this is a bug.
  throw new Error(`Cannot order primary key values of types ${left.type} and ${right.type}.`);
}

/**
 * Orders two primary keys of one table column by column, the first difference deciding. Both
 * must already be validated against the schema (same columns, same order).
 */
export function comparePrimaryKeys(left: readonly PlainBufferCell[], right: readonly PlainBufferCell[]): number {
  for (const [index, leftCell] of left.entries()) {
    const order = comparePrimaryKeyValues(leftCell.value as CellValue, (right[index] as PlainBufferCell).value as CellValue);
    if (order !== 0) return order;
  }
  return 0;
}

function infinityRank(value: CellValue): number {
  if (value.type === 'INF_MIN') return -1;
  if (value.type === 'INF_MAX') return 1;
  return 0;
}
