import { BackendError } from '@x/backend-core/errors';
import { UsageError } from './cli-errors.js';
import { ExitCode } from './exit-codes.js';

/**
 * Prints an error to stderr as `Error: <message>` and its hint, and picks the exit code:
 * a usage error is 2, a held lock (`LOCK_CONFLICT`) is 3, anything else 1. Stack traces
 * (with the cause chain) only with `--debug`.
 */
export function reportError(error: unknown, stderr: NodeJS.WritableStream, options: { debug: boolean }): ExitCode {
  const lines = [`Error: ${messageOf(error)}`];
  const hint = error instanceof UsageError || BackendError.isInstance(error) ? error.hint : undefined;
  if (hint) lines.push('', `Hint: ${hint}`);
  if (options.debug) {
    lines.push('', ...stackChain(error));
  } else if (!(error instanceof UsageError) && !BackendError.isInstance(error)) {
    lines.push('', 'Run again with --debug to see the stack trace.');
  }
  stderr.write(`${lines.join('\n')}\n`);
  if (error instanceof UsageError) return ExitCode.USAGE;
  if (BackendError.hasCode(error, 'LOCK_CONFLICT')) return ExitCode.LOCK_CONFLICT;
  return ExitCode.ERROR;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function stackChain(error: unknown): string[] {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 10; depth++) {
    const prefix = depth === 0 ? '' : 'Caused by: ';
    lines.push(prefix + (current instanceof Error ? (current.stack ?? current.message) : String(current)));
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines;
}
