import type { AcquireLockOptions } from '@x/backend-core';
import type { CommandContext } from '../command-context.js';
import { LockWaitReporter } from './lock-wait-reporter.js';

/**
 * Lock options for a command that locks: `--lock-timeout` as the deadline (or `timeoutMs`), and,
 * while it waits for a holder, a line on stderr naming the holder (who, operation, lock ID) and
 * the time waited (see {@link LockWaitReporter}).
 */
export function lockOptions(context: CommandContext, operation: string, info = '', timeoutMs = context.lockTimeoutMs): AcquireLockOptions {
  const stderr = context.io.stderr as NodeJS.WritableStream & { isTTY?: boolean };
  const reporter = new LockWaitReporter({ stream: stderr, terminal: stderr.isTTY === true, timeoutMs });
  return { operation, info, timeoutMs, onWait: reporter.onWait };
}
