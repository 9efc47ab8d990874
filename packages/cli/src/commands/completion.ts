import type { Command } from 'commander';
import { completionScript } from '../completion/completion-script.js';
import type { CompletionShell } from '../completion/install-help.js';

/**
 * `tfstate completion <shell>`: prints the script for the whole program, through the program's
 * configured output. It builds no command context on purpose: shell start-up files run it in any
 * directory, and a bad TF_WORKSPACE or .terraform/environment there must not break the shell.
 */
export function printCompletionScript(program: Command, shell: CompletionShell): void {
  // Commander always has a writeOut (buildProgram points it at io.stdout); the type just allows none.
  const writeOut = program.configureOutput().writeOut!;
  writeOut(completionScript(shell, program));
}
