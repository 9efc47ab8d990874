export type {
  AssumeRoleSettings,
  CredentialSettings,
  ProxySettings,
  ResolvedS3Settings,
  S3BackendSettings,
  S3ClientOptions,
  S3Clients,
  WebIdentitySettings,
} from './s3-settings.js';
export { resolveS3Settings, S3_BACKEND_ARGUMENTS } from './resolve-s3-settings.js';
export { createS3Clients } from './create-s3-clients.js';
export { checkAccount, type AccountIdentity } from './check-account.js';
export { redactSettings, SENSITIVE } from './redact-settings.js';
