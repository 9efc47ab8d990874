import type { Argument, Command, Option } from 'commander';

/**
 * What a shell should offer for a value: a fixed list, file or directory names, the backend's
 * workspace names, or nothing (free text).
 */
export type ValueCompletion =
  | { kind: 'choices'; choices: readonly string[] }
  | { kind: 'file' }
  | { kind: 'directory' }
  | { kind: 'workspace' }
  | { kind: 'text' };

export interface OptionNode {
  /** `-w`, when the option has a short form. */
  short?: string;
  /** `--workspace`, when the option has a long form. */
  long?: string;
  description: string;
  /** What to complete after the option; undefined for a flag that takes no value. */
  value?: ValueCompletion;
}

export interface ArgumentNode {
  name: string;
  description: string;
  required: boolean;
  variadic: boolean;
  value: ValueCompletion;
}

/** One command with its words from the root (`['lock', 'status']`; empty for the program itself). */
export interface CommandNode {
  path: readonly string[];
  name: string;
  aliases: readonly string[];
  description: string;
  options: readonly OptionNode[];
  arguments: readonly ArgumentNode[];
  subcommands: readonly CommandNode[];
}

/**
 * Reads the commander tree into plain data for the completion scripts: every visible command
 * (commander's implicit `help` command included), option and argument, so a command added to the
 * definitions is completed without touching this code. Hidden commands and options are left out.
 */
export function describeCommandTree(program: Command): CommandNode {
  return describeCommand(program, []);
}

function describeCommand(command: Command, path: readonly string[]): CommandNode {
  const help = command.createHelp();
  return {
    path,
    name: command.name(),
    aliases: command.aliases(),
    description: command.description(),
    options: help.visibleOptions(command).map(describeOption),
    arguments: command.registeredArguments.map(describeArgument),
    subcommands: help.visibleCommands(command).map((child) => describeCommand(child, [...path, child.name()])),
  };
}

function describeOption(option: Option): OptionNode {
  const takesValue = option.required || option.optional;
  return {
    ...(option.short === undefined ? {} : { short: option.short }),
    ...(option.long === undefined ? {} : { long: option.long }),
    description: option.description,
    ...(takesValue ? { value: valueCompletion(option.argChoices, placeholder(option.flags), option.attributeName()) } : {}),
  };
}

function describeArgument(argument: Argument): ArgumentNode {
  return {
    name: argument.name(),
    description: argument.description,
    required: argument.required,
    variadic: argument.variadic,
    value: valueCompletion(argument.argChoices, argument.name(), argument.name()),
  };
}

/** The text between the angle or square brackets of `--chdir <dir>`. */
function placeholder(flags: string): string {
  return /[<[]([^>\]]*)[>\]]/.exec(flags)?.[1] ?? '';
}

/**
 * Infers the value from the names the definitions already use, so they need no completion
 * markup: a placeholder naming a file or dir, and the `--workspace` option.
 */
function valueCompletion(choices: readonly string[] | undefined, placeholderText: string, attributeName: string): ValueCompletion {
  if (choices !== undefined && choices.length > 0) return { kind: 'choices', choices };
  if (attributeName === 'workspace') return { kind: 'workspace' };
  if (/\bdir(ectory)?\b/i.test(placeholderText)) return { kind: 'directory' };
  if (/\bfile\b/i.test(placeholderText)) return { kind: 'file' };
  return { kind: 'text' };
}

/** Every command of the tree, the root first, parents before their children. */
export function allCommandNodes(root: CommandNode): CommandNode[] {
  return [root, ...root.subcommands.flatMap(allCommandNodes)];
}

/** The options valid at `node`: its own and those of every ancestor (commander accepts them anywhere after). */
export function optionsInScope(root: CommandNode, node: CommandNode): OptionNode[] {
  const scopes: CommandNode[] = [root];
  let current = root;
  for (const word of node.path) {
    const next = current.subcommands.find((child) => child.name === word);
    if (next === undefined) break;
    scopes.push(next);
    current = next;
  }
  const seen = new Set<string>();
  const options: OptionNode[] = [];
  // The innermost definition wins when a subcommand reuses a name (e.g. its own --help).
  for (const scope of scopes.reverse()) {
    for (const option of scope.options) {
      const key = option.long ?? option.short ?? '';
      if (seen.has(key)) continue;
      seen.add(key);
      options.push(option);
    }
  }
  return options;
}
