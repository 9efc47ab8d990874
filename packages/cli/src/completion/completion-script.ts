import type { Command } from 'commander';
import { bashScript } from './bash-script.js';
import { describeCommandTree } from './command-tree.js';
import { fishScript } from './fish-script.js';
import { installInstructions, type CompletionShell } from './install-help.js';
import { zshScript } from './zsh-script.js';

/** The completion script for `shell`, generated from the program's current command tree. */
export function completionScript(shell: CompletionShell, program: Command): string {
  const root = describeCommandTree(program);
  switch (shell) {
    case 'bash':
      return bashScript(root, installInstructions.bash);
    case 'zsh':
      return zshScript(root, installInstructions.zsh);
    case 'fish':
      return fishScript(root, installInstructions.fish);
  }
}
