const named: Record<string, string> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

/** Letters, marks, numbers, punctuation, symbols and the ASCII space: Go's `unicode.IsPrint`. */
const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Quotes a string as Go's `strconv.Quote` does, which is how Terraform prints string values. */
export function goQuote(text: string): string {
  let quoted = '"';
  for (const character of text) {
    const escape = named[character];
    if (escape !== undefined) {
      quoted += escape;
      continue;
    }
    if (printable.test(character)) {
      quoted += character;
      continue;
    }
    const codePoint = character.codePointAt(0)!;
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) quoted += '\\ufffd';
    else if (codePoint < 0x80) quoted += `\\x${hex(codePoint, 2)}`;
    else if (codePoint < 0x10000) quoted += `\\u${hex(codePoint, 4)}`;
    else quoted += `\\U${hex(codePoint, 8)}`;
  }
  return `${quoted}"`;
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}
