import { Command, Option } from 'commander';
import type { BackendRegistry } from './backends/backend-registry.js';
import { createCommandContext, type GlobalOptions } from './command-context.js';
import { exitCodeHelp } from './exit-codes.js';
import { allCommands } from './definitions/all-commands.js';
import type { LazyAction } from './definitions/lazy-action.js';
import type { CliIo } from './support/cli-io.js';

export interface ProgramOptions {
  io: CliIo;
  registry: BackendRegistry;
  version: string;
}

/**
 * Declares every command, argument, option and help text. Nothing here imports a command
 * implementation or a provider: each action loads its module when it runs.
 */
export function buildProgram({ io, registry, version }: ProgramOptions): Command {
  const lazy: LazyAction =
    (load) =>
    async (...parameters: unknown[]): Promise<void> => {
      const command = parameters.at(-1) as Command;
      const context = await createCommandContext(command.optsWithGlobals<GlobalOptions>(), io, registry);
      try {
        const module = await load();
        await module.run(context, command.args, command.opts() as never);
      } finally {
        await context.close();
      }
    };

  // Set before any subcommand is added: commander copies these settings into each subcommand.
  const program = new Command('tfstate')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(text.replace(/^error: /, 'Error: ')),
    })
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showHelpAfterError('(run with --help for usage)')
    .description('Inspect, lock, pull, push and read Terraform/OpenTofu state in any backend.')
    .version(version, '-V, --version')
    .addOption(
      new Option(
        '--backend <name>',
        'where the state lives (default: the *.tf backend block, else what terraform init recorded, else local)',
      ).choices(registry.list().map((backend) => backend.name)),
    )
    .option(
      '-c, --backend-config <key=value|file>',
      'backend setting or settings file, repeatable; later ones win (like terraform -backend-config)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--chdir <dir>', 'work in DIR, as if started there (like terraform -chdir)')
    .option('-w, --workspace <name>', 'workspace to use (default: $TF_WORKSPACE, else .terraform/environment, else "default")')
    .option('--lock-timeout <duration>', 'how long to wait for a held lock, Go syntax: 0s, 30s, 5m', '0s')
    .option('--json', 'machine-readable output on stdout')
    .option('--debug', 'print stack traces of errors')
    .addHelpText(
      'after',
      `
Backends:
${registry
  .list()
  .map((backend) => `  ${backend.name.padEnd(6)} ${backend.summary} [${backend.packageName}]`)
  .join('\n')}

Without --backend, tfstate reads the terraform { backend "TYPE" { ... } } block of the
*.tf files (or what terraform init recorded in .terraform/), then applies -c settings;
"tfstate config" shows the result and where each setting came from.

Examples:
  $ tfstate workspace list
  $ tfstate --backend s3 -c bucket=my-state -c key=app/terraform.tfstate -c region=eu-west-1 outputs --json
  $ tfstate -c prod.s3.tfbackend --backend s3 -w prod lock status
  $ tfstate state pull -o backup.tfstate

${exitCodeHelp}`,
    );

  for (const define of allCommands) define(program, lazy);

  return program;
}
