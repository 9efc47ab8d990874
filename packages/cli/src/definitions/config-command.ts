import { withExamples } from './command-examples.js';
import type { CommandDefinition } from './lazy-action.js';

export const defineConfigCommand: CommandDefinition = (program, lazy) => {
  withExamples(
    program
      .command('config')
      .description('show the backend, each setting with where it came from, and the workspace (secrets hidden)'),
    ['tfstate config', 'tfstate --chdir infra/prod config --json', 'tfstate -c prod.s3.tfbackend config'],
    'Sources: block (FILE:LINE of the backend block), file (-c FILE), flag (-c key=value), env (the variable),\n' +
      'default, init (what terraform init recorded in .terraform/terraform.tfstate); the workspace comes from\n' +
      '-w, TF_WORKSPACE, .terraform/environment or the default.',
  ).action(lazy(() => import('../commands/config.js')));
};
