import { BackendError, createEmptyState, StateManager, withLock } from '@x/backend-core';
import type { CommandContext } from '../command-context.js';
import { lockOptions } from '../support/lock-options.js';
import { printJson, printLines } from '../support/print.js';

/**
 * `workspace new NAME`: what Terraform's state manager does for a workspace it has not seen —
 * lock, read, write an empty state (new lineage, serial 1) when there is none, unlock — so
 * the workspace is listed from now on.
 */
export async function run(context: CommandContext, [name]: string[]): Promise<void> {
  const workspace = name!;
  const backend = await context.backend();
  if ((await backend.listWorkspaces()).includes(workspace)) {
    throw new BackendError('INVALID_ARGUMENT', `workspace "${workspace}" already exists`, {
      hint: `Use it with -w ${workspace}, or pick another name.`,
    });
  }
  const result = await withLock(
    backend,
    workspace,
    async (lockId) => {
      const manager = new StateManager(backend, workspace);
      const existing = await manager.refresh();
      if (existing) return { serial: existing.serial, lineage: existing.lineage };
      return manager.persist(createEmptyState(), { lockId });
    },
    lockOptions(context, 'init'),
  );
  if (context.json) {
    await printJson(context, { workspace, created: true, serial: result.serial, lineage: result.lineage });
  } else {
    await printLines(context, `Created workspace "${workspace}" (serial ${result.serial}, lineage ${result.lineage}).`);
  }
}
