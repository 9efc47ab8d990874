import { resolve } from 'node:path';
import type { BackendConfig } from '../backends/backend-config-value.js';

/**
 * For a local-to-local migration: the file or directory both sides would use (Terraform's
 * defaults `terraform.tfstate` and `terraform.tfstate.d`, from the working directory), or
 * undefined when they are apart. Sharing one would make a workspace its own target.
 */
export function sharedLocalPath(source: BackendConfig, target: BackendConfig, workingDirectory: string): string | undefined {
  const layout = (config: BackendConfig) => ({
    path: resolve(workingDirectory, typeof config.path === 'string' ? config.path : 'terraform.tfstate'),
    workspaceDirectory: resolve(workingDirectory, typeof config.workspace_dir === 'string' ? config.workspace_dir : 'terraform.tfstate.d'),
  });
  const from = layout(source);
  const to = layout(target);
  if (from.path === to.path) return from.path;
  if (from.workspaceDirectory === to.workspaceDirectory) return from.workspaceDirectory;
  return undefined;
}
