import type { CommandDefinition } from './lazy-action.js';
import { withExamples } from './command-examples.js';

export const defineStateCommands: CommandDefinition = (program, lazy) => {
  const state = program.command('state').description('read and replace the stored state');
  withExamples(
    state
      .command('pull')
      .description('write the stored state bytes, exactly as stored, to stdout or a file')
      .option('-o, --output <file>', 'write to FILE instead of stdout'),
    ['tfstate state pull > backup.tfstate', 'tfstate -w prod state pull -o prod.tfstate --json'],
  ).action(lazy(() => import('../commands/state-pull.js')));
  withExamples(
    state
      .command('push')
      .description("replace the stored state with FILE (or - for stdin), under the lock, after Terraform's import check")
      .argument('<file>', 'state file to push, or - to read stdin')
      .option('--force', 'skip the lineage and serial checks (overwrites unrelated or newer state)'),
    ['tfstate state push backup.tfstate', 'cat fixed.tfstate | tfstate state push -', 'tfstate state push --force --lock-timeout 60s other.tfstate'],
    `The pushed state is refused (nothing changes, exit 1) when its lineage differs from the stored
one, its serial is lower, or its serial is equal but its content differs. --force skips these.`,
  ).action(lazy(() => import('../commands/state-push.js')));
};
