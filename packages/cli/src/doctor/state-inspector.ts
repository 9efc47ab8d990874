import type { ProbeCheck } from '@x/backend-core';
import type { BackendConfig } from '../backends/backend-config-value.js';

/** How a workspace's stored digest compares with its state object (see the provider packages). */
export interface DigestComparison {
  workspace: string;
  location: string;
  record: string;
  stored?: string;
  actual?: string;
  status: 'match' | 'mismatch' | 'no-digest' | 'digest-without-state' | 'no-state';
}

/**
 * The read-only store views the s3 and oss packages export as `createStateInspector`: digest
 * comparison without the consistency wait, and lock records found by listing.
 */
export interface StateInspector {
  compareDigests(workspaces: readonly string[]): Promise<DigestComparison[]>;
  listLockedWorkspaces(): Promise<{ workspaces: string[]; coverage: string }>;
  /** Findings the provider's probe does not carry (oss: where OSS and TableStore requests go). */
  identityChecks?(): ProbeCheck[];
  close(): Promise<void>;
}

type InspectorFactory = (config: BackendConfig, context: { workingDirectory: string; env: NodeJS.ProcessEnv }) => Promise<StateInspector>;

/** Provider packages that offer an inspector, by `--backend` name. */
const inspectorPackages: Readonly<Record<string, string>> = { s3: '@x/backend-s3', oss: '@x/backend-oss' };

/**
 * Opens the inspector of the backend's provider package for the selected type and merged
 * settings (`context.backendSelection()`), or resolves undefined when the backend has none
 * (local) or the installed package predates it. Settings errors surface as the provider's.
 */
export async function openStateInspector(
  backendType: string,
  config: BackendConfig,
  context: { workingDirectory: string; env: NodeJS.ProcessEnv },
): Promise<StateInspector | undefined> {
  const packageName = inspectorPackages[backendType];
  if (packageName === undefined) return undefined;
  const { importProviderPackage } = await import('../backends/import-provider-package.js');
  const module = await importProviderPackage(packageName, backendType);
  const factory = module.createStateInspector;
  if (typeof factory !== 'function') return undefined;
  return (factory as InspectorFactory)(config, context);
}
