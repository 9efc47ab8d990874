/**
 * An instance key as Terraform prints it in an address: `[0]` for `count`, `["web"]` for
 * `for_each`. String keys use HCL's quoting (Terraform's `addrs.StringKey`), so an address can
 * be pasted back into `terraform state` commands: `${` and `%{` are doubled to stay literal.
 */
export function formatInstanceKey(key: string | number): string {
  return typeof key === 'number' ? `[${key}]` : `[${hclQuote(key)}]`;
}

const namedEscapes: Record<string, string> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '"': '\\"',
  '\\': '\\\\',
};

/** Letters, marks, numbers, punctuation, symbols and the ASCII space print as themselves. */
const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function hclQuote(text: string): string {
  let quoted = '"';
  const characters = [...text];
  for (let index = 0; index < characters.length; index++) {
    const character = characters[index]!;
    const escape = namedEscapes[character];
    if (escape !== undefined) {
      quoted += escape;
    } else if ((character === '$' || character === '%') && characters[index + 1] === '{') {
      // HCL would read `${`/`%{` as a template sequence; doubling the sign keeps it literal.
      quoted += character + character;
    } else if (printable.test(character)) {
      quoted += character;
    } else {
      const codePoint = character.codePointAt(0)!;
      quoted += codePoint > 0xffff ? `\\U${codePoint.toString(16).padStart(8, '0')}` : `\\u${codePoint.toString(16).padStart(4, '0')}`;
    }
  }
  return `${quoted}"`;
}
