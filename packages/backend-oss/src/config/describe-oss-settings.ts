import type { DescribedSetting } from '@x/backend-core';
import { homedir } from 'node:os';
import { DEFAULT_KEY, DEFAULT_PREFIX } from '../oss-layout.js';
import { firstEnv, type RawConfig } from './config-values.js';
import { ENVIRONMENT_VARIABLES, resolveOssConfig, SESSION_EXPIRATION_VARIABLE } from './resolve-settings.js';

/** What stands in for a secret value, as Terraform prints sensitive values. */
export const OSS_SENSITIVE = '(sensitive value)';

/** Arguments whose values are credentials: never printed. */
export const OSS_SECRET_ARGUMENTS: readonly string[] = ['access_key', 'secret_key', 'security_token'];

/**
 * Describes the effective oss settings that {@link resolveOssConfig} settles on, with their
 * sources: the given arguments, then Terraform's environment variables
 * ({@link ENVIRONMENT_VARIABLES}, first non-empty wins), then the profile of the shared
 * credentials file, then defaults. Secrets ({@link OSS_SECRET_ARGUMENTS}) are replaced by
 * {@link OSS_SENSITIVE}. Throws what `resolveOssConfig` throws for an invalid configuration.
 */
export function describeOssSettings(
  config: RawConfig,
  env: NodeJS.ProcessEnv = process.env,
  homeDirectory: string = homedir(),
): DescribedSetting[] {
  const { settings, credentials } = resolveOssConfig(config, { env, homeDirectory });
  const effective: Array<[string, unknown]> = [
    ['bucket', settings.bucket],
    ['prefix', configured(config, 'prefix') ? config.prefix : DEFAULT_PREFIX],
    ['key', settings.key ?? DEFAULT_KEY],
    ['region', settings.region === '' ? undefined : settings.region],
    ['endpoint', settings.endpoint],
    ['encrypt', settings.encrypt],
    ['acl', settings.acl],
    ['tablestore_endpoint', settings.tablestore?.endpoint],
    ['tablestore_instance_name', settings.tablestore?.instanceName],
    ['tablestore_table', settings.tablestore?.table],
    ['use_lockfile', settings.useLockfile],
    ['signature_version', settings.signatureVersion],
    ['access_key', credentials.accessKeyId],
    ['secret_key', credentials.accessKeySecret],
    ['security_token', credentials.securityToken],
    ['ecs_role_name', credentials.ecsRoleName],
    ['profile', credentials.profile?.name],
    ['shared_credentials_file', credentials.profile?.file],
    ['sts_endpoint', credentials.stsEndpoint],
    ['assume_role_role_arn', credentials.assumeRole?.roleArn],
    ['assume_role_session_name', credentials.assumeRole?.sessionName],
    ['assume_role_policy', credentials.assumeRole?.policy],
    ['assume_role_session_expiration', credentials.assumeRole?.durationSeconds],
  ];
  const described: DescribedSetting[] = [];
  for (const [name, value] of effective) {
    if (value === undefined || value === '') continue;
    const secret = OSS_SECRET_ARGUMENTS.includes(name);
    const entry: DescribedSetting = { name, value: secret ? OSS_SENSITIVE : value, source: 'default', secret };
    const envName = environmentVariableOf(name, env);
    if (configured(config, name) || (name.startsWith('assume_role_') && configured(config, 'assume_role'))) {
      entry.source = 'config';
    } else if (envName !== undefined) {
      Object.assign(entry, { source: 'env', envName });
    } else if (credentials.profile?.found === true && fromProfile.has(name)) {
      Object.assign(entry, { source: 'profile', file: credentials.profile.file });
    }
    described.push(entry);
  }
  return described;
}

/** Settings the shared credentials file may supply (its region, keys and role). */
const fromProfile = new Set([
  'region',
  'endpoint',
  'access_key',
  'secret_key',
  'security_token',
  'ecs_role_name',
  'assume_role_role_arn',
  'assume_role_session_name',
  'assume_role_session_expiration',
]);

function configured(config: RawConfig, name: string): boolean {
  const value = config[name];
  return value !== undefined && value !== null && value !== '';
}

/** The variable that supplied `name`: the first non-empty one of its list, as Terraform reads them. */
function environmentVariableOf(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const names: readonly string[] | undefined =
    name === 'assume_role_session_expiration' ? [SESSION_EXPIRATION_VARIABLE] : ENVIRONMENT_VARIABLES[name as keyof typeof ENVIRONMENT_VARIABLES];
  if (names === undefined || firstEnv(env, names) === undefined) return undefined;
  return names.find((variable) => env[variable] !== undefined && env[variable] !== '');
}
