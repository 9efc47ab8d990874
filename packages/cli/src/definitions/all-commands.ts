import type { CommandDefinition } from './lazy-action.js';
import { defineLockCommands } from './lock-commands.js';
import { defineOutputsCommand } from './outputs-command.js';
import { defineStateCommands } from './state-commands.js';
import { defineWorkspaceCommands } from './workspace-commands.js';

/** Every command group, in the order `--help` lists them. One line per group file. */
export const allCommands: readonly CommandDefinition[] = [
  defineWorkspaceCommands,
  defineStateCommands,
  defineLockCommands,
  defineOutputsCommand,
];
