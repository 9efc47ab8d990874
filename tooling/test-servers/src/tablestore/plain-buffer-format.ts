/**
 * The PlainBuffer row format TableStore uses inside its protobuf messages (rows, primary keys,
 * filter values). All integers are little-endian. A buffer is the 32-bit header 0x75 followed by
 * rows; a row is TAG_ROW_PK + cells, optionally TAG_ROW_DATA + cells, optionally the delete
 * marker, and TAG_ROW_CHECKSUM + one CRC-8 byte.
 */
export const PLAIN_BUFFER_HEADER = 0x75;

export const Tag = {
  rowPrimaryKey: 0x01,
  rowData: 0x02,
  cell: 0x03,
  cellName: 0x04,
  cellValue: 0x05,
  cellOperation: 0x06,
  cellTimestamp: 0x07,
  deleteRowMarker: 0x08,
  rowChecksum: 0x09,
  cellChecksum: 0x0a,
  extension: 0x0b,
} as const;

/** The type byte that starts every serialized value. */
export const ValueTypeCode = {
  INTEGER: 0x00,
  DOUBLE: 0x01,
  BOOLEAN: 0x02,
  STRING: 0x03,
  BLOB: 0x07,
  INF_MIN: 0x09,
  INF_MAX: 0x0a,
  AUTO_INCREMENT: 0x0b,
} as const;

/** The operation byte of an UpdateRow cell (no operation byte means "put this version"). */
export const CellOperation = {
  deleteAllVersions: 0x01,
  deleteOneVersion: 0x03,
  increment: 0x04,
} as const;

/**
 * A cell value. STRING keeps its raw bytes so that values round-trip byte for byte even when a
 * client sends something that is not valid UTF-8.
 */
export type CellValue =
  | { type: 'INTEGER'; value: bigint }
  | { type: 'DOUBLE'; value: number }
  | { type: 'BOOLEAN'; value: boolean }
  | { type: 'STRING'; value: Buffer }
  | { type: 'BLOB'; value: Buffer }
  | { type: 'INF_MIN' }
  | { type: 'INF_MAX' }
  | { type: 'AUTO_INCREMENT' };

export interface PlainBufferCell {
  name: string;
  /** Absent for delete-all-versions and delete-one-version cells. */
  value?: CellValue;
  /** One of CellOperation, when the cell carries an operation byte. */
  operation?: number;
  /** Version in milliseconds since the epoch, when the cell carries one. */
  timestamp?: number;
}

export interface PlainBufferRow {
  primaryKey: PlainBufferCell[];
  attributes: PlainBufferCell[];
  deleteMarker: boolean;
}

/** Thrown for any malformed PlainBuffer: bad header, unknown tag, truncation, checksum mismatch. */
export class PlainBufferError extends Error {
  override name = 'PlainBufferError';
}
