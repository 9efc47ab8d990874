import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { StateBackend } from '@x/backend-core';
import type { BackendConfig } from './backends/backend-config-value.js';
import type { BackendRegistry } from './backends/backend-registry.js';
import { UsageError } from './cli-errors.js';
import type { BackendSelection } from './config/backend-selection.js';
import type { WorkspaceSelection } from './config/terraform-data-directory.js';
import type { CliIo } from './support/cli-io.js';
import { parseGoDuration } from './support/go-duration.js';

/** Options every command accepts (declared once on the root program). */
export interface GlobalOptions {
  /** No default: without it the backend comes from the configuration (see `resolveBackendSelection`). */
  backend?: string;
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
  /** `-w`, else `TF_WORKSPACE`, else `.terraform/environment` (or `$TF_DATA_DIR/environment`), else `default`. */
  readonly workspace: string;
  /** The workspace with where it came from. */
  readonly workspaceSelection: WorkspaceSelection;
  /** The registry the backends are opened from. */
  readonly registry: BackendRegistry;
  /** `--lock-timeout` in milliseconds (0 = one attempt). */
  readonly lockTimeoutMs: number;
  /** Where the command works (`--chdir` or the current directory). */
  readonly workingDirectory: string;
  /** The backend type and settings chosen from `--backend`, the configuration and `-c` (computed once). */
  backendSelection(): Promise<BackendSelection>;
  /** Opens the backend on first use; later calls return the same one. */
  backend(): Promise<StateBackend>;
  /** Opens another backend (say a migration target); `close()` closes it too. */
  openBackend(type: string, config: BackendConfig): Promise<StateBackend>;
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
  if (options.backend !== undefined) registry.get(options.backend);
  const { resolveWorkspaceSelection } = await import('./config/terraform-data-directory.js');
  const workspaceSelection = await resolveWorkspaceSelection({ flag: options.workspace, workingDirectory, env: io.env });
  const workspace = workspaceSelection.name;
  const { workspaceNameProblem } = await import('@x/backend-core');
  const problem = workspaceNameProblem(workspace);
  if (problem !== undefined) {
    const sources: Record<WorkspaceSelection['source'], string> = {
      flag: '-w',
      env: 'TF_WORKSPACE',
      'environment-file': workspaceSelection.file ?? 'environment',
      default: 'workspace',
    };
    const source = sources[workspaceSelection.source];
    throw new UsageError(`${source}: ${problem}`, {
      hint: 'Workspace names use letters, digits and - _ . ~ $ & + : = @ (no slashes or spaces), as Terraform requires.',
    });
  }

  const opened: Array<Promise<StateBackend>> = [];
  const openBackend = (type: string, config: BackendConfig): Promise<StateBackend> => {
    const backend = (async () => {
      const provider = await registry.createProvider(type, config, { workingDirectory, env: io.env });
      const { createStateBackend } = await import('@x/backend-core');
      return createStateBackend(provider);
    })();
    opened.push(backend);
    return backend;
  };
  let selection: Promise<BackendSelection> | undefined;
  const backendSelection = (): Promise<BackendSelection> =>
    (selection ??= import('./config/backend-selection.js').then(({ resolveBackendSelection }) =>
      resolveBackendSelection({
        backend: options.backend,
        entries: options.backendConfig ?? [],
        workingDirectory,
        env: io.env,
        knownTypes: registry.list().map((backend) => backend.name),
      }),
    ));
  let main: Promise<StateBackend> | undefined;
  const open = async (): Promise<StateBackend> => {
    const chosen = await backendSelection();
    for (const warning of chosen.warnings) io.stderr.write(`Warning: ${warning}\n`);
    return openBackend(chosen.type, chosen.config);
  };

  return {
    io,
    json: options.json === true,
    debug: options.debug === true,
    workspace,
    workspaceSelection,
    registry,
    lockTimeoutMs,
    workingDirectory,
    backendSelection,
    backend: () => (main ??= open()),
    openBackend,
    resolvePath: (path) => resolve(workingDirectory, path),
    close: async () => {
      for (const backend of opened.splice(0)) await (await backend.catch(() => undefined))?.close();
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
