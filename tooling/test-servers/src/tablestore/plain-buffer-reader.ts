import { parseCellValue } from './cell-value-codec.js';
import { crc8Byte, crc8Bytes } from './crc8.js';
import {
  PLAIN_BUFFER_HEADER,
  PlainBufferError,
  Tag,
  type PlainBufferCell,
  type PlainBufferRow,
} from './plain-buffer-format.js';

/**
 * Decodes a PlainBuffer holding exactly one row, as the row-level requests carry it (PutRow's
 * row, UpdateRow's row change, GetRow's and DeleteRow's primary key). Every cell checksum and the
 * row checksum are verified against the bytes received.
 * @throws PlainBufferError on a bad header, an unexpected tag, truncation, trailing bytes or a
 *   checksum mismatch.
 */
export function decodeSingleRow(buffer: Uint8Array): PlainBufferRow {
  const reader = new ByteReader(Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength));
  if (reader.remaining() < 4 || reader.uint32() !== PLAIN_BUFFER_HEADER) {
    throw new PlainBufferError('Invalid PlainBuffer header, expected 0x75.');
  }
  const row = readRow(reader);
  // The Node SDK over-estimates the size of UpdateRow cells that carry a timestamp and sends the
  // unused tail of its buffer as zero bytes; zeros are padding, anything else is a second row.
  if (reader.bytes(reader.remaining()).some((byte) => byte !== 0)) {
    throw new PlainBufferError('Unexpected bytes after the row checksum; only one row is allowed.');
  }
  return row;
}

function readRow(reader: ByteReader): PlainBufferRow {
  let tag = reader.byte();
  if (tag !== Tag.rowPrimaryKey) throw new PlainBufferError(`Expected the primary key tag 0x01, found 0x${tag.toString(16)}.`);
  const primaryKey: ChecksummedCell[] = [];
  tag = reader.byte();
  while (tag === Tag.cell) {
    primaryKey.push(readCell(reader));
    tag = reader.byte();
  }
  const attributes: ChecksummedCell[] = [];
  if (tag === Tag.rowData) {
    tag = reader.byte();
    while (tag === Tag.cell) {
      attributes.push(readCell(reader));
      tag = reader.byte();
    }
  }
  let deleteMarker = false;
  if (tag === Tag.deleteRowMarker) {
    deleteMarker = true;
    tag = reader.byte();
  }
  if (tag !== Tag.rowChecksum) throw new PlainBufferError(`Expected the row checksum tag 0x09, found 0x${tag.toString(16)}.`);
  const received = reader.byte();
  let expected = 0;
  for (const cell of [...primaryKey, ...attributes]) expected = crc8Byte(expected, cell.checksum);
  expected = crc8Byte(expected, deleteMarker ? 1 : 0);
  if (received !== expected) throw new PlainBufferError('Row checksum mismatch.');
  return { primaryKey: primaryKey.map((entry) => entry.cell), attributes: attributes.map((entry) => entry.cell), deleteMarker };
}

interface ChecksummedCell {
  cell: PlainBufferCell;
  checksum: number;
}

/** Reads one cell after its TAG_CELL and checks its checksum over the bytes as received. */
function readCell(reader: ByteReader): ChecksummedCell {
  let tag = reader.byte();
  if (tag !== Tag.cellName) throw new PlainBufferError(`Expected the cell name tag 0x04, found 0x${tag.toString(16)}.`);
  const nameBytes = reader.bytes(reader.uint32());
  const cell: PlainBufferCell = { name: nameBytes.toString('utf8') };
  let checksum = crc8Bytes(0, nameBytes);
  tag = reader.byte();
  if (tag === Tag.cellValue) {
    const valueBytes = reader.bytes(reader.uint32());
    cell.value = parseCellValue(valueBytes);
    checksum = crc8Bytes(checksum, valueBytes);
    tag = reader.byte();
  }
  if (tag === Tag.cellOperation) {
    cell.operation = reader.byte();
    tag = reader.byte();
  }
  if (tag === Tag.cellTimestamp) {
    const timestampBytes = reader.bytes(8);
    cell.timestamp = Number(timestampBytes.readBigInt64LE(0));
    checksum = crc8Bytes(checksum, timestampBytes);
    tag = reader.byte();
  }
  // The operation byte is written before the timestamp but folded into the checksum after it.
  if (cell.operation !== undefined) checksum = crc8Byte(checksum, cell.operation);
  if (tag !== Tag.cellChecksum) throw new PlainBufferError(`Expected the cell checksum tag 0x0a, found 0x${tag.toString(16)}.`);
  if (reader.byte() !== checksum) throw new PlainBufferError(`Cell checksum mismatch for column "${cell.name}".`);
  return { cell, checksum };
}

class ByteReader {
  private offset = 0;

  constructor(private readonly buffer: Buffer) {}

  remaining(): number {
    return this.buffer.length - this.offset;
  }

  byte(): number {
    this.need(1);
    const value = this.buffer[this.offset] as number;
    this.offset += 1;
    return value;
  }

  uint32(): number {
    this.need(4);
    const value = this.buffer.readUInt32LE(this.offset);
    this.offset += 4;
    return value;
  }

  bytes(length: number): Buffer {
    this.need(length);
    const value = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  private need(length: number): void {
    if (this.remaining() < length) throw new PlainBufferError('PlainBuffer is truncated.');
  }
}
