import type { Command } from 'commander';

const examplesByCommand = new WeakMap<Command, readonly string[]>();

/**
 * Adds an "Examples:" section (and an optional note) to a command's help and records the
 * examples, so the README's command reference is generated from the same definitions.
 */
export function withExamples(command: Command, examples: readonly string[], note?: string): Command {
  examplesByCommand.set(command, examples);
  const lines = examples.map((line) => `  $ ${line}`).join('\n');
  return command.addHelpText('after', `\nExamples:\n${lines}\n${note === undefined ? '' : `${note}\n`}`);
}

/** The examples given to {@link withExamples} for `command` (empty when none were given). */
export function examplesOf(command: Command): readonly string[] {
  return examplesByCommand.get(command) ?? [];
}
