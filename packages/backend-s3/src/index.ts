/**
 * `@x/backend-s3`: Terraform's and OpenTofu's `s3` state backend for the tfstate toolkit.
 * `createProviderFromConfig` is what the CLI loads; `createS3Provider` takes resolved settings
 * and ready SDK clients.
 */
export { createS3Provider, type S3ProviderOptions } from './s3-provider.js';
export {
  connectFromConfig,
  createProviderFromConfig,
  destroyClients,
  type ProviderFactoryContext,
  type S3Connection,
} from './create-provider-from-config.js';
export * from './bootstrap/index.js';
export { s3Capabilities } from './s3-capabilities.js';
export { S3Layout, LOCK_FILE_SUFFIX, DIGEST_SUFFIX, type WorkspaceLocation } from './s3-layout.js';
export { DEFAULT_CONSISTENCY_POLL_MS, DEFAULT_CONSISTENCY_WINDOW_MS } from './digest/consistent-read.js';
export * from './config/index.js';
export { createStateInspector } from './probe/state-inspector.js';
export type { StateInspector, StateInspectorContext, DigestComparison, LockListing } from '@x/backend-core';
export { describeS3Settings } from './config/describe-s3-settings.js';
