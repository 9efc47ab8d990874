import { mkdir, stat } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { BackendError, bootstrapStep, changeOutcome, type BootstrapOptions, type BootstrapReport, type BootstrapStep } from '@x/backend-core';
import type { BackendConfig } from './backend-config-value.js';
import type { BackendFactoryContext } from './backend-registry.js';
import { createLocalBackend } from './local-backend.js';

async function isDirectory(path: string): Promise<boolean | undefined> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  return info === undefined ? undefined : info.isDirectory();
}

async function ensureDirectory(step: string, path: string, workingDirectory: string, dryRun: boolean): Promise<BootstrapStep> {
  const shown = relative(workingDirectory, path) || '.';
  const found = await isDirectory(path);
  if (found === true) return bootstrapStep(step, shown, 'already', `directory "${shown}" exists`);
  if (found === false) {
    throw new BackendError('INVALID_CONFIG', `"${shown}" exists but is not a directory`, {
      hint: 'Move the file away, or point path / workspace_dir somewhere else.',
    });
  }
  if (!dryRun) await mkdir(path, { recursive: true });
  return bootstrapStep(step, shown, changeOutcome(dryRun, false), `${dryRun ? 'would create' : 'created'} directory "${shown}"`);
}

/**
 * `bootstrap` for Terraform's local backend: creates the directory that holds the default
 * state (`path`, else `terraform.tfstate` in the working directory) and, when `workspace_dir`
 * is set, that directory. Settings are checked as `--backend local` checks them.
 */
export async function bootstrapLocalBackend(config: BackendConfig, context: BackendFactoryContext, options: BootstrapOptions): Promise<BootstrapReport> {
  await createLocalBackend(config, context).close?.();
  const dryRun = options.dryRun === true;
  const { workingDirectory } = context;
  const statePath = resolve(workingDirectory, typeof config.path === 'string' ? config.path : 'terraform.tfstate');
  const steps = [await ensureDirectory('state-directory', dirname(statePath), workingDirectory, dryRun)];
  if (typeof config.workspace_dir === 'string') {
    steps.push(await ensureDirectory('workspace-directory', resolve(workingDirectory, config.workspace_dir), workingDirectory, dryRun));
  }
  return { backend: 'local', dryRun, steps };
}
