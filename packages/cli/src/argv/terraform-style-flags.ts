import type { Command, Option } from 'commander';

/** Long options everyone gets from commander without declaring them. */
const implicitLongOptions = ['--help'];

function longOptionsOf(command: Command): Map<string, Option | undefined> {
  const options = new Map<string, Option | undefined>(implicitLongOptions.map((name) => [name, undefined]));
  for (const option of command.options) if (option.long !== undefined) options.set(option.long, option);
  return options;
}

function findOption(scope: readonly Command[], name: string): Option | undefined {
  for (const command of scope) {
    const option = command.options.find((candidate) => candidate.long === name || candidate.short === name);
    if (option !== undefined) return option;
  }
  return undefined;
}

function isKnownLong(scope: readonly Command[], name: string): boolean {
  return scope.some((command) => longOptionsOf(command).has(name));
}

/**
 * Rewrites Terraform-style single-dash long options (`-raw`, `-json`, `-chdir=DIR`,
 * `-lock-timeout 5m`) as the double-dash options commander parses, so Terraform users can type
 * what they are used to. Only names that the command being run (or one of its parents) declares
 * as a long option are rewritten; short options (`-w prod`, `-cfile.hcl`), option values, operands
 * and everything after `--` stay as they are.
 */
export function normalizeTerraformStyleFlags(program: Command, argv: readonly string[]): string[] {
  const result: string[] = [];
  const scope: Command[] = [program];
  let takesValueNext = false;
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index]!;
    if (takesValueNext) {
      takesValueNext = false;
      result.push(word);
      continue;
    }
    if (word === '--') {
      result.push(...argv.slice(index));
      break;
    }
    const current = scope[0]!;
    let rewritten = word;
    const terraformStyle = /^-([a-zA-Z][\w-]+)(=.*)?$/.exec(word);
    if (terraformStyle !== null && isKnownLong(scope, `--${terraformStyle[1]}`)) {
      rewritten = `-${word}`;
    }
    result.push(rewritten);
    if (rewritten.startsWith('-') && rewritten.length > 1) {
      // An option that needs a value takes the next word, whatever it looks like (as commander does).
      const name = rewritten.startsWith('--') ? rewritten.split('=')[0]! : rewritten.slice(0, 2);
      const option = findOption(scope, name);
      const valueAttached = rewritten.includes('=') || (!rewritten.startsWith('--') && rewritten.length > 2);
      if (option?.required === true && !valueAttached) takesValueNext = true;
      continue;
    }
    const subcommand = current.commands.find((child) => child.name() === word || child.aliases().includes(word));
    if (subcommand !== undefined) scope.unshift(subcommand);
  }
  return result;
}
