import { BackendError, listResources, StateManager, withLock, type TerraformState } from '@x/backend-core';
import type { CommandContext } from '../command-context.js';
import { lockOptions } from '../support/lock-options.js';
import { printJson, printLines } from '../support/print.js';

export interface WorkspaceDeleteOptions {
  force?: boolean;
}

/**
 * `workspace delete NAME`: as Terraform does it — lock the workspace, refuse a state that
 * still tracks managed resources unless `--force`, unlock, then delete. `default` is refused.
 */
export async function run(context: CommandContext, [name]: string[], options: WorkspaceDeleteOptions): Promise<void> {
  const workspace = name!;
  const backend = await context.backend();
  if (workspace === 'default') {
    throw new BackendError('DEFAULT_WORKSPACE', "can't delete default state", {
      hint: 'The default workspace always exists; push an empty state to it instead.',
    });
  }
  if (!(await backend.listWorkspaces()).includes(workspace)) {
    throw new BackendError('INVALID_ARGUMENT', `workspace "${workspace}" doesn't exist`, {
      hint: 'List the workspaces with: tfstate workspace list',
    });
  }
  await withLock(
    backend,
    workspace,
    async () => {
      // With --force the state is not even parsed, so an unreadable state can still be deleted.
      if (options.force) return 0;
      const state = await new StateManager(backend, workspace).refresh();
      const count = state ? countManagedResources(state) : 0;
      if (count > 0 && !options.force) {
        throw new BackendError(
          'WORKSPACE_NOT_EMPTY',
          `workspace "${workspace}" is not empty: its state still tracks ${count} managed resource${count === 1 ? '' : 's'}`,
          {
            hint: `Destroy the resources first (terraform destroy), or pass --force to delete the workspace and forget them (they keep existing, untracked).`,
          },
        );
      }
    },
    lockOptions(context, 'OperationTypeInvalid'),
  );
  await backend.deleteWorkspace(workspace);
  if (context.json) {
    await printJson(context, { workspace, deleted: true });
  } else {
    await printLines(context, `Deleted workspace "${workspace}".`);
  }
}

/** Terraform counts managed resources that still have instance objects; data sources do not count. */
function countManagedResources(state: TerraformState): number {
  return listResources(state).filter((resource) => resource.mode === 'managed' && resource.instanceCount > 0).length;
}
