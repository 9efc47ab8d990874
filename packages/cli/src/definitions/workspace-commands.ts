import type { CommandDefinition } from './lazy-action.js';
import { withExamples } from './command-examples.js';

export const defineWorkspaceCommands: CommandDefinition = (program, lazy) => {
  const workspace = program.command('workspace').description('list, show, create and delete workspaces');
  withExamples(
    workspace.command('list').description('list the workspaces that have a state ("default" always listed first)'),
    ['tfstate workspace list', 'tfstate --backend s3 -c backend.hcl workspace list --json'],
  ).action(lazy(() => import('../commands/workspace-list.js')));
  withExamples(workspace.command('show').description('print the selected workspace (-w, else $TF_WORKSPACE, else .terraform/environment, else "default")'), [
    'TF_WORKSPACE=prod tfstate workspace show',
  ]).action(lazy(() => import('../commands/workspace-show.js')));
  withExamples(
    workspace
      .command('select')
      .description('select the workspace later commands use, in .terraform/environment, as terraform workspace select does')
      // Named <workspace> (not <name>) so shell completion offers the existing workspaces.
      .argument('<workspace>', 'workspace name')
      .option('--or-create', 'create the workspace when the backend does not have it (like terraform -or-create)'),
    ['tfstate workspace select staging', 'tfstate workspace select feature-x --or-create'],
  ).action(lazy(() => import('../commands/workspace-select.js')));
  withExamples(
    workspace
      .command('new')
      .description('create a workspace with an empty state (new lineage, serial 1), as terraform workspace new does')
      .argument('<name>', 'workspace name'),
    ['tfstate workspace new staging'],
  ).action(lazy(() => import('../commands/workspace-new.js')));
  withExamples(
    workspace
      .command('delete')
      .description('delete a workspace and its state; refuses "default" and, without --force, a state with resources')
      .argument('<workspace>', 'workspace name')
      .option('--force', 'delete even when the state still tracks resources (they are forgotten, not destroyed)'),
    ['tfstate workspace delete staging', 'tfstate workspace delete old-branch --force'],
  ).action(lazy(() => import('../commands/workspace-delete.js')));
};
