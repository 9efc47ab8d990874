import { UsageError } from '../cli-errors.js';

const unitMilliseconds: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3,
  'μs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const segmentPattern = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;

/**
 * Parses a duration the way Go's `time.ParseDuration` does (`0`, `30s`, `5m`, `1h30m`, `1.5s`,
 * `500ms`), which is what Terraform's `-lock-timeout` accepts. Returns whole milliseconds.
 * Negative durations are refused: a lock timeout cannot be negative.
 */
export function parseGoDuration(text: string, optionName = '--lock-timeout'): number {
  const problem = (): UsageError =>
    new UsageError(`invalid duration "${text}" for ${optionName}`, {
      hint: 'Use a Go-style duration such as 0s, 30s, 5m or 1h30m.',
    });
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  if (trimmed === '' || trimmed.startsWith('-')) throw problem();
  let rest = trimmed.startsWith('+') ? trimmed.slice(1) : trimmed;
  let total = 0;
  while (rest.length > 0) {
    const match = segmentPattern.exec(rest);
    if (!match) throw problem();
    const [segment, amount, unit] = match as unknown as [string, string, string];
    total += Number(amount) * (unitMilliseconds[unit] ?? Number.NaN);
    rest = rest.slice(segment.length);
  }
  if (!Number.isFinite(total)) throw problem();
  return Math.round(total);
}

/** Formats milliseconds like Go's `Duration.String()` at second precision: `0s`, `45s`, `5m3s`, `2h0m0s`. */
export function formatGoDuration(milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const remainder = seconds % 60;
  if (hours > 0) return `${hours}h${minutes}m${remainder}s`;
  if (minutes > 0) return `${minutes}m${remainder}s`;
  return `${remainder}s`;
}
