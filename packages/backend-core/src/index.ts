export * from './errors/index.js';
export { defineCapabilities, type BackendCapabilities } from './backend/capabilities.js';
export type {
  ProbeCheck,
  ProbeReport,
  StateProvider,
  StateVersionEntry,
  StoredState,
  WriteStateOptions,
  WriteStateResult,
} from './backend/state-provider.js';
export { StateBackend, createStateBackend } from './backend/state-backend.js';
export {
  bootstrapComplete,
  bootstrapHasConflict,
  bootstrapStep,
  changeOutcome,
  type BootstrapOptions,
  type BootstrapOutcome,
  type BootstrapReport,
  type BootstrapStep,
} from './backend/bootstrap-report.js';
export { enableVersioningStep, type BucketVersioning } from './backend/versioning-step.js';
export {
  compareDigest,
  type DigestComparison,
  type DigestStatus,
  type LockListing,
  type LockListingOptions,
  type StateInspector,
  type StateInspectorContext,
} from './backend/state-inspector.js';
export type { DescribedSetting } from './backend/described-setting.js';
export {
  DEFAULT_TOOL_VERSION,
  createLockInfo,
  currentWho,
  encodeLockInfo,
  generateLockId,
  lockAgeMilliseconds,
  parseLockInfo,
  type CreateLockInfoOptions,
  type LockInfo,
} from './lock/lock-info.js';
export { describeLock } from './lock/describe-lock.js';
export { formatGoRfc3339Nano, formatGoDefaultTime, parseGoTime, type GoTime } from './lock/go-time.js';
export { encodeGoJsonString } from './json/go-json-string.js';
export {
  DEFAULT_WORKSPACE,
  validateWorkspaceName,
  workspaceNameProblem,
  type WorkspaceNameOptions,
} from './workspace/workspace-name.js';
export { cleanPath, joinPath, workspaceFromKey, workspaceStateKey, type KeyLayout } from './workspace/key-layout.js';
export * from './state/index.js';
export * from './manager/index.js';
export { md5HexInSlices } from './digest/md5-in-slices.js';
