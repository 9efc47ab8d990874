/**
 * CRC-8 as PlainBuffer uses it: polynomial 0x07, initial value 0, no reflection, no final XOR.
 * Every cell and every row of a PlainBuffer carries one of these, so a corrupted or hand-edited
 * body is caught before the server touches its tables.
 */
const crcTable = buildTable();

function buildTable(): Uint8Array {
  const table = new Uint8Array(256);
  for (let index = 0; index < 256; index += 1) {
    let value = index;
    for (let bit = 0; bit < 8; bit += 1) {
      value = value & 0x80 ? ((value << 1) ^ 0x07) & 0xff : (value << 1) & 0xff;
    }
    table[index] = value;
  }
  return table;
}

/** Folds one byte into a running checksum. */
export function crc8Byte(crc: number, byte: number): number {
  return crcTable[(crc ^ byte) & 0xff] as number;
}

/** Folds every byte of `bytes`, in order, into a running checksum. */
export function crc8Bytes(crc: number, bytes: Uint8Array): number {
  let result = crc;
  for (const byte of bytes) result = crc8Byte(result, byte);
  return result;
}
