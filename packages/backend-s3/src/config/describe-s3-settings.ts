import type { DescribedSetting } from '@x/backend-core';
import { redactSettings, SENSITIVE } from './redact-settings.js';
import { resolveS3Settings } from './resolve-s3-settings.js';
import type { ResolvedS3Settings } from './s3-settings.js';

/**
 * Credentials the AWS SDK's default chain reads itself (so {@link resolveS3Settings} never
 * sees them) when no `access_key`/`secret_key`/`token` is configured.
 */
const sdkCredentialVariables = [
  { name: 'access_key', envName: 'AWS_ACCESS_KEY_ID' },
  { name: 'secret_key', envName: 'AWS_SECRET_ACCESS_KEY' },
  { name: 'token', envName: 'AWS_SESSION_TOKEN' },
] as const;

/** Access key ids identify an account; `tfstate config` hides them with the other credentials. */
const alwaysSecret = new Set(['access_key']);

/**
 * Describes the effective s3 settings: each value {@link resolveS3Settings} settles on, with
 * its source. Sources are found by asking `resolveS3Settings` itself (a setting that changes
 * when one variable is removed from `env` came from that variable), so the precedence rules
 * live in one place. Secrets are the values {@link redactSettings} hides, plus the access key.
 * Throws what `resolveS3Settings` throws for an invalid configuration.
 */
export function describeS3Settings(config: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv = process.env): DescribedSetting[] {
  const resolved = resolveS3Settings(config, env);
  const effective = flattenSettings(resolved);
  const redacted = flattenSettings(redactSettings(resolved));
  const environmentSources = environmentSourcesOf(config, env, effective);
  const described: DescribedSetting[] = [];
  for (const [name, value] of effective) {
    const shown = redacted.get(name);
    const secret = alwaysSecret.has(name) || shown === SENSITIVE;
    const entry: DescribedSetting = { name, value: secret ? SENSITIVE : shown, source: 'default', secret };
    const envName = environmentSources.get(name);
    if (configuredArgument(config, name)) entry.source = 'config';
    else if (envName !== undefined) Object.assign(entry, { source: 'env', envName });
    described.push(entry);
  }
  const hasStaticKeys = resolved.clientOptions.credentials.staticKeys !== undefined;
  for (const { name, envName } of sdkCredentialVariables) {
    if (hasStaticKeys || !env[envName]) continue;
    described.push({ name, value: SENSITIVE, source: 'env', envName, secret: true });
  }
  return described;
}

