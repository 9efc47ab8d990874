/** Median of a list of numbers (mean of the two middle values for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Milliseconds since `start` (a `process.hrtime.bigint()` value). */
export function elapsedMs(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs `run` and returns its duration in milliseconds. */
export async function timeMs(run) {
  const start = process.hrtime.bigint();
  await run();
  return elapsedMs(start);
}

export function round(value, digits = 2) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export const MiB = 1024 * 1024;
