import type { CellValue, PlainBufferCell } from './plain-buffer-format.js';

/**
 * The data size TableStore bills and caps reads by: for each cell, its name's UTF-8 bytes plus its
 * value's size (strings and binaries their bytes, integers and doubles 8, booleans 1). Versions
 * and PlainBuffer framing do not count.
 */
export function cellsDataSize(cells: readonly PlainBufferCell[]): number {
  let size = 0;
  for (const cell of cells) size += Buffer.byteLength(cell.name) + (cell.value === undefined ? 0 : valueDataSize(cell.value));
  return size;
}

function valueDataSize(value: CellValue): number {
  switch (value.type) {
    case 'STRING':
    case 'BLOB':
      return value.value.length;
    case 'INTEGER':
    case 'DOUBLE':
      return 8;
    case 'BOOLEAN':
      return 1;
    default:
      return 0;
  }
}
