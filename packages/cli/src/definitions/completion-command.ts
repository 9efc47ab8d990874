import { Argument } from 'commander';
import { completionInstallHelp, completionShellNames, type CompletionShell } from '../completion/install-help.js';
import type { CommandDefinition } from './lazy-action.js';
import { withExamples } from './command-examples.js';

export const defineCompletionCommand: CommandDefinition = (program, lazy) => {
  withExamples(
    program
      .command('completion')
      .description('print the shell completion script for bash, zsh or fish (commands, options, backend names, workspaces)')
      .addArgument(new Argument('<shell>', 'the shell to complete in').choices(completionShellNames)),
    [
      'tfstate completion bash > ~/.local/share/bash-completion/completions/tfstate',
      'tfstate completion zsh > "${fpath[1]}/_tfstate"',
      'tfstate completion fish > ~/.config/fish/completions/tfstate.fish',
    ],
    completionInstallHelp,
  ).action(async (shell: CompletionShell) => {
    const { printCompletionScript } = await import('../commands/completion.js');
    printCompletionScript(program, shell);
  });

  // Called by the scripts to complete -w and workspace names; hidden from help and the reference.
  program
    .command('__complete', { hidden: true })
    .command('workspaces')
    .action(lazy(() => import('../completion/complete-workspaces.js')));
};
