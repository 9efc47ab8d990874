import { stringValue, type JsonNode } from '@x/backend-core';
import { ctyNumberText } from './cty-number.js';
import { goQuote } from './go-quote.js';

/**
 * Renders an output value as `terraform output` shows it: HCL-like syntax with `tolist(...)`,
 * `toset(...)` and `tomap(...)` around typed collections, heredocs for multi-line strings, and
 * two-space indentation. `type` is the cty type JSON stored beside the value.
 */
export function formatOutputValue(node: JsonNode, type: unknown, indent = 0): string {
  if (node.kind === 'literal') return node.raw;
  if (node.kind === 'number') return ctyNumberText(node.raw);
  if (node.kind === 'string') return formatString(stringValue(node), indent);
  const [kind, detail] = Array.isArray(type) ? (type as [string, unknown]) : [type, undefined];
  if (node.kind === 'array') {
    const wrapper = kind === 'list' ? 'tolist' : kind === 'set' ? 'toset' : '';
    const elementType = (index: number): unknown =>
      kind === 'tuple' && Array.isArray(detail) ? detail[index] : kind === 'list' || kind === 'set' ? detail : 'dynamic';
    const items = node.items.map((item, index) => `${formatOutputValue(item, elementType(index), indent + 2)},`);
    return wrap(wrapper, '[', ']', items, indent);
  }
  const attributeTypes = kind === 'object' && isRecord(detail) ? detail : undefined;
  const entries = node.members.map((member) => {
    const memberType = kind === 'map' ? detail : (attributeTypes?.[member.key] ?? 'dynamic');
    return `${goQuote(member.key)} = ${formatOutputValue(member.value, memberType, indent + 2)}`;
  });
  return wrap(kind === 'map' ? 'tomap' : '', '{', '}', entries, indent);
}

function wrap(wrapper: string, open: string, close: string, lines: string[], indent: number): string {
  const body =
    lines.length === 0
      ? `${open}${close}`
      : `${open}\n${lines.map((line) => `${' '.repeat(indent + 2)}${line}`).join('\n')}\n${' '.repeat(indent)}${close}`;
  return wrapper === '' ? body : `${wrapper}(${body})`;
}

/** A quoted string, or a heredoc when it spans lines (`<<-` when nested, so it can be indented). */
function formatString(text: string, indent: number): string {
  if (!text.includes('\n')) return goQuote(text);
  const lines = text.split('\n');
  let delimiter = 'EOT';
  while (lines.some((line) => line.trim() === delimiter)) delimiter += '_';
  const padding = ' '.repeat(indent);
  const operator = indent > 0 ? '<<-' : '<<';
  return `${operator}${delimiter}\n${lines.map((line) => padding + line).join('\n')}\n${padding}${delimiter}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Terraform's friendly name of a cty type: `string`, `list of number`, `object`, ... */
export function friendlyTypeName(type: unknown): string {
  if (!Array.isArray(type)) return String(type);
  const [kind, detail] = type as [string, unknown];
  if (kind === 'list' || kind === 'set' || kind === 'map') return `${kind} of ${friendlyTypeName(detail)}`;
  return String(kind);
}
