import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

/** A command implementation, imported only when its command runs. */
export interface CommandModule<Options> {
  run(context: CommandContext, args: string[], options: Options): Promise<void>;
}

/** Turns a module loader into a commander action that builds the context and runs the module. */
export type LazyAction = <Options>(load: () => Promise<CommandModule<Options>>) => (...parameters: unknown[]) => Promise<void>;

/** Registers one group of commands on the root program. */
export type CommandDefinition = (program: Command, lazy: LazyAction) => void;
