import type { StateInspector, StateInspectorContext } from '@x/backend-core';
import type { BackendConfig } from '../backends/backend-config-value.js';

type InspectorFactory = (config: BackendConfig, context: StateInspectorContext) => Promise<StateInspector>;

/** Provider packages that offer an inspector, by `--backend` name. */
const inspectorPackages: Readonly<Record<string, string>> = { s3: '@x/backend-s3', oss: '@x/backend-oss' };

/**
 * Opens the inspector (the `StateInspector` contract of @x/backend-core) of the backend's
 * provider package for the selected type and merged settings (`context.backendSelection()`), or
 * resolves undefined when the backend has none (local) or the installed package predates it.
 * Settings errors surface as the provider's.
 */
export async function openStateInspector(
  backendType: string,
  config: BackendConfig,
  context: StateInspectorContext,
): Promise<StateInspector | undefined> {
  const packageName = inspectorPackages[backendType];
  if (packageName === undefined) return undefined;
  const { importProviderPackage } = await import('../backends/import-provider-package.js');
  const module = await importProviderPackage(packageName, backendType);
  const factory = module.createStateInspector;
  if (typeof factory !== 'function') return undefined;
  return (factory as InspectorFactory)(config, context);
}
