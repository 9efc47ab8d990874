import type { AcquireLockOptions } from '@x/backend-core';
import type { CommandContext } from '../command-context.js';
import { formatGoDuration } from './go-duration.js';
import { note } from './print.js';

/**
 * Lock options for a command that locks: `--lock-timeout` as the deadline, and a note on
 * stderr each time it waits for a holder (as Terraform prints "Acquiring state lock").
 */
export function lockOptions(context: CommandContext, operation: string, info = ''): AcquireLockOptions {
  return {
    operation,
    info,
    timeoutMs: context.lockTimeoutMs,
    onWait: ({ holder, elapsedMs, nextDelayMs }) => {
      note(
        context,
        `Waiting for the state lock held by ${holder.Who || 'an unknown holder'} (ID ${holder.ID}, ${holder.Operation}); ` +
          `waited ${formatGoDuration(elapsedMs)} of ${formatGoDuration(context.lockTimeoutMs)}, retrying in ${formatGoDuration(nextDelayMs)}.`,
      );
    },
  };
}
