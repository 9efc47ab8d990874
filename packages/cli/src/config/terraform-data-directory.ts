import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { BackendError } from '@x/backend-core/errors';
import type { BackendConfigValue } from '../backends/backend-config-value.js';

/** Name of Terraform's data directory, unless `TF_DATA_DIR` names another. */
const DEFAULT_DATA_DIRECTORY = '.terraform';

/** Where Terraform keeps its working-directory data: `TF_DATA_DIR` (relative to the working directory), else `.terraform`. */
export function dataDirectory(workingDirectory: string, env: NodeJS.ProcessEnv): string {
  return resolve(workingDirectory, env.TF_DATA_DIR || DEFAULT_DATA_DIRECTORY);
}

/** `path` as shown to the user: relative to the working directory when inside it. */
export function shownPath(workingDirectory: string, path: string): string {
  const relativePath = relative(workingDirectory, path);
  return relativePath.startsWith('..') || relativePath === '' ? path : relativePath;
}

/** What `terraform init` recorded about the backend in `<data dir>/terraform.tfstate`. */
export interface InitRecord {
  type: string;
  /** The init-time settings (block and `-backend-config` merged), without Terraform's `null`s. */
  config: Record<string, BackendConfigValue>;
  /** The record's path as shown in messages. */
  file: string;
}

/**
 * Reads the backend that `terraform init` saved in the data directory. Returns `undefined`
 * when there is no record (or it records no backend). A record that is not Terraform's JSON
 * is `INVALID_CONFIG` telling to re-run `terraform init`.
 */
export async function readInitRecord(workingDirectory: string, env: NodeJS.ProcessEnv): Promise<InitRecord | undefined> {
  const path = join(dataDirectory(workingDirectory, env), 'terraform.tfstate');
  const file = shownPath(workingDirectory, path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  let backend: unknown;
  try {
    backend = (JSON.parse(text) as { backend?: unknown }).backend;
  } catch {
    throw new BackendError('INVALID_CONFIG', `${file} is not valid JSON`, {
      hint: 'Run terraform init -reconfigure to write it again, or delete it and use -c settings.',
    });
  }
  if (backend === undefined || backend === null) return undefined;
  const { type, config } = backend as { type?: unknown; config?: unknown };
  if (typeof type !== 'string' || type === '') return undefined;
  const settings: Record<string, BackendConfigValue> = {};
  if (typeof config === 'object' && config !== null) {
    for (const [key, value] of Object.entries(config as Record<string, BackendConfigValue>)) {
      if (value !== null) settings[key] = value;
    }
  }
  return { type, config: settings, file };
}

/** Where the selected workspace came from: `-w`, `TF_WORKSPACE`, `<data dir>/environment`, or the default. */
export type WorkspaceSource = 'flag' | 'env' | 'environment-file' | 'default';

export interface WorkspaceSelection {
  name: string;
  source: WorkspaceSource;
  /** The environment file as shown, when `source` is `environment-file`. */
  file?: string;
}

/**
 * The workspace to use, in Terraform's order extended by `-w`: the flag, else `TF_WORKSPACE`,
 * else the name `terraform workspace select` wrote to `<data dir>/environment` (trimmed),
 * else `default`.
 */
export async function resolveWorkspaceSelection(options: {
  flag?: string;
  workingDirectory: string;
  env: NodeJS.ProcessEnv;
}): Promise<WorkspaceSelection> {
  if (options.flag !== undefined) return { name: options.flag, source: 'flag' };
  if (options.env.TF_WORKSPACE) return { name: options.env.TF_WORKSPACE, source: 'env' };
  const path = environmentFilePath(options.workingDirectory, options.env);
  const selected = (await readFile(path, 'utf8').catch(() => '')).trim();
  if (selected === '') return { name: 'default', source: 'default' };
  return { name: selected, source: 'environment-file', file: shownPath(options.workingDirectory, path) };
}

/**
 * Records the selected workspace as `terraform workspace select` does: the bare name, no new
 * line, in `<data dir>/environment`, creating the data directory when needed. Returns the
 * file as shown.
 */
export async function writeSelectedWorkspace(workingDirectory: string, env: NodeJS.ProcessEnv, name: string): Promise<string> {
  const path = environmentFilePath(workingDirectory, env);
  await mkdir(dataDirectory(workingDirectory, env), { recursive: true });
  await writeFile(path, name, { mode: 0o644 });
  return shownPath(workingDirectory, path);
}

function environmentFilePath(workingDirectory: string, env: NodeJS.ProcessEnv): string {
  return join(dataDirectory(workingDirectory, env), 'environment');
}
