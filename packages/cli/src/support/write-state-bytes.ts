import { writeFile } from 'node:fs/promises';
import type { CommandContext } from '../command-context.js';
import { writeAll } from './cli-io.js';
import { printJson, printLines } from './print.js';

/** What `writeStateBytes` reports once the bytes are in a file. */
export interface WrittenStateReport {
  /** The `--json` report, given the absolute path written. */
  json(path: string): Record<string, unknown>;
  /** What was written, for the human line "Wrote N bytes of WHAT to FILE.". */
  what: string;
}

/**
 * Writes state bytes exactly as stored: to stdout when `output` is undefined (and nothing else goes
 * there), else into `output` (resolved against the working directory), then reports the file
 * written on stdout (`report.json` with `--json`, one line otherwise). Shared by `state pull` and
 * `versions show`, which MUST behave alike.
 */
export async function writeStateBytes(context: CommandContext, bytes: Uint8Array, output: string | undefined, report: WrittenStateReport): Promise<void> {
  if (output === undefined) {
    await writeAll(context.io.stdout, bytes);
    return;
  }
  const path = context.resolvePath(output);
  await writeFile(path, bytes);
  if (context.json) await printJson(context, report.json(path));
  else await printLines(context, `Wrote ${bytes.byteLength} bytes of ${report.what} to ${output}.`);
}
