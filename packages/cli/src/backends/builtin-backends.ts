import { BackendRegistry, type BackendFactory } from './backend-registry.js';

/**
 * The registry `tfstate` ships with. Each loader imports its package only when that backend is
 * opened, so `--help` and the other backends never pay for an SDK.
 */
export function createBuiltinRegistry(): BackendRegistry {
  return new BackendRegistry()
    .register({
      name: 'local',
      packageName: '@x/backend-local',
      summary: "Terraform's local backend: terraform.tfstate and terraform.tfstate.d/ (the default)",
      load: async () => (await import('./local-backend.js')).createLocalBackend,
    })
    .register({
      name: 's3',
      packageName: '@x/backend-s3',
      summary: 'Amazon S3 and compatible stores, locked by DynamoDB or an S3 lockfile',
      load: () => loadProviderFactory('@x/backend-s3', 's3'),
    })
    .register({
      name: 'oss',
      packageName: '@x/backend-oss',
      summary: 'Alibaba Cloud OSS, locked by TableStore or an OSS lockfile',
      load: () => loadProviderFactory('@x/backend-oss', 'oss'),
    });
}

async function loadProviderFactory(packageName: string, backendName: string): Promise<BackendFactory> {
  const { importProviderPackage, providerFactoryOf } = await import('./import-provider-package.js');
  return providerFactoryOf<BackendFactory>(await importProviderPackage(packageName, backendName), packageName);
}
