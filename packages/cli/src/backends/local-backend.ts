import { BackendError, type StateProvider } from '@x/backend-core';
import { createLocalProvider } from '@x/backend-local';
import type { BackendConfig } from './backend-config-value.js';
import type { BackendFactoryContext } from './backend-registry.js';

/** Settings of Terraform's local backend, with the same names. */
const settings = ['path', 'workspace_dir'] as const;

/**
 * The `local` backend: Terraform's files in the working directory. Accepts Terraform's local
 * backend settings `path` (state file of `default`) and `workspace_dir`.
 */
export function createLocalBackend(config: BackendConfig, context: BackendFactoryContext): StateProvider {
  for (const key of Object.keys(config)) {
    if (!(settings as readonly string[]).includes(key)) {
      throw new BackendError('INVALID_CONFIG', `the local backend has no setting "${key}"`, {
        hint: `The local backend accepts: ${settings.join(', ')}.`,
      });
    }
  }
  return createLocalProvider({
    directory: context.workingDirectory,
    statePath: stringSetting(config, 'path'),
    workspaceDirectory: stringSetting(config, 'workspace_dir'),
  });
}

function stringSetting(config: BackendConfig, key: (typeof settings)[number]): string | undefined {
  const value = config[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new BackendError('INVALID_CONFIG', `the local backend setting "${key}" must be a non-empty string`);
  }
  return value;
}
