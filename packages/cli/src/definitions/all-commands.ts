import type { CommandDefinition } from './lazy-action.js';
import { defineBootstrapCommand } from './bootstrap-command.js';
import { defineDoctorCommand } from './doctor-command.js';
import { defineCompletionCommand } from './completion-command.js';
import { defineReferenceCommand } from './reference-command.js';
import { defineConfigCommand } from './config-command.js';
import { defineLockCommands } from './lock-commands.js';
import { defineMigrateCommand } from './migrate-command.js';
import { defineOutputsCommand } from './outputs-command.js';
import { defineServeCommand } from './serve-command.js';
import { defineStateCommands } from './state-commands.js';
import { defineVersionsCommands } from './versions-commands.js';
import { defineWorkspaceCommands } from './workspace-commands.js';

/** Every command group, in the order `--help` lists them. One line per group file. */
export const allCommands: readonly CommandDefinition[] = [
  defineWorkspaceCommands,
  defineStateCommands,
  defineLockCommands,
  defineOutputsCommand,
  defineConfigCommand,
  defineServeCommand,
  defineMigrateCommand,
  defineDoctorCommand,
  defineBootstrapCommand,
  defineVersionsCommands,
  defineCompletionCommand,
  defineReferenceCommand,
];
