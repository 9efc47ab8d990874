import { serializeCellValue } from './cell-value-codec.js';
import { crc8Byte, crc8Bytes } from './crc8.js';
import { PLAIN_BUFFER_HEADER, Tag, type PlainBufferCell, type PlainBufferRow } from './plain-buffer-format.js';

/** Encodes one row as a complete PlainBuffer (header, row, checksums), as responses carry it. */
export function encodeSingleRow(row: PlainBufferRow): Buffer {
  return encodeRows([row]);
}

/**
 * Encodes rows one after another behind a single header, as GetRange answers them. No rows give
 * empty bytes rather than a lone header: the SDKs test the field for emptiness before they parse it.
 */
export function encodeRows(rows: readonly PlainBufferRow[]): Buffer {
  if (rows.length === 0) return Buffer.alloc(0);
  return Buffer.concat([uint32(PLAIN_BUFFER_HEADER), ...rows.map(encodeRow)]);
}

function encodeRow(row: PlainBufferRow): Buffer {
  const parts: Buffer[] = [Buffer.from([Tag.rowPrimaryKey])];
  let rowChecksum = 0;
  const appendCell = (cell: PlainBufferCell): void => {
    const encoded = encodeCell(cell);
    parts.push(encoded.bytes);
    rowChecksum = crc8Byte(rowChecksum, encoded.checksum);
  };
  row.primaryKey.forEach(appendCell);
  if (row.attributes.length > 0) {
    parts.push(Buffer.from([Tag.rowData]));
    row.attributes.forEach(appendCell);
  }
  if (row.deleteMarker) parts.push(Buffer.from([Tag.deleteRowMarker]));
  rowChecksum = crc8Byte(rowChecksum, row.deleteMarker ? 1 : 0);
  parts.push(Buffer.from([Tag.rowChecksum, rowChecksum]));
  return Buffer.concat(parts);
}

function encodeCell(cell: PlainBufferCell): { bytes: Buffer; checksum: number } {
  const nameBytes = Buffer.from(cell.name, 'utf8');
  const parts: Buffer[] = [Buffer.from([Tag.cell, Tag.cellName]), uint32(nameBytes.length), nameBytes];
  let checksum = crc8Bytes(0, nameBytes);
  if (cell.value !== undefined) {
    const valueBytes = serializeCellValue(cell.value);
    parts.push(Buffer.from([Tag.cellValue]), uint32(valueBytes.length), valueBytes);
    checksum = crc8Bytes(checksum, valueBytes);
  }
  if (cell.operation !== undefined) parts.push(Buffer.from([Tag.cellOperation, cell.operation]));
  if (cell.timestamp !== undefined) {
    const timestampBytes = Buffer.alloc(8);
    timestampBytes.writeBigInt64LE(BigInt(cell.timestamp), 0);
    parts.push(Buffer.from([Tag.cellTimestamp]), timestampBytes);
    checksum = crc8Bytes(checksum, timestampBytes);
  }
  if (cell.operation !== undefined) checksum = crc8Byte(checksum, cell.operation);
  parts.push(Buffer.from([Tag.cellChecksum, checksum]));
  return { bytes: Buffer.concat(parts), checksum };
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value, 0);
  return bytes;
}
