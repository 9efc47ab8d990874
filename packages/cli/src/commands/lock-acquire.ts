import { acquireLock, BackendError } from '@x/backend-core';
import type { CommandContext } from '../command-context.js';
import { lockOptions } from '../support/lock-options.js';
import { note, printJson, printLines } from '../support/print.js';

export interface LockAcquireOptions {
  operation: string;
  info: string;
}

/**
 * `lock acquire`: takes the lock, prints only its id on stdout and leaves it held for a later
 * `unlock`. Refused for backends whose lock dies with the process that took it (the local
 * backend's OS lock): the lock would be gone the moment this command exits.
 */
export async function run(context: CommandContext, _args: string[], options: LockAcquireOptions): Promise<void> {
  const backend = await context.backend();
  if (!backend.capabilities.lockSurvivesCrash) {
    throw new BackendError(
      'UNSUPPORTED',
      `lock acquire is not possible with the ${backend.name} backend: its lock is released when the process that took it exits, so it cannot stay held after tfstate ends`,
      {
        hint: 'Let each terraform or tfstate command take the lock itself, or keep the state in a backend whose locks persist (s3, oss).',
      },
    );
  }
  const id = await acquireLock(backend, context.workspace, lockOptions(context, options.operation, options.info));
  if (context.json) {
    await printJson(context, { workspace: context.workspace, id, operation: options.operation, info: options.info });
    return;
  }
  await printLines(context, id);
  note(context, `Lock held on workspace "${context.workspace}". Release it with: tfstate unlock ${id}`);
}
