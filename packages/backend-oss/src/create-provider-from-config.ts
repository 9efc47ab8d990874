import type { StateProvider } from '@x/backend-core';
import type { RawConfig } from './config/config-values.js';
import type { OssBackendSettings, OssCredentials } from './config/oss-settings.js';
import { resolveOssConfig } from './config/resolve-settings.js';
import { resolveCredentials, type CredentialEndpoints } from './credentials/resolve-credentials.js';
import { createOssProvider, type OssProviderOptions } from './oss-provider.js';

/** What {@link createProviderFromConfig} needs besides the arguments. */
export interface ProviderFromConfigContext {
  /** The directory the CLI works in. Relative paths in the arguments are not used by this backend. */
  workingDirectory: string;
  /** Environment for the `ALICLOUD_*` / `ALIBABA_CLOUD_*` defaults (the CLI passes `process.env`). */
  env: NodeJS.ProcessEnv;
  /** Home directory for `~` and `~/.aliyun/config.json`. Default: `os.homedir()`. */
  homeDirectory?: string;
  /** Credential service endpoints (the ECS metadata service); for tests. */
  credentialEndpoints?: CredentialEndpoints;
  /** Consistency-loop timings and request timeout, as in {@link createOssProvider}. */
  providerOptions?: Pick<OssProviderOptions, 'consistency' | 'requestTimeoutMilliseconds'>;
}

/**
 * The factory the `tfstate` CLI loads: the arguments of Terraform's `oss` backend (plus
 * `use_lockfile` and `signature_version`), with Terraform's environment variables, profile
 * rules and validation; then credentials (static keys, the ECS role, STS AssumeRole) and the
 * provider. Throws `INVALID_CONFIG` naming any unknown or invalid argument (never its value),
 * `AUTH`/`TRANSIENT` when credentials cannot be obtained.
 */
export async function createProviderFromConfig(config: RawConfig, context: ProviderFromConfigContext): Promise<StateProvider> {
  const { settings, credentials } = await settingsFromConfig(config, context);
  return createOssProvider({ settings, credentials, ...context.providerOptions });
}

/**
 * What every entry point that starts from backend arguments does first: Terraform's argument
 * rules and environment variables, then credentials. Errors as in {@link createProviderFromConfig}.
 */
export async function settingsFromConfig(
  config: RawConfig,
  context: ProviderFromConfigContext,
): Promise<{ settings: OssBackendSettings; credentials: OssCredentials }> {
  const resolved = resolveOssConfig(config, { env: context.env, homeDirectory: context.homeDirectory });
  const credentials = await resolveCredentials(resolved.credentials, context.credentialEndpoints);
  return { settings: resolved.settings, credentials };
}
