import { MiB, median } from './statistics.mjs';

/**
 * The columns both transfer benchmarks report for one operation's samples (each `{ ms,
 * maxRssBytes }` from a worker process): how many runs, median and fastest time, and the highest
 * peak RSS of any run, since the goal is about the worst process.
 */
export function summariseTransferSamples(samples) {
  return {
    runs: samples.length,
    medianMs: median(samples.map((sample) => sample.ms)),
    minMs: Math.min(...samples.map((sample) => sample.ms)),
    peakRssMiB: Math.max(...samples.map((sample) => sample.maxRssBytes)) / MiB,
  };
}

/** The title of a transfer benchmark's table, with the state size and how it was measured. */
export function transferTableTitle(title, stateBytes, runs) {
  return `${title} (state ${(stateBytes / MiB).toFixed(0)} MiB, ${runs} interleaved runs each, one fresh process per run)`;
}
