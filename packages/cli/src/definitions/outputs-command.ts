import type { CommandDefinition } from './lazy-action.js';
import { withExamples } from './command-examples.js';

export const defineOutputsCommand: CommandDefinition = (program, lazy) => {
  withExamples(
    program
      .command('outputs')
      .description('print root module outputs like terraform output (sensitive values masked unless --show-sensitive)')
      .argument('[name]', 'print only this output')
      .option('--raw', 'print one string, number or bool output bare, like terraform output -raw')
      .option('--show-sensitive', 'show sensitive values in the human format'),
    ['tfstate outputs', 'tfstate outputs --json            # same shape as terraform output -json', 'tfstate outputs vpc_id --raw'],
    'Like terraform output, --json and --raw print sensitive values as they are; the human format masks them.',
  ).action(lazy(() => import('../commands/outputs.js')));
};
