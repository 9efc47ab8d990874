import type { CommandNode, OptionNode, ValueCompletion } from './command-tree.js';

/**
 * A value completion as one word the generated scripts switch on: `choices a b c`, `file`,
 * `directory`, `workspace` or `text`.
 */
export function valueWord(value: ValueCompletion): string {
  return value.kind === 'choices' ? `choices ${value.choices.join(' ')}` : value.kind;
}

/** The spellings of an option (`-w`, `--workspace`). */
export function optionNames(option: OptionNode): string[] {
  return [option.short, option.long].filter((name): name is string => name !== undefined);
}

/** The key of a command in the generated case tables: its words joined by spaces ('' for the root). */
export function pathKey(node: CommandNode): string {
  return node.path.join(' ');
}

/** The words that select a subcommand of `node` (names and aliases). */
export function subcommandWords(node: CommandNode): string[] {
  return node.subcommands.flatMap((child) => [child.name, ...child.aliases]);
}

/**
 * The root options that take a value other than a workspace (`--backend`, `-c`, `--chdir`, ...):
 * the scripts pass those the user already typed on to `tfstate __complete workspaces`, so the
 * names come from the same backend the command will use.
 */
export function forwardedOptionNames(root: CommandNode): string[] {
  return root.options.filter((option) => option.value !== undefined && option.value.kind !== 'workspace').flatMap(optionNames);
}
