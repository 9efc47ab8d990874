import type { Command } from 'commander';
import { examplesOf } from '../definitions/command-examples.js';

export interface ReferenceEntry {
  /** `-c, --backend-config <key=value|file>` or `<name>`. */
  term: string;
  /** The description with commander's "(default: ...)" and "(choices: ...)" suffixes. */
  description: string;
}

/** One command as the README documents it. */
export interface CommandReference {
  /** `tfstate workspace list`. */
  name: string;
  /** `tfstate workspace list [options]`. */
  usage: string;
  description: string;
  arguments: ReferenceEntry[];
  /** The command's own options (the global ones are documented once, on the root). */
  options: ReferenceEntry[];
  /** From `withExamples`. */
  examples: readonly string[];
  /** True when the command has no subcommands: such a command must have examples. */
  leaf: boolean;
  subcommands: CommandReference[];
}

/**
 * Reads the reference for `command` and its visible subcommands from the commander definitions,
 * with commander's own help formatter, so the README says what `--help` says. Commander's
 * implicit `help` command and hidden commands are left out.
 */
export function commandReference(command: Command, parentName = ''): CommandReference {
  const help = command.createHelp();
  const name = parentName === '' ? command.name() : `${parentName} ${command.name()}`;
  const subcommands = help.visibleCommands(command).filter((child) => command.commands.includes(child));
  return {
    name,
    usage: help.commandUsage(command),
    description: command.description(),
    arguments: command.registeredArguments.map((argument) => ({
      term: help.argumentTerm(argument),
      description: help.argumentDescription(argument),
    })),
    // The root lists the global options (and --help, --version) once; a subcommand only its own.
    options: help
      .visibleOptions(command)
      .filter((option) => parentName === '' || command.options.includes(option))
      .map((option) => ({ term: help.optionTerm(option), description: help.optionDescription(option) })),
    examples: examplesOf(command),
    leaf: subcommands.length === 0,
    subcommands: subcommands.map((child) => commandReference(child, name)),
  };
}

/** Every command of the tree below the root, parents before children. */
export function allReferences(root: CommandReference): CommandReference[] {
  return root.subcommands.flatMap((child) => [child, ...allReferences(child)]);
}
