import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { StateBackend } from '@x/backend-core';
import type { BackendRegistry } from './backends/backend-registry.js';
import { UsageError } from './cli-errors.js';
import type { CliIo } from './support/cli-io.js';
import { parseGoDuration } from './support/go-duration.js';

/** Options every command accepts (declared once on the root program). */
export interface GlobalOptions {
  backend: string;
  backendConfig?: string[];
  chdir?: string;
  workspace?: string;
  lockTimeout: string;
  json?: boolean;
  debug?: boolean;
}

/** What a command runs with: its streams, the resolved global options and the backend. */
export interface CommandContext {
  readonly io: CliIo;
  readonly json: boolean;
  readonly debug: boolean;
  /** `-w`, else `TF_WORKSPACE`, else `default`. */
  readonly workspace: string;
  /** `--lock-timeout` in milliseconds (0 = one attempt). */
  readonly lockTimeoutMs: number;
  /** Where the command works (`--chdir` or the current directory). */
  readonly workingDirectory: string;
  /** Opens the backend on first use; later calls return the same one. */
  backend(): Promise<StateBackend>;
  /** Resolves a path given on the command line against the working directory. */
  resolvePath(path: string): string;
  /** Releases the backend's sockets and handles, if one was opened. */
  close(): Promise<void>;
}

/**
 * Checks the global options (a bad duration, workspace source or directory is a usage error)
 * and builds the context. Nothing is imported from a provider until `backend()` is called.
 */
export async function createCommandContext(options: GlobalOptions, io: CliIo, registry: BackendRegistry): Promise<CommandContext> {
  const lockTimeoutMs = parseGoDuration(options.lockTimeout);
  const workingDirectory = resolve(io.cwd, options.chdir ?? '.');
  if (options.chdir !== undefined) await requireDirectory(workingDirectory, options.chdir);
  registry.get(options.backend);
  const workspace = options.workspace ?? (io.env.TF_WORKSPACE || 'default');
  const { workspaceNameProblem } = await import('@x/backend-core');
  const problem = workspaceNameProblem(workspace);
  if (problem !== undefined) {
    const source = options.workspace === undefined ? 'TF_WORKSPACE' : '-w';
    throw new UsageError(`${source}: ${problem}`, {
      hint: 'Workspace names use letters, digits and - _ . ~ $ & + : = @ (no slashes or spaces), as Terraform requires.',
    });
  }

  let opened: Promise<StateBackend> | undefined;
  const open = async (): Promise<StateBackend> => {
    const { resolveBackendConfig } = await import('./backends/backend-config.js');
    const config = await resolveBackendConfig(options.backendConfig ?? [], workingDirectory);
    const provider = await registry.createProvider(options.backend, config, { workingDirectory, env: io.env });
    const { createStateBackend } = await import('@x/backend-core');
    return createStateBackend(provider);
  };

  return {
    io,
    json: options.json === true,
    debug: options.debug === true,
    workspace,
    lockTimeoutMs,
    workingDirectory,
    backend: () => (opened ??= open()),
    resolvePath: (path) => resolve(workingDirectory, path),
    close: async () => {
      if (!opened) return;
      const backend = await opened.catch(() => undefined);
      await backend?.close();
    },
  };
}

async function requireDirectory(path: string, shownAs: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new UsageError(`--chdir "${shownAs}" is not a directory`, {
      hint: 'Pass the directory that holds the Terraform configuration or state.',
    });
  }
}
