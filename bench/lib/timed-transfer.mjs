import { readFile } from 'node:fs/promises';
import { peakRssBytes } from './peak-rss.mjs';

/**
 * The body of a transfer worker: one pull or push of a large state in this fresh process, timed
 * inside it (start-up and module loading excluded), printing {ms, bytes, maxRssBytes} as its
 * last line. A fresh process per run makes the peak RSS that of exactly one transfer (see
 * peak-rss.mjs). The task comes as JSON in the first argument: `side` (`raw` or `provider`),
 * `operation` (`push`, `pull`, or `idle` to open the provider and transfer nothing), `file` to
 * push and `expectedBytes` to check.
 *
 * What each provider's worker supplies:
 * - `prepareRawTransfer(task, input)` returns `{ transfer }` for the plain SDK calls, where
 *   `transfer` resolves to the number of bytes moved;
 * - `openBackend(task)` returns our provider behind the `createStateBackend` facade;
 * - `reportGetrusageMaxRss` adds getrusage's maxRSS to the printed line (the S3 results keep it to
 *   show why VmHWM is used instead).
 */
export async function runTimedTransfer({ prepareRawTransfer, openBackend, reportGetrusageMaxRss = false }) {
  const task = JSON.parse(process.argv[2]);
  const input = task.operation === 'push' ? await readFile(task.file) : undefined;
  const { transfer, finish } = task.side === 'raw' ? await prepareRawTransfer(task, input) : await prepareProviderTransfer(await openBackend(task), task.operation, input);
  const start = process.hrtime.bigint();
  const bytes = await transfer();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  await finish?.();
  if (task.expectedBytes !== undefined && bytes !== task.expectedBytes) throw new Error(`transferred ${bytes} bytes, expected ${task.expectedBytes}`);
  const getrusage = reportGetrusageMaxRss ? { getrusageMaxRssBytes: process.resourceUsage().maxRSS * 1024 } : {};
  console.log(JSON.stringify({ ms, bytes, maxRssBytes: peakRssBytes(), ...getrusage }));
  process.exit(0);
}

/** `readState` or `writeState` of the `default` workspace, as `{ transfer, finish }`. */
async function prepareProviderTransfer(backend, operation, input) {
  if (operation === 'idle') return { transfer: async () => 0 };
  if (operation === 'pull') return { transfer: async () => (await backend.readState('default')).bytes.length };
  // A provider that checks the lock on writes gets the lock a real push would hold, taken and
  // released outside the timed part so only writeState is measured.
  const lockId = backend.capabilities.writeChecksLock ? await backend.lock('default', { Operation: 'state-push' }) : undefined;
  return {
    transfer: async () => {
      await backend.writeState('default', input, { lockId });
      return input.length;
    },
    finish: async () => {
      if (lockId) await backend.unlock('default', lockId);
    },
  };
}
