import { BackendError, createEmptyState, StateManager, withLock, workspaceNameProblem } from '@x/backend-core';
import { UsageError } from '../cli-errors.js';
import type { CommandContext } from '../command-context.js';
import { writeSelectedWorkspace } from '../config/terraform-data-directory.js';
import { lockOptions } from '../support/lock-options.js';
import { printJson, printLines } from '../support/print.js';

export interface WorkspaceSelectOptions {
  orCreate?: boolean;
}

/**
 * `workspace select NAME`: what `terraform workspace select` does. Refuses while
 * `TF_WORKSPACE` overrides the selection; refuses a workspace the backend does not list unless
 * `--or-create` (then creates it as `workspace new` does); then writes the name, without a new
 * line, to `.terraform/environment` (`$TF_DATA_DIR/environment`), creating the directory.
 */
export async function run(context: CommandContext, [name]: string[], options: WorkspaceSelectOptions): Promise<void> {
  const workspace = name!;
  if (context.io.env.TF_WORKSPACE) {
    throw new BackendError(
      'INVALID_ARGUMENT',
      'the selected workspace is currently overridden using the TF_WORKSPACE environment variable',
      { hint: 'To select a new workspace, either update this environment variable or unset it and then run this command again.' },
    );
  }
  const problem = workspaceNameProblem(workspace);
  if (problem !== undefined) {
    throw new UsageError(`workspace name "${workspace}": ${problem}`, {
      hint: 'Workspace names use letters, digits and - _ . ~ $ & + : = @ (no slashes or spaces), as Terraform requires.',
    });
  }
  const backend = await context.backend();
  let created = false;
  // Terraform skips the existence check for the workspace already selected.
  const alreadySelected = context.workspaceSelection.source !== 'flag' && context.workspace === workspace;
  if (!alreadySelected && !(await backend.listWorkspaces()).includes(workspace)) {
    if (options.orCreate !== true) {
      throw new BackendError('INVALID_ARGUMENT', `Workspace "${workspace}" doesn't exist.`, {
        hint: 'You can create this workspace with the "new" subcommand or include the "--or-create" flag with the "select" subcommand.',
      });
    }
    await withLock(
      backend,
      workspace,
      async (lockId) => {
        const manager = new StateManager(backend, workspace);
        if (!(await manager.refresh())) await manager.persist(createEmptyState(), { lockId });
      },
      lockOptions(context, 'init'),
    );
    created = true;
  }
  const file = await writeSelectedWorkspace(context.workingDirectory, context.io.env, workspace);
  if (context.json) await printJson(context, { workspace, created, file });
  else await printLines(context, created ? `Created and switched to workspace "${workspace}"!` : `Switched to workspace "${workspace}".`);
}
