import { describe, expect, it } from 'vitest';
import { crc8Bytes } from '../src/tablestore/crc8.js';
import { PlainBufferError, type PlainBufferRow } from '../src/tablestore/plain-buffer-format.js';
import { decodeSingleRow } from '../src/tablestore/plain-buffer-reader.js';
import { encodeSingleRow } from '../src/tablestore/plain-buffer-writer.js';

const lockRow: PlainBufferRow = {
  primaryKey: [{ name: 'LockID', value: { type: 'STRING', value: Buffer.from('bucket/env:/terraform.tfstate') } }],
  attributes: [{ name: 'Info', value: { type: 'STRING', value: Buffer.from('{"ID":"x"}') } }],
  deleteMarker: false,
};

describe('PlainBuffer codec', () => {
  it('computes CRC-8 with polynomial 0x07 (check value of "123456789" is 0xf4)', () => {
    expect(crc8Bytes(0, Buffer.from('123456789'))).toBe(0xf4);
  });

  it('reproduces the checksums of the worked example verified against the SDK bytes', () => {
    const bytes = encodeSingleRow(lockRow);
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x75, 0, 0, 0]));
    const cellChecksums = [...bytes.entries()].filter(([index, byte]) => byte === 0x0a && index + 1 < bytes.length - 2).map(([index]) => bytes[index + 1]);
    expect(cellChecksums).toContain(0xfa);
    expect(cellChecksums).toContain(0xfd);
    expect(bytes.subarray(-2)).toEqual(Buffer.from([0x09, 0x16]));
  });

  it('round-trips every value type, timestamps, operations and the delete marker', () => {
    const row: PlainBufferRow = {
      primaryKey: [
        { name: 'a', value: { type: 'INTEGER', value: -5n } },
        { name: 'b', value: { type: 'BLOB', value: Buffer.from([1, 2]) } },
      ],
      attributes: [
        { name: 'd', value: { type: 'DOUBLE', value: 2.5 }, timestamp: 1234 },
        { name: 'e', value: { type: 'BOOLEAN', value: true } },
        { name: 'f', operation: 0x03, timestamp: 99 },
        { name: 'g', operation: 0x01 },
      ],
      deleteMarker: true,
    };
    expect(decodeSingleRow(encodeSingleRow(row))).toEqual(row);
  });

  it('rejects a changed value byte, a changed row checksum, a bad header and truncation', () => {
    const bytes = encodeSingleRow(lockRow);
    const valueChanged = Buffer.from(bytes);
    valueChanged[valueChanged.indexOf('"ID"') + 1] = 'X'.charCodeAt(0);
    expect(() => decodeSingleRow(valueChanged)).toThrow(/Cell checksum mismatch for column "Info"/);
    const rowChecksumChanged = Buffer.from(bytes);
    rowChecksumChanged.writeUInt8((rowChecksumChanged.at(-1) as number) ^ 0xff, rowChecksumChanged.length - 1);
    expect(() => decodeSingleRow(rowChecksumChanged)).toThrow(/Row checksum mismatch/);
    const badHeader = Buffer.from(bytes);
    badHeader[0] = 0x76;
    expect(() => decodeSingleRow(badHeader)).toThrow(PlainBufferError);
    expect(() => decodeSingleRow(bytes.subarray(0, bytes.length - 3))).toThrow(/truncated/);
  });

  it('treats trailing zero bytes as padding but refuses other trailing bytes', () => {
    const bytes = encodeSingleRow(lockRow);
    expect(decodeSingleRow(Buffer.concat([bytes, Buffer.alloc(5)]))).toEqual(lockRow);
    expect(() => decodeSingleRow(Buffer.concat([bytes, Buffer.from([1])]))).toThrow(/only one row/);
  });
});
