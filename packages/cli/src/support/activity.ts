import cliProgress from 'cli-progress';
import type { CliIo } from './cli-io.js';

/** Below this a request is quick enough that a line flashing by would only be noise. */
const showAfterMs = 400;

/**
 * Runs one long request (a big pull or push: the providers transfer a state in one call, so
 * there is no byte count to show) and, on a terminal only, shows after a moment a line with
 * what is happening and the elapsed time, cleared when it ends. Nothing goes to stdout, and
 * nothing at all when stderr is not a terminal, so redirected output and CI logs stay clean.
 */
export async function withActivity<T>(io: CliIo, label: string, task: () => Promise<T>): Promise<T> {
  if (io.stderrIsTerminal !== true) return task();
  let bar: cliProgress.SingleBar | undefined;
  let ticker: NodeJS.Timeout | undefined;
  const starter = setTimeout(() => {
    bar = new cliProgress.SingleBar({
      stream: io.stderr,
      format: `${label} | {duration_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    });
    bar.start(1, 0);
    // The bar redraws only when updated; the elapsed time must keep moving while the request runs.
    ticker = setInterval(() => bar?.update(0), 200);
  }, showAfterMs);
  try {
    return await task();
  } finally {
    clearTimeout(starter);
    clearInterval(ticker);
    bar?.stop();
  }
}
