import { BackendError, describeLock } from '@x/backend-core';
import { UsageError } from '../cli-errors.js';
import type { CommandContext } from '../command-context.js';
import { confirm } from '../support/confirm.js';
import { note, printJson, printLines } from '../support/print.js';

export interface ForceUnlockOptions {
  yes?: boolean;
}

/**
 * `force-unlock ID`: releases a lock another client holds. Asks for confirmation on a
 * terminal; without one, `--yes` is required so that a script never breaks a lock by accident.
 */
export async function run(context: CommandContext, [id]: string[], options: ForceUnlockOptions): Promise<void> {
  const lockId = id!;
  const backend = await context.backend();
  if (!backend.capabilities.forceUnlock) {
    throw new BackendError(
      'UNSUPPORTED',
      `the ${backend.name} backend cannot force-unlock: its lock belongs to a running process and is released when that process exits`,
      { hint: 'Stop the process that holds the lock (see tfstate lock status for who holds it).' },
    );
  }
  if (!options.yes) {
    if (!context.io.stdinIsTerminal) {
      throw new UsageError('force-unlock needs confirmation, and stdin is not a terminal', {
        hint: `Pass --yes to release the lock without asking: tfstate force-unlock ${lockId} --yes`,
      });
    }
    const holder = await backend.readLock(context.workspace);
    if (holder) note(context, describeLock(holder));
    const confirmed = await confirm(
      context.io,
      `Do you really want to force-unlock workspace "${context.workspace}"?\n  Whoever holds the lock may still be writing the state.`,
    );
    if (!confirmed) throw new BackendError('ABORTED', 'force-unlock cancelled; the lock was not released');
  }
  await backend.forceUnlock(context.workspace, lockId);
  if (context.json) await printJson(context, { workspace: context.workspace, id: lockId, unlocked: true });
  else await printLines(context, `Released lock ${lockId} on workspace "${context.workspace}".`);
}
