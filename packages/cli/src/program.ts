import { Command, Option } from 'commander';
import type { BackendRegistry } from './backends/backend-registry.js';
import { createCommandContext, type CommandContext, type GlobalOptions } from './command-context.js';
import { exitCodeHelp } from './exit-codes.js';
import type { CliIo } from './support/cli-io.js';

/** A command implementation, imported only when its command runs. */
export interface CommandModule<Options> {
  run(context: CommandContext, args: string[], options: Options): Promise<void>;
}

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
  const lazy =
    <Options>(load: () => Promise<CommandModule<Options>>) =>
    async (...parameters: unknown[]): Promise<void> => {
      const command = parameters.at(-1) as Command;
      const context = await createCommandContext(command.optsWithGlobals<GlobalOptions>(), io, registry);
      try {
        const module = await load();
        await module.run(context, command.args, command.opts() as Options);
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
      new Option('--backend <name>', 'where the state lives')
        .choices(registry.list().map((backend) => backend.name))
        .default('local'),
    )
    .option(
      '-c, --backend-config <key=value|file>',
      'backend setting or settings file, repeatable; later ones win (like terraform -backend-config)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--chdir <dir>', 'work in DIR, as if started there (like terraform -chdir)')
    .option('-w, --workspace <name>', 'workspace to use (default: $TF_WORKSPACE, else "default")')
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

Examples:
  $ tfstate workspace list
  $ tfstate --backend s3 -c bucket=my-state -c key=app/terraform.tfstate -c region=eu-west-1 outputs --json
  $ tfstate -c prod.s3.tfbackend --backend s3 -w prod lock status
  $ tfstate state pull -o backup.tfstate

${exitCodeHelp}`,
    );

  const workspace = program.command('workspace').description('list, show, create and delete workspaces');
  workspace
    .command('list')
    .description('list the workspaces that have a state ("default" always listed first)')
    .addHelpText('after', examples('tfstate workspace list', 'tfstate --backend s3 -c backend.hcl workspace list --json'))
    .action(lazy(() => import('./commands/workspace-list.js')));
  workspace
    .command('show')
    .description('print the selected workspace (-w, else $TF_WORKSPACE, else "default")')
    .addHelpText('after', examples('TF_WORKSPACE=prod tfstate workspace show'))
    .action(lazy(() => import('./commands/workspace-show.js')));
  workspace
    .command('new')
    .description('create a workspace with an empty state (new lineage, serial 1), as terraform workspace new does')
    .argument('<name>', 'workspace name')
    .addHelpText('after', examples('tfstate workspace new staging'))
    .action(lazy(() => import('./commands/workspace-new.js')));
  workspace
    .command('delete')
    .description('delete a workspace and its state; refuses "default" and, without --force, a state with resources')
    .argument('<name>', 'workspace name')
    .option('--force', 'delete even when the state still tracks resources (they are forgotten, not destroyed)')
    .addHelpText('after', examples('tfstate workspace delete staging', 'tfstate workspace delete old-branch --force'))
    .action(lazy(() => import('./commands/workspace-delete.js')));

  const state = program.command('state').description('read and replace the stored state');
  state
    .command('pull')
    .description('write the stored state bytes, exactly as stored, to stdout or a file')
    .option('-o, --output <file>', 'write to FILE instead of stdout')
    .addHelpText('after', examples('tfstate state pull > backup.tfstate', 'tfstate -w prod state pull -o prod.tfstate --json'))
    .action(lazy(() => import('./commands/state-pull.js')));
  state
    .command('push')
    .description("replace the stored state with FILE (or - for stdin), under the lock, after Terraform's import check")
    .argument('<file>', 'state file to push, or - to read stdin')
    .option('--force', 'skip the lineage and serial checks (overwrites unrelated or newer state)')
    .addHelpText(
      'after',
      `${examples('tfstate state push backup.tfstate', 'cat fixed.tfstate | tfstate state push -', 'tfstate state push --force --lock-timeout 60s other.tfstate')}
The pushed state is refused (nothing changes, exit 1) when its lineage differs from the stored
one, its serial is lower, or its serial is equal but its content differs. --force skips these.`,
    )
    .action(lazy(() => import('./commands/state-push.js')));

  const lock = program.command('lock').description('inspect and take the state lock');
  lock
    .command('status')
    .description('show who holds the lock (exit 0 whether locked or not)')
    .addHelpText('after', examples('tfstate lock status', 'tfstate lock status --json   # {"locked":false} when free'))
    .action(lazy(() => import('./commands/lock-status.js')));
  lock
    .command('acquire')
    .description('take the lock, print its ID and leave it held (for CI scripts; needs a backend whose locks outlive the process)')
    .option('--operation <text>', 'operation recorded in the lock', 'tfstate-lock-acquire')
    .option('--info <text>', 'extra text recorded in the lock', '')
    .addHelpText(
      'after',
      `${examples('LOCK_ID=$(tfstate --backend s3 -c backend.hcl lock acquire --info "deploy #42")', 'tfstate --backend s3 -c backend.hcl unlock "$LOCK_ID"')}
The local backend's lock is an OS file lock that dies with the process, so lock acquire refuses it.`,
    )
    .action(lazy(() => import('./commands/lock-acquire.js')));

  program
    .command('unlock')
    .description('release a lock by its ID (the ID printed by lock acquire)')
    .argument('<id>', 'lock ID')
    .addHelpText('after', examples('tfstate unlock 6f1c0a52-98b4-1a7e-4c0b-3c6e2a8a9d11'))
    .action(lazy(() => import('./commands/unlock.js')));
  program
    .command('force-unlock')
    .description('release a lock someone else holds (asks for confirmation on a terminal)')
    .argument('<id>', 'lock ID, as shown by lock status')
    .option('-y, --yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .addHelpText('after', examples('tfstate lock status', 'tfstate force-unlock 6f1c0a52-98b4-1a7e-4c0b-3c6e2a8a9d11 --yes'))
    .action(lazy(() => import('./commands/force-unlock.js')));

  program
    .command('outputs')
    .description('print root module outputs like terraform output (sensitive values masked unless --show-sensitive)')
    .argument('[name]', 'print only this output')
    .option('--raw', 'print one string, number or bool output bare, like terraform output -raw')
    .option('--show-sensitive', 'show sensitive values in the human format')
    .addHelpText(
      'after',
      `${examples('tfstate outputs', 'tfstate outputs --json            # same shape as terraform output -json', 'tfstate outputs vpc_id --raw')}
Like terraform output, --json and --raw print sensitive values as they are; the human format masks them.`,
    )
    .action(lazy(() => import('./commands/outputs.js')));

  return program;
}

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}
