import type { CommandContext } from '../command-context.js';
import { writeAll } from './cli-io.js';

/** Prints a value as indented JSON followed by a new line. */
export function printJson(context: CommandContext, value: unknown): Promise<void> {
  return writeAll(context.io.stdout, `${JSON.stringify(value, null, 2)}\n`);
}

/** Prints lines of human output on stdout. */
export function printLines(context: CommandContext, ...lines: string[]): Promise<void> {
  return writeAll(context.io.stdout, `${lines.join('\n')}\n`);
}

/** A progress or advice message: stderr, so stdout stays clean for scripts. */
export function note(context: CommandContext, message: string): void {
  context.io.stderr.write(`${message}\n`);
}
