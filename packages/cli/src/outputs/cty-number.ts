const numberPattern = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([-+]?\d+))?$/;

/**
 * Rewrites JSON number text the way Terraform prints a cty number (`big.Float.Text('f', -1)`):
 * plain decimal notation, no exponent, no leading or trailing zeros — `1.50` is `1.5`, `1e3`
 * is `1000` — while keeping every digit, so integers beyond 2^53 stay exact.
 */
export function ctyNumberText(raw: string): string {
  const match = numberPattern.exec(raw);
  if (!match) return raw;
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  let digits = `${whole}${fraction}`;
  // Position of the decimal point within `digits`.
  let point = whole!.length + Number(exponent);
  const leading = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(leading);
  point -= leading;
  digits = digits.replace(/0+$/, '');
  if (digits === '') return '0';
  let text: string;
  if (point <= 0) text = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) text = digits + '0'.repeat(point - digits.length);
  else text = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return sign + text;
}
