import { PlainBufferError, ValueTypeCode, type CellValue } from './plain-buffer-format.js';

/**
 * Serializes a value as PlainBuffer writes it after a cell's length prefix, and as a filter's
 * `column_value` carries it: the type byte, then the payload (STRING and BLOB: 32-bit length +
 * bytes; INTEGER and DOUBLE: 8 bytes; BOOLEAN: 1 byte; INF_MIN, INF_MAX, AUTO_INCREMENT: nothing).
 */
export function serializeCellValue(value: CellValue): Buffer {
  switch (value.type) {
    case 'INTEGER': {
      const bytes = Buffer.alloc(9);
      bytes[0] = ValueTypeCode.INTEGER;
      bytes.writeBigInt64LE(value.value, 1);
      return bytes;
    }
    case 'DOUBLE': {
      const bytes = Buffer.alloc(9);
      bytes[0] = ValueTypeCode.DOUBLE;
      bytes.writeDoubleLE(value.value, 1);
      return bytes;
    }
    case 'BOOLEAN':
      return Buffer.from([ValueTypeCode.BOOLEAN, value.value ? 1 : 0]);
    case 'STRING':
    case 'BLOB': {
      const bytes = Buffer.alloc(5 + value.value.length);
      bytes[0] = ValueTypeCode[value.type];
      bytes.writeUInt32LE(value.value.length, 1);
      value.value.copy(bytes, 5);
      return bytes;
    }
    default:
      return Buffer.from([ValueTypeCode[value.type]]);
  }
}

/**
 * Parses a serialized value that fills `bytes` exactly (type byte + payload).
 * @throws PlainBufferError when the type is unknown or the length does not add up.
 */
export function parseCellValue(bytes: Buffer): CellValue {
  if (bytes.length === 0) throw new PlainBufferError('Cell value is empty.');
  const typeCode = bytes[0];
  const payload = bytes.subarray(1);
  const expectLength = (length: number): void => {
    if (payload.length !== length) {
      throw new PlainBufferError(`Cell value of type 0x${typeCode?.toString(16)} has ${payload.length} payload bytes, expected ${length}.`);
    }
  };
  switch (typeCode) {
    case ValueTypeCode.INTEGER:
      expectLength(8);
      return { type: 'INTEGER', value: payload.readBigInt64LE(0) };
    case ValueTypeCode.DOUBLE:
      expectLength(8);
      return { type: 'DOUBLE', value: payload.readDoubleLE(0) };
    case ValueTypeCode.BOOLEAN:
      expectLength(1);
      return { type: 'BOOLEAN', value: payload[0] !== 0 };
    case ValueTypeCode.STRING:
    case ValueTypeCode.BLOB: {
      if (payload.length < 4) throw new PlainBufferError('Cell value is truncated before its length.');
      expectLength(4 + payload.readUInt32LE(0));
      const value = Buffer.from(payload.subarray(4));
      return typeCode === ValueTypeCode.STRING ? { type: 'STRING', value } : { type: 'BLOB', value };
    }
    case ValueTypeCode.INF_MIN:
      expectLength(0);
      return { type: 'INF_MIN' };
    case ValueTypeCode.INF_MAX:
      expectLength(0);
      return { type: 'INF_MAX' };
    case ValueTypeCode.AUTO_INCREMENT:
      expectLength(0);
      return { type: 'AUTO_INCREMENT' };
    default:
      throw new PlainBufferError(`Unknown cell value type 0x${typeCode?.toString(16)}.`);
  }
}

/** The `VT_*` name TableStore uses for a value type in its error messages. */
export function variantTypeName(value: CellValue): string {
  return value.type === 'BLOB' ? 'VT_BLOB' : `VT_${value.type}`;
}
