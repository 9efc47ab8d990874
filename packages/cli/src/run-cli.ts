import { CommanderError } from 'commander';
import { normalizeTerraformStyleFlags } from './argv/terraform-style-flags.js';
import type { BackendRegistry } from './backends/backend-registry.js';
import { createBuiltinRegistry } from './backends/builtin-backends.js';
import { ExitCode } from './exit-codes.js';
import { buildProgram } from './program.js';
import { processIo, type CliIo } from './support/cli-io.js';

declare const TFSTATE_VERSION: string;

export interface RunCliOptions {
  io?: CliIo;
  /** Backends to offer; defaults to local, s3 and oss. */
  registry?: BackendRegistry;
}

/** Runs `tfstate` with `argv` (without the node and script paths) and resolves with the exit code. */
export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<number> {
  const io = options.io ?? processIo();
  const program = buildProgram({ io, registry: options.registry ?? createBuiltinRegistry(), version: TFSTATE_VERSION });
  // Terraform users type -json, -raw, -chdir=DIR: accept them as the long options they name.
  const args = normalizeTerraformStyleFlags(program, argv);
  try {
    await program.parseAsync(args, { from: 'user' });
    return ExitCode.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    const { reportError } = await import('./report-error.js');
    return reportError(error, io.stderr, { debug: args.includes('--debug') });
  }
}
