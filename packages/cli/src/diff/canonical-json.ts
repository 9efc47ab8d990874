import { stringValue, type JsonNode } from '@x/backend-core';

/**
 * A text for `node` that is equal for equal JSON values: numbers in one exact form (`1.0`,
 * `1`, `10e-1` all agree, and big integers keep every digit, unlike `JSON.parse`), strings
 * decoded from their escapes, object members sorted by key with the last duplicate winning.
 * Used to decide whether an attribute changed, so a state re-serialised by another tool does
 * not show phantom changes.
 */
export function canonicalJson(node: JsonNode): string {
  switch (node.kind) {
    case 'string':
      return JSON.stringify(stringValue(node));
    case 'number':
      return canonicalNumber(node.raw);
    case 'literal':
      return node.raw;
    case 'array':
      return `[${node.items.map(canonicalJson).join(',')}]`;
    case 'object': {
      const members = new Map<string, string>();
      for (const member of node.members) members.set(member.key, canonicalJson(member.value));
      const keys = [...members.keys()].sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}:${members.get(key)!}`).join(',')}}`;
    }
  }
}

/** `[-]digits e exponent` with no leading or trailing zeros in the digits; zero (and -0) is `0`. */
function canonicalNumber(raw: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(raw);
  if (match === null) return raw;
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  let digits = (whole! + fraction).replace(/^0+/, '');
  if (digits === '') return '0';
  let scale = Number(exponent) - fraction.length;
  const trailing = /0+$/.exec(digits)?.[0].length ?? 0;
  digits = digits.slice(0, digits.length - trailing);
  scale += trailing;
  return `${sign}${digits}e${scale}`;
}
