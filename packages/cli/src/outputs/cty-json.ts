import { encodeGoJsonString, stringValue, type JsonMember, type JsonNode } from '@x/backend-core';
import { ctyNumberText } from './cty-number.js';

/**
 * Re-encodes a value as Terraform re-marshals a cty value: object keys sorted by byte order,
 * numbers in plain decimal, strings with Go's escaping. The result, written with
 * `writeJsonNode`, is what `terraform output -json` prints for the same state.
 */
export function normalizeCtyJson(node: JsonNode): JsonNode {
  switch (node.kind) {
    case 'string':
      return { kind: 'string', raw: encodeGoJsonString(stringValue(node)) };
    case 'number':
      return { kind: 'number', raw: ctyNumberText(node.raw) };
    case 'literal':
      return node;
    case 'array':
      return { kind: 'array', items: node.items.map(normalizeCtyJson) };
    case 'object':
      return { kind: 'object', members: sortedMembers(node.members) };
  }
}

/** Decoded keys in UTF-8 byte order, the last duplicate winning (as Go decodes them). */
function sortedMembers(members: readonly JsonMember[]): JsonMember[] {
  const byKey = new Map<string, JsonNode>();
  for (const member of members) byKey.set(member.key, member.value);
  return [...byKey.keys()]
    .sort(compareUtf8)
    .map((key) => ({ key, rawKey: encodeGoJsonString(key), value: normalizeCtyJson(byKey.get(key)!) }));
}

/** Byte-order comparison of the UTF-8 encodings, which is how Go sorts strings. */
export function compareUtf8(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'));
}
