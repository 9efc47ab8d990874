import { BackendRegistry, type BackendBootstrap, type BackendFactory, type SettingsDescriber } from './backend-registry.js';

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
      describe: async () => (await import('./describe-local-settings.js')).describeLocalSettings,
      loadBootstrap: async () => (await import('./local-bootstrap.js')).bootstrapLocalBackend,
    })
    .register({
      name: 's3',
      packageName: '@x/backend-s3',
      summary: 'Amazon S3 and compatible stores, locked by DynamoDB or an S3 lockfile',
      load: () => loadProviderFactory('@x/backend-s3', 's3'),
      describe: () => loadDescriber('@x/backend-s3', 's3', 'describeS3Settings'),
      loadBootstrap: () => loadBootstrapExport('@x/backend-s3', 's3', 'bootstrapS3Backend'),
    })
    .register({
      name: 'oss',
      packageName: '@x/backend-oss',
      summary: 'Alibaba Cloud OSS, locked by TableStore or an OSS lockfile',
      load: () => loadProviderFactory('@x/backend-oss', 'oss'),
      describe: () => loadDescriber('@x/backend-oss', 'oss', 'describeOssSettings'),
      loadBootstrap: () => loadBootstrapExport('@x/backend-oss', 'oss', 'bootstrapOssBackend'),
    });
}

async function loadProviderFactory(packageName: string, backendName: string): Promise<BackendFactory> {
  const { importProviderPackage, providerFactoryOf } = await import('./import-provider-package.js');
  return providerFactoryOf<BackendFactory>(await importProviderPackage(packageName, backendName), packageName);
}

/** A provider package's `describe*Settings(config, env)` export, adapted to a {@link SettingsDescriber}. */
async function loadDescriber(packageName: string, backendName: string, exportName: string): Promise<SettingsDescriber> {
  const { importProviderPackage } = await import('./import-provider-package.js');
  const describe = (await importProviderPackage(packageName, backendName))[exportName];
  if (typeof describe !== 'function') {
    const { BackendError } = await import('@x/backend-core/errors');
    throw new BackendError('BACKEND_ERROR', `${packageName} does not export ${exportName}()`, {
      hint: `Install a version of ${packageName} that matches this tfstate.`,
    });
  }
  return (config, context) => describe(config, context.env);
}

/** A provider package's `bootstrap*Backend(config, context, options)` export. */
async function loadBootstrapExport(packageName: string, backendName: string, exportName: string): Promise<BackendBootstrap> {
  const { importProviderPackage } = await import('./import-provider-package.js');
  const bootstrap = (await importProviderPackage(packageName, backendName))[exportName];
  if (typeof bootstrap !== 'function') {
    const { BackendError } = await import('@x/backend-core/errors');
    throw new BackendError('BACKEND_ERROR', `${packageName} does not export ${exportName}()`, {
      hint: `Install a version of ${packageName} that matches this tfstate.`,
    });
  }
  return bootstrap as BackendBootstrap;
}
