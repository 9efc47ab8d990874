export { createProviderFromConfig, settingsFromConfig, type ProviderFromConfigContext } from './create-provider-from-config.js';
export * from './bootstrap/index.js';
export { createOssProvider, type OssProviderOptions } from './oss-provider.js';
export { ossCapabilities } from './capabilities.js';
export {
  ENVIRONMENT_VARIABLES,
  EXTENSION_ARGUMENTS,
  SESSION_EXPIRATION_VARIABLE,
  TERRAFORM_ARGUMENTS,
  resolveOssConfig,
  type ResolveContext,
  type ResolvedOssConfig,
} from './config/resolve-settings.js';
export type {
  AssumeRoleSettings,
  CredentialSettings,
  OssAcl,
  OssBackendSettings,
  OssCredentials,
  TableStoreSettings,
} from './config/oss-settings.js';
export type { RawConfig } from './config/config-values.js';
export { resolveCredentials, type CredentialEndpoints } from './credentials/resolve-credentials.js';
export { ECS_METADATA_ENDPOINT } from './credentials/ecs-role-credentials.js';
export {
  DEFAULT_KEY,
  DEFAULT_PREFIX,
  LOCKFILE_SUFFIX,
  digestRowKey,
  lockRowKey,
  lockfilePath,
  normalisePrefix,
  stateObjectPath,
  workspaceOfObject,
  type OssLayout,
} from './oss-layout.js';
export {
  DEFAULT_CONSISTENCY_POLL_MILLISECONDS,
  DEFAULT_CONSISTENCY_WINDOW_MILLISECONDS,
  DIGEST_COLUMN,
  digestMismatchMessage,
  type ConsistencyTimings,
} from './state/state-digests.js';
export { INFO_COLUMN } from './lock/tablestore-lock-store.js';
export { LOCK_ID_COLUMN } from './storage/tablestore-rows.js';
export { createStateInspector } from './state-inspector.js';
export type { StateInspector, StateInspectorContext, DigestComparison, LockListing } from '@x/backend-core';
export { describeOssSettings, OSS_SECRET_ARGUMENTS, OSS_SENSITIVE } from './config/describe-oss-settings.js';
