import { describeLock, lockAgeMilliseconds } from '@x/backend-core';
import { UsageError } from '../cli-errors.js';
import type { CommandContext } from '../command-context.js';
import { formatGoDuration } from '../support/go-duration.js';
import { lockReport } from '../support/lock-report.js';
import { printJson, printLines } from '../support/print.js';

export interface LockStatusOptions {
  all?: boolean;
  scanLockTable?: boolean;
}

/**
 * `lock status`: the holder of the workspace's lock, or that it is free. With `--all`, every held
 * lock under the backend (see `lock-status-all`). Exit 0 either way.
 */
export async function run(context: CommandContext, _args: string[], options: LockStatusOptions = {}): Promise<void> {
  if (options.scanLockTable && !options.all) {
    throw new UsageError('--scan-lock-table only applies with --all', { hint: 'tfstate lock status --all --scan-lock-table' });
  }
  if (options.all) {
    const { runAll } = await import('./lock-status-all.js');
    await runAll(context, { scanLockTable: options.scanLockTable === true });
    return;
  }
  const lock = await (await context.backend()).readLock(context.workspace);
  if (!lock) {
    if (context.json) await printJson(context, { locked: false });
    else await printLines(context, `Workspace "${context.workspace}" is not locked.`);
    return;
  }
  const ageMs = lockAgeMilliseconds(lock);
  if (context.json) {
    await printJson(context, { locked: true, ...lockReport(lock, ageMs) });
    return;
  }
  await printLines(
    context,
    `Workspace "${context.workspace}" is locked.`,
    describeLock(lock),
    `  Age:       ${ageMs === undefined ? 'unknown' : formatGoDuration(ageMs)}`,
  );
}
