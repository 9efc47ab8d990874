import { acquireLock, BackendError } from '@x/backend-core';
import type { CommandContext } from '../command-context.js';
import { lockOptions } from '../support/lock-options.js';
import { note, printJson, printLines } from '../support/print.js';

export interface LockAcquireOptions {
  operation: string;
  info: string;
  /** Wait for a held lock: without limit, or up to `--lock-timeout` when that is not 0. */
  wait?: boolean;
}

/**
 * `lock acquire`: takes the lock, prints only its id on stdout and leaves it held for a later
 * `unlock`. A held lock is waited for up to `--lock-timeout`; with `--wait` and no timeout, until
 * it is released. While waiting, stderr names the holder and the time waited. Refused for backends whose lock dies with the process that took it (the local
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
  const timeoutMs = options.wait && context.lockTimeoutMs === 0 ? Number.POSITIVE_INFINITY : context.lockTimeoutMs;
  const id = await acquireLock(backend, context.workspace, lockOptions(context, options.operation, options.info, timeoutMs));
  if (context.json) {
    await printJson(context, { workspace: context.workspace, id, operation: options.operation, info: options.info });
    return;
  }
  await printLines(context, id);
  note(context, `Lock held on workspace "${context.workspace}". Release it with: tfstate unlock ${id}`);
}
