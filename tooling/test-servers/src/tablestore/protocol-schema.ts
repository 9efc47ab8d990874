import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';

/**
 * The protobuf messages of TableStore's API (package `main.proto`) and of its filters (package
 * `filter.proto`), loaded at run time from the protocol definition the `tablestore` npm package
 * ships. Only the schema is taken from there; the PlainBuffer rows inside the messages are
 * decoded by this server's own codec.
 */
let root: protobuf.Root | undefined;

function schemaRoot(): protobuf.Root {
  if (root === undefined) {
    const require = createRequire(import.meta.url);
    const protocolDirectory = join(dirname(require.resolve('tablestore/package.json')), 'lib', 'protocol');
    root = protobuf.loadSync([join(protocolDirectory, 'tablestore.proto'), join(protocolDirectory, 'tablestore_filter.proto')]);
  }
  return root;
}

/** A message type of the API, e.g. `messageType('PutRowRequest')`. */
export function messageType(name: string): protobuf.Type {
  return schemaRoot().lookupType(`main.proto.${name}`);
}

/** A filter message type, e.g. `filterMessageType('SingleColumnValueFilter')`. */
export function filterMessageType(name: string): protobuf.Type {
  return schemaRoot().lookupType(`filter.proto.${name}`);
}

/**
 * Decodes `bytes` as `type` into a plain object: camelCase field names, 64-bit integers as
 * decimal strings, enums as numbers, bytes as Buffers.
 * @throws Error from protobufjs when the bytes are malformed or a required field is missing.
 */
export function decodeMessage<T>(type: protobuf.Type, bytes: Uint8Array): T {
  const message = type.decode(bytes);
  return type.toObject(message, { longs: String, enums: Number, bytes: Buffer, defaults: false }) as T;
}

/** Encodes a plain object (camelCase fields) as `type`. */
export function encodeMessage(type: protobuf.Type, value: Record<string, unknown>): Buffer {
  return Buffer.from(type.encode(type.fromObject(value)).finish());
}