/** True when the argument behind a (dotted) name was given in `config`. */
function configuredArgument(config: Readonly<Record<string, unknown>>, name: string): boolean {
  const [top, nested] = name.split('.', 2) as [string, string | undefined];
  if (top === 'endpoints' && nested !== undefined) {
    const legacy: Record<string, string> = { s3: 'endpoint', dynamodb: 'dynamodb_endpoint', iam: 'iam_endpoint', sts: 'sts_endpoint' };
    if (legacy[nested] !== undefined && isSet(config[legacy[nested]])) return true;
    const block = config.endpoints;
    if (typeof block === 'string') return block.includes(`"${nested}"`);
    return typeof block === 'object' && block !== null && isSet((block as Record<string, unknown>)[nested]);
  }
  if (top === 'use_path_style' && isSet(config.force_path_style)) return true;
  if (top === 'shared_credentials_files' && isSet(config.shared_credentials_file)) return true;
  return isSet(config[top]);
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * For each flattened setting that depends on the environment, the variable it came from:
 * the variable whose removal changes (or invalidates) the setting.
 */
function environmentSourcesOf(
  config: Readonly<Record<string, unknown>>,
  env: NodeJS.ProcessEnv,
  effective: Map<string, unknown>,
): Map<string, string> {
  const sources = new Map<string, string>();
  for (const [variable, variableValue] of Object.entries(env)) {
    if (!variableValue) continue;
    const without = { ...env };
    delete without[variable];
    let changed: Map<string, unknown> | undefined;
    try {
      changed = flattenSettings(resolveS3Settings(config, without));
    } catch {
      // Without this variable the configuration is incomplete (say, no region): it supplied the settings holding its value.
      for (const [name, value] of effective) if (value === variableValue && !sources.has(name)) sources.set(name, variable);
      continue;
    }
    for (const [name, value] of effective) {
      if (!sources.has(name) && !sameValue(changed.get(name), value)) sources.set(name, variable);
    }
  }
  // Two variables with the same value (AWS_REGION and AWS_DEFAULT_REGION) hide each other from
  // the removal test; a setting that still differs without any environment came from one of them.
  let bare: Map<string, unknown> | undefined;
  try {
    bare = flattenSettings(resolveS3Settings(config, {}));
  } catch {
    bare = undefined;
  }
  for (const [name, value] of effective) {
    if (sources.has(name) || (bare !== undefined && sameValue(bare.get(name), value))) continue;
    const variable = Object.entries(env).find(([, variableValue]) => variableValue !== '' && variableValue === value)?.[0];
    if (variable !== undefined) sources.set(name, variable);
  }
  return sources;
}

function sameValue(left: unknown, right: unknown): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

/**
 * The resolved settings under Terraform's argument names. Values that are unset are left
 * out; `resolved` may be the redacted copy (its JSON view is used, so secrets stay hidden
 * when it is).
 */
function flattenSettings(resolved: ResolvedS3Settings): Map<string, unknown> {
  // Reading fields directly: protectSecrets only changes how the object prints.
  const { settings, clientOptions } = resolved;
  const { credentials, proxy } = clientOptions;
  const entries: Array<[string, unknown]> = [
    ['bucket', settings.bucket],
    ['key', settings.key],
    ['region', settings.region],
    ['workspace_key_prefix', settings.workspaceKeyPrefix],
    ['use_lockfile', settings.useLockfile],
    ['dynamodb_table', settings.dynamodbTable],
    ['encrypt', settings.encrypt],
    ['kms_key_id', settings.kmsKeyId],
    ['sse_customer_key', settings.sseCustomerKey],
    ['acl', settings.acl],
    ['skip_s3_checksum', settings.skipS3Checksum],
    ...Object.entries(clientOptions.endpoints).map(([service, url]): [string, unknown] => [`endpoints.${service}`, url]),
    ['use_path_style', clientOptions.usePathStyle],
    ['use_fips_endpoint', clientOptions.useFipsEndpoint],
    ['use_dualstack_endpoint', clientOptions.useDualstackEndpoint],
    ['max_retries', clientOptions.maxAttempts],
    ['retry_mode', clientOptions.retryMode],
    ['sts_region', clientOptions.stsRegion],
    ['access_key', credentials.staticKeys?.accessKeyId],
    ['secret_key', credentials.staticKeys?.secretAccessKey],
    ['token', credentials.staticKeys?.sessionToken],
    ['profile', credentials.profile],
    ['shared_credentials_files', credentials.sharedCredentialsFile === undefined ? undefined : [credentials.sharedCredentialsFile]],
    ['shared_config_files', credentials.sharedConfigFile === undefined ? undefined : [credentials.sharedConfigFile]],
    ...nested('assume_role', credentials.assumeRole),
    ...nested('assume_role_with_web_identity', credentials.webIdentity),
    ['custom_ca_bundle', clientOptions.customCaBundle],
    ['insecure', clientOptions.insecure],
    ['http_proxy', proxy.httpProxy],
    ['https_proxy', proxy.httpsProxy],
    ['no_proxy', proxy.noProxy],
    ['skip_metadata_api_check', clientOptions.skipMetadataApiCheck],
    ['skip_credentials_validation', clientOptions.skipCredentialsValidation],
    ['skip_requesting_account_id', clientOptions.skipRequestingAccountId],
    ['allowed_account_ids', clientOptions.allowedAccountIds.length === 0 ? undefined : clientOptions.allowedAccountIds],
    ['forbidden_account_ids', clientOptions.forbiddenAccountIds.length === 0 ? undefined : clientOptions.forbiddenAccountIds],
    ['ec2_metadata_service_endpoint', clientOptions.ec2MetadataServiceEndpoint],
    ['ec2_metadata_service_endpoint_mode', clientOptions.ec2MetadataServiceEndpointMode],
  ];
  return new Map(entries.filter(([, value]) => value !== undefined));
}

/** An object's fields as `prefix.snake_name` entries (`assume_role.role_arn`). */
function nested(prefix: string, value: object | undefined): Array<[string, unknown]> {
  if (value === undefined) return [];
  return Object.entries(value).map(([field, fieldValue]): [string, unknown] => [
    `${prefix}.${field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)}`,
    fieldValue,
  ]);
}
