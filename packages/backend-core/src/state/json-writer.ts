import { encodeGoJsonString } from '../json/go-json-string.js';
import type { JsonMember, JsonNode } from './json-tree.js';

/**
 * Writes a tree as Go's `encoding/json` would re-emit it: embedded raw JSON goes through Go's
 * `compact` with HTML escaping, so number text and string escapes are kept while a literal
 * `<`, `>`, `&`, U+2028 or U+2029 inside a string becomes its `\u` escape. `indent` undefined
 * gives compact output (`json.Marshal`); a string gives `json.MarshalIndent(v, "", indent)`,
 * which keeps empty containers as `{}` and `[]`.
 */
export function writeJsonNode(node: JsonNode, indent?: string): string {
  const parts: string[] = [];
  emit(node, indent, '', parts);
  return parts.join('');
}

/**
 * Appends `node` to `parts` at nesting prefix `prefix`. One recursive function with plain loops,
 * so that deeply nested provider data costs one stack frame per level.
 */
function emit(node: JsonNode, indent: string | undefined, prefix: string, parts: string[]): void {
  if (node.kind === 'string') {
    parts.push(escapeHtmlInRaw(node.raw));
    return;
  }
  if (node.kind === 'number' || node.kind === 'literal') {
    parts.push(node.raw);
    return;
  }
  const isObject = node.kind === 'object';
  const count = isObject ? node.members.length : node.items.length;
  const [open, close] = isObject ? ['{', '}'] : ['[', ']'];
  if (count === 0) {
    parts.push(open, close);
    return;
  }
  const inner = indent === undefined ? prefix : prefix + indent;
  parts.push(open);
  for (let index = 0; index < count; index++) {
    if (index > 0) parts.push(',');
    if (indent !== undefined) parts.push('\n', inner);
    if (isObject) {
      const member = node.members[index]!;
      parts.push(escapeHtmlInRaw(member.rawKey), indent === undefined ? ':' : ': ');
      emit(member.value, indent, inner, parts);
    } else {
      emit(node.items[index]!, indent, inner, parts);
    }
  }
  if (indent !== undefined) parts.push('\n', prefix);
  parts.push(close);
}

/** A string's source text with the characters Go's HTML-safe `compact` escapes replaced. */
function escapeHtmlInRaw(raw: string): string {
  return raw.replace(/[<>&\u2028\u2029]/g, (character) => '\\u' + character.charCodeAt(0).toString(16).padStart(4, '0'));
}

/**
 * Builds a tree from a plain JavaScript value the way Go marshals a decoded value: strings
 * with Go escaping, object keys sorted by UTF-8 byte order (Go sorts map keys), `undefined`
 * members dropped. Non-finite numbers have no JSON form and are refused.
 */
export function nodeFromValue(value: unknown, path = 'value'): JsonNode {
  if (value === null) return { kind: 'literal', raw: 'null' };
  if (typeof value === 'boolean') return { kind: 'literal', raw: value ? 'true' : 'false' };
  if (typeof value === 'string') return { kind: 'string', raw: encodeGoJsonString(value) };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${path} is ${value}, which JSON cannot represent`);
    return { kind: 'number', raw: JSON.stringify(value) };
  }
  if (typeof value === 'bigint') return { kind: 'number', raw: value.toString() };
  if (Array.isArray(value)) {
    return { kind: 'array', items: value.map((item, index) => nodeFromValue(item ?? null, `${path}[${index}]`)) };
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort(compareUtf8);
    const members: JsonMember[] = [];
    for (const key of keys) {
      const member = (value as Record<string, unknown>)[key];
      if (member === undefined) continue;
      members.push({ key, rawKey: encodeGoJsonString(key), value: nodeFromValue(member, `${path}.${key}`) });
    }
    return { kind: 'object', members };
  }
  throw new TypeError(`${path} has type ${typeof value}, which JSON cannot represent`);
}

/** Compares strings by the UTF-8 bytes they encode to, i.e. by code point. */
function compareUtf8(left: string, right: string): number {
  const leftPoints = [...left];
  const rightPoints = [...right];
  const length = Math.min(leftPoints.length, rightPoints.length);
  for (let index = 0; index < length; index++) {
    const difference = leftPoints[index]!.codePointAt(0)! - rightPoints[index]!.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return leftPoints.length - rightPoints.length;
}
