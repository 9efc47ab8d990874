/**
 * Go's `time.ParseDuration` and `time.Duration.String`, which Terraform uses for the
 * `assume_role.duration` arguments and their error messages. Durations are whole nanoseconds.
 */

const unitNanoseconds: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Largest value of Go's int64 Duration. */
const maximumDuration = (1n << 63n) - 1n;

/** Parses a Go duration string (`"1h30m"`, `"900s"`, `"-1.5h"`); throws with Go's error text. */
export function parseGoDuration(text: string): bigint {
  const quoted = JSON.stringify(text);
  const invalid = () => new Error(`time: invalid duration ${quoted}`);
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') throw invalid();
  let total = 0n;
  while (rest !== '') {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    const whole = number[1] ?? '';
    const fraction = number[2] ?? '';
    if (whole === '' && fraction === '') throw invalid();
    rest = rest.slice(number[0].length);
    const unit = /^[^\d.]*/.exec(rest)![0];
    if (unit === '') throw new Error(`time: missing unit in duration ${quoted}`);
    const scale = unitNanoseconds[unit];
    if (scale === undefined) throw new Error(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
    rest = rest.slice(unit.length);
    let value = BigInt(whole === '' ? '0' : whole) * scale;
    if (fraction !== '') value += (BigInt(fraction) * scale) / 10n ** BigInt(fraction.length);
    total += value;
    if (total > maximumDuration) throw invalid();
  }
  return negative ? -total : total;
}

/** Go's `Duration.String()`: `"15m0s"`, `"12h0m0s"`, `"1.5s"`, `"500ms"`, `"0s"`. */
export function formatGoDuration(nanoseconds: bigint): string {
  const sign = nanoseconds < 0n ? '-' : '';
  const value = nanoseconds < 0n ? -nanoseconds : nanoseconds;
  if (value === 0n) return '0s';
  if (value < 1_000n) return `${sign}${value}ns`;
  if (value < 1_000_000n) return `${sign}${withFraction(value, 1_000n)}µs`;
  if (value < 1_000_000_000n) return `${sign}${withFraction(value, 1_000_000n)}ms`;
  const hours = value / unitNanoseconds.h!;
  const minutes = (value % unitNanoseconds.h!) / unitNanoseconds.m!;
  const seconds = withFraction(value % unitNanoseconds.m!, unitNanoseconds.s!);
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

function withFraction(value: bigint, unit: bigint): string {
  const whole = value / unit;
  const remainder = value % unit;
  if (remainder === 0n) return String(whole);
  const digits = String(unit).length - 1;
  const fraction = String(remainder).padStart(digits, '0').replace(/0+$/, '');
  return `${whole}.${fraction}`;
}
