import type { DescribedSetting } from '@x/backend-core';
import { STATE_FILE_NAME, WORKSPACE_DIRECTORY_NAME } from '@x/backend-local';
import type { BackendConfig } from './backend-config-value.js';
import type { BackendFactoryContext } from './backend-registry.js';
import { createLocalBackend } from './local-backend.js';

/**
 * The local backend's two settings, `path` and `workspace_dir`, with Terraform's defaults
 * (`terraform.tfstate`, `terraform.tfstate.d`, relative to the working directory). Settings
 * are validated as the backend validates them; the local backend reads no environment.
 */
export function describeLocalSettings(config: BackendConfig, context: BackendFactoryContext): DescribedSetting[] {
  createLocalBackend(config, context);
  const setting = (name: string, fallback: string): DescribedSetting =>
    config[name] === undefined
      ? { name, value: fallback, source: 'default', secret: false }
      : { name, value: config[name], source: 'config', secret: false };
  return [setting('path', STATE_FILE_NAME), setting('workspace_dir', WORKSPACE_DIRECTORY_NAME)];
}
