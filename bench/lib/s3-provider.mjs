import { createStateBackend } from '@x/backend-core';

/**
 * Loads `@x/backend-s3` and builds our provider from Terraform-style settings, behind the
 * validated facade every consumer uses. Throws a clear error while the package does not yet
 * export `createProviderFromConfig`.
 */
export async function openS3Backend(config, env) {
  const module = await import('@x/backend-s3');
  if (typeof module.createProviderFromConfig !== 'function') {
    throw new Error('@x/backend-s3 does not export createProviderFromConfig yet (build packages/backend-s3 first)');
  }
  const provider = await module.createProviderFromConfig(config, { workingDirectory: process.cwd(), env: { ...process.env, ...env } });
  return createStateBackend(provider);
}

/** Whether the built @x/backend-s3 already offers the provider. */
export async function s3ProviderAvailable() {
  try {
    const module = await import('@x/backend-s3');
    return typeof module.createProviderFromConfig === 'function';
  } catch {
    return false;
  }
}
