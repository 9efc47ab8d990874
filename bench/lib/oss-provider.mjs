import { createStateBackend } from '@x/backend-core';

/**
 * Our oss provider from Terraform-style arguments, behind the validated facade every consumer
 * uses. Kept apart from oss-setup.mjs so transfer workers load no TypeScript test servers.
 */
export async function openOssBackend(config) {
  const { createProviderFromConfig } = await import('@x/backend-oss');
  return createStateBackend(await createProviderFromConfig(config, { workingDirectory: process.cwd(), env: {} }));
}
