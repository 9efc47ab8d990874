import { homedir } from 'node:os';
import { BackendError } from '@x/backend-core';
import { DEFAULT_KEY, DEFAULT_PREFIX, normalisePrefix } from '../oss-layout.js';
import { firstEnv, readBoolean, readInteger, readString, type RawConfig } from './config-values.js';
import { OSS_ACLS, type AssumeRoleSettings, type CredentialSettings, type OssAcl, type OssBackendSettings, type TableStoreSettings } from './oss-settings.js';
import { defaultCredentialsFile, expandHome, readProfile, type ProfileCredentials } from './shared-credentials-file.js';

/**
 * Environment variables of each argument, first non-empty wins (Terraform's schema defaults).
 * The `ALIBABA_CLOUD_*` names came with Terraform 1.12; older versions read only `ALICLOUD_*`.
 */
export const ENVIRONMENT_VARIABLES = {
  access_key: ['ALICLOUD_ACCESS_KEY', 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALICLOUD_ACCESS_KEY_ID'],
  secret_key: ['ALICLOUD_SECRET_KEY', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALICLOUD_ACCESS_KEY_SECRET'],
  security_token: ['ALICLOUD_SECURITY_TOKEN', 'ALIBABA_CLOUD_SECURITY_TOKEN'],
  ecs_role_name: ['ALICLOUD_ECS_ROLE_NAME', 'ALIBABA_CLOUD_ECS_METADATA'],
  region: ['ALICLOUD_REGION', 'ALIBABA_CLOUD_REGION', 'ALICLOUD_DEFAULT_REGION'],
  sts_endpoint: ['ALICLOUD_STS_ENDPOINT', 'ALIBABA_CLOUD_STS_ENDPOINT'],
  tablestore_endpoint: ['ALICLOUD_TABLESTORE_ENDPOINT', 'ALIBABA_CLOUD_TABLESTORE_ENDPOINT'],
  endpoint: ['ALICLOUD_OSS_ENDPOINT', 'ALIBABA_CLOUD_OSS_ENDPOINT', 'OSS_ENDPOINT'],
  shared_credentials_file: ['ALICLOUD_SHARED_CREDENTIALS_FILE', 'ALIBABA_CLOUD_CREDENTIALS_FILE'],
  profile: ['ALICLOUD_PROFILE', 'ALIBABA_CLOUD_PROFILE'],
  assume_role_role_arn: ['ALICLOUD_ASSUME_ROLE_ARN', 'ALIBABA_CLOUD_ROLE_ARN'],
  assume_role_session_name: ['ALICLOUD_ASSUME_ROLE_SESSION_NAME', 'ALIBABA_CLOUD_ROLE_SESSION_NAME'],
} as const satisfies Record<string, readonly string[]>;

/** Read only when nothing else set the AssumeRole duration, and not range-checked (as Terraform). */
export const SESSION_EXPIRATION_VARIABLE = 'ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION';

/** Every argument of Terraform's oss backend. */
export const TERRAFORM_ARGUMENTS = [
  'bucket',
  'prefix',
  'key',
  'region',
  'endpoint',
  'access_key',
  'secret_key',
  'security_token',
  'ecs_role_name',
  'profile',
  'shared_credentials_file',
  'sts_endpoint',
  'assume_role',
  'assume_role_role_arn',
  'assume_role_session_name',
  'assume_role_policy',
  'assume_role_session_expiration',
  'tablestore_endpoint',
  'tablestore_instance_name',
  'tablestore_table',
  'encrypt',
  'acl',
] as const;

/** Arguments this package adds; Terraform rejects them, so keep them out of shared backend blocks. */
export const EXTENSION_ARGUMENTS = ['use_lockfile', 'signature_version'] as const;

const knownArguments = new Set<string>([...TERRAFORM_ARGUMENTS, ...EXTENSION_ARGUMENTS]);
const assumeRoleBlockFields = new Set(['role_arn', 'session_name', 'policy', 'session_expiration']);

/** What {@link resolveOssConfig} needs besides the arguments. */
export interface ResolveContext {
  /** Environment for the `ALICLOUD_*` / `ALIBABA_CLOUD_*` defaults. Default: none. */
  env?: NodeJS.ProcessEnv;
  /** Home directory for `~` and the default credentials file. Default: `os.homedir()`. */
  homeDirectory?: string;
}

/** Settings and the credential plan of one oss backend configuration. */
export interface ResolvedOssConfig {
  settings: OssBackendSettings;
  credentials: CredentialSettings;
}

/**
 * Turns oss backend arguments into settings, with Terraform's environment defaults, profile
 * rules, validation and messages. Throws `INVALID_CONFIG` naming the argument (never its value)
 * for unknown arguments, wrong types, Terraform's validation failures, a TableStore table
 * without an endpoint, no region and no endpoint, and `use_lockfile` combined with TableStore.
 */
export function resolveOssConfig(config: RawConfig, context: ResolveContext = {}): ResolvedOssConfig {
  const env = context.env ?? {};
  const homeDirectory = context.homeDirectory ?? homedir();
  refuseUnknownArguments(config);
  const setting = (name: keyof typeof ENVIRONMENT_VARIABLES): string | undefined =>
    readString(config, name) ?? firstEnv(env, ENVIRONMENT_VARIABLES[name]);

  const bucket = readString(config, 'bucket');
  if (bucket === undefined) {
    throw new BackendError('INVALID_CONFIG', 'The argument "bucket" is required, but no definition was found.', {
      hint: 'Set bucket to the name of the OSS bucket that holds the state.',
    });
  }
  if (!/^[a-z0-9_][a-z0-9-_]{1,61}[a-z0-9_]$/.test(bucket)) {
    throw new BackendError('INVALID_CONFIG', `bucket ${JSON.stringify(bucket)} is not a valid OSS bucket name`, {
      hint: 'Bucket names are 3-63 characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit.',
    });
  }
  const prefix = readString(config, 'prefix') ?? DEFAULT_PREFIX;
  if (prefix.startsWith('/') || prefix.startsWith('./')) {
    throw new BackendError('INVALID_CONFIG', "workspace_key_prefix must not start with '/' or './'", {
      hint: 'Remove the leading "/" or "./" from prefix (Terraform reports this argument as workspace_key_prefix).',
    });
  }
  const key = readString(config, 'key') ?? DEFAULT_KEY;
  if (key.startsWith('/') || key.endsWith('/')) {
    throw new BackendError('INVALID_CONFIG', "key can not start and end with '/'", {
      hint: 'Remove the leading and trailing "/" from key.',
    });
  }
  if (key.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw new BackendError('INVALID_CONFIG', 'key must not contain "." or ".." path segments', {
      hint: 'Such a key would make different workspaces share one object; use a plain path such as "project/terraform.tfstate".',
    });
  }
  const acl = readAcl(config);

  const profileName = setting('profile');
  const profile = profileName === undefined ? undefined : loadProfile(config, env, homeDirectory, profileName);

  const region = setting('region') ?? profile?.region ?? '';
  const endpoint = resolveEndpoint(setting('endpoint'), region);
  const tablestore = resolveTableStore(config, setting('tablestore_endpoint'));
  const useLockfile = readBoolean(config, 'use_lockfile') ?? false;
  if (useLockfile && tablestore !== undefined) {
    throw new BackendError('INVALID_CONFIG', 'use_lockfile cannot be combined with tablestore_table', {
      hint:
        'Choose one lock: tablestore_table is the lock Terraform honours (use it when Terraform shares the state); ' +
        'use_lockfile is an OSS-only lock that Terraform does not see.',
    });
  }

  const settings: OssBackendSettings = {
    bucket,
    statePrefix: normalisePrefix(prefix),
    key,
    region,
    endpoint,
    encrypt: readBoolean(config, 'encrypt') ?? false,
    acl,
    tablestore,
    useLockfile,
    signatureVersion: readSignatureVersion(config),
  };
  return { settings, credentials: resolveCredentialPlan(config, env, setting, profile, profileName) };
}

function refuseUnknownArguments(config: RawConfig): void {
  const unknown = Object.keys(config).filter((name) => !knownArguments.has(name));
  if (unknown.length === 0) return;
  const names = unknown.map((name) => `"${name}"`).join(', ');
  throw new BackendError('INVALID_CONFIG', `the oss backend has no argument${unknown.length > 1 ? 's' : ''} ${names}`, {
    hint: `The oss backend accepts: ${[...TERRAFORM_ARGUMENTS, ...EXTENSION_ARGUMENTS].join(', ')}.`,
  });
}

function readAcl(config: RawConfig): OssAcl | undefined {
  const acl = readString(config, 'acl');
  if (acl === undefined) return undefined;
  if (!(OSS_ACLS as readonly string[]).includes(acl)) {
    throw new BackendError(
      'INVALID_CONFIG',
      `"acl" must be a valid ACL value , expected ${OSS_ACLS[0]}, ${OSS_ACLS[1]} or ${OSS_ACLS[2]}, got ${JSON.stringify(acl)}`,
      { hint: 'Use private, public-read or public-read-write, or leave acl unset to inherit the bucket ACL.' },
    );
  }
  return acl as OssAcl;
}

function readSignatureVersion(config: RawConfig): 'v1' | 'v4' {
  const value = readString(config, 'signature_version');
  if (value === undefined || value === 'v1' || value === '1') return 'v1';
  if (value === 'v4' || value === '4') return 'v4';
  throw new BackendError('INVALID_CONFIG', `signature_version must be "v1" or "v4", got ${JSON.stringify(value)}`, {
    hint: 'Leave it unset for signature V1 (what Terraform uses), or set "v4" (needs region).',
  });
}

function loadProfile(config: RawConfig, env: NodeJS.ProcessEnv, homeDirectory: string, name: string): ProfileCredentials {
  const configured = readString(config, 'shared_credentials_file') ?? firstEnv(env, ENVIRONMENT_VARIABLES.shared_credentials_file);
  const file = configured === undefined ? defaultCredentialsFile(env, homeDirectory) : expandHome(configured, env, homeDirectory);
  return readProfile(file, name);
}

/**
 * `endpoint`, else `oss-<region>.aliyuncs.com` (Terraform's fallback when Location
 * DescribeEndpoints is not used), with `https://` when no scheme is given.
 */
function resolveEndpoint(configured: string | undefined, region: string): string {
  if (configured === undefined && region === '') {
    throw new BackendError('INVALID_CONFIG', 'the oss backend needs a region or an endpoint', {
      hint: 'Set region (for example "cn-hangzhou", or ALICLOUD_REGION), or endpoint (or ALICLOUD_OSS_ENDPOINT).',
    });
  }
  const endpoint = configured ?? `oss-${region}.aliyuncs.com`;
  return withScheme(endpoint, 'endpoint');
}

function resolveTableStore(config: RawConfig, endpoint: string | undefined): TableStoreSettings | undefined {
  const table = readString(config, 'tablestore_table');
  if (table === undefined) return undefined;
  if (endpoint === undefined) {
    throw new BackendError('INVALID_CONFIG', 'tablestore_table is set but tablestore_endpoint is not', {
      hint: 'Set tablestore_endpoint (or ALICLOUD_TABLESTORE_ENDPOINT), for example "https://myinstance.cn-hangzhou.ots.aliyuncs.com".',
    });
  }
  const url = withScheme(endpoint, 'tablestore_endpoint');
  const instanceName = readString(config, 'tablestore_instance_name') ?? new URL(url).hostname.split('.')[0] ?? '';
  return { endpoint: url, instanceName, table };
}

function withScheme(endpoint: string, argument: string): string {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BackendError('INVALID_CONFIG', `${argument} is not a valid host name or URL`, {
      hint: `Give ${argument} as a host name ("oss-cn-hangzhou.aliyuncs.com") or a URL ("https://...").`,
    });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new BackendError('INVALID_CONFIG', `${argument} must use http or https, not ${parsed.protocol.slice(0, -1)}`, {
      hint: `Give ${argument} as a host name (https is used) or an http:// or https:// URL.`,
    });
  }
  return url.replace(/\/+$/, '');
}

function resolveCredentialPlan(
  config: RawConfig,
  env: NodeJS.ProcessEnv,
  setting: (name: keyof typeof ENVIRONMENT_VARIABLES) => string | undefined,
  profile: ProfileCredentials | undefined,
  profileName: string | undefined,
): CredentialSettings {
  const parsedBlock = readAssumeRoleBlock(config);
  const flatRoleArn = setting('assume_role_role_arn');
  // Terraform reads the deprecated block only when assume_role_role_arn is empty.
  const block = flatRoleArn === undefined ? parsedBlock : undefined;
  const roleArn = flatRoleArn ?? block?.roleArn ?? profile?.roleArn;
  // Checked even without a role, as Terraform's schema checks every argument it is given.
  const argumentExpiration = readExpiration(config, 'assume_role_session_expiration', 'assume_role_session_expiration');
  let assumeRole: AssumeRoleSettings | undefined;
  if (roleArn !== undefined) {
    const environmentExpiration = firstEnv(env, [SESSION_EXPIRATION_VARIABLE]);
    assumeRole = {
      roleArn,
      sessionName: setting('assume_role_session_name') ?? block?.sessionName ?? profile?.sessionName ?? 'terraform',
      policy: readString(config, 'assume_role_policy') ?? block?.policy,
      durationSeconds:
        argumentExpiration ??
        block?.durationSeconds ??
        profile?.expiredSeconds ??
        (environmentExpiration !== undefined && /^\d+$/.test(environmentExpiration) ? Number(environmentExpiration) : 3600),
    };
  }
  const stsEndpoint = setting('sts_endpoint');
  return {
    accessKeyId: setting('access_key') ?? profile?.accessKeyId,
    accessKeySecret: setting('secret_key') ?? profile?.accessKeySecret,
    securityToken: setting('security_token') ?? profile?.securityToken,
    ecsRoleName: setting('ecs_role_name') ?? profile?.ecsRoleName,
    assumeRole,
    stsEndpoint: withScheme(stsEndpoint ?? 'sts.aliyuncs.com', 'sts_endpoint'),
    profile: profile === undefined || profileName === undefined ? undefined : { name: profileName, file: profile.file, found: profile.found },
  };
}

function readExpiration(config: RawConfig, name: string, shownAs: string): number | undefined {
  const value = readInteger(config, name, shownAs);
  if (value !== undefined && (value < 900 || value > 3600)) {
    throw new BackendError('INVALID_CONFIG', `expected ${shownAs} to be in the range (900 - 3600), got ${value}`, {
      hint: 'AssumeRole sessions last between 900 and 3600 seconds.',
    });
  }
  return value;
}

/** The deprecated `assume_role { ... }` block, used only when `assume_role_role_arn` is empty. */
function readAssumeRoleBlock(config: RawConfig): Partial<AssumeRoleSettings> | undefined {
  let block = config.assume_role;
  if (block === undefined || block === null) return undefined;
  // HCL gives a block set as a list of one object; JSON and -c users may give the object itself.
  if (Array.isArray(block)) {
    if (block.length === 0) return undefined;
    if (block.length > 1) {
      throw new BackendError('INVALID_CONFIG', 'only one assume_role block is allowed', { hint: 'Remove the extra assume_role blocks.' });
    }
    block = block[0];
  }
  if (typeof block !== 'object' || block === null) {
    throw new BackendError('INVALID_CONFIG', 'assume_role must be a block: assume_role { role_arn = "..." }', {
      hint: 'Prefer the flat arguments assume_role_role_arn, assume_role_session_name, assume_role_policy and assume_role_session_expiration.',
    });
  }
  const fields = block as RawConfig;
  const unknown = Object.keys(fields).filter((name) => !assumeRoleBlockFields.has(name));
  if (unknown.length > 0) {
    throw new BackendError('INVALID_CONFIG', `the assume_role block has no argument ${unknown.map((name) => `"${name}"`).join(', ')}`, {
      hint: 'assume_role accepts role_arn, session_name, policy and session_expiration.',
    });
  }
  const roleArn = readString(fields, 'role_arn');
  if (roleArn === undefined) {
    throw new BackendError('INVALID_CONFIG', 'The argument "role_arn" is required in the assume_role block, but no definition was found.', {
      hint: 'Set role_arn in the block, or use the flat argument assume_role_role_arn instead of the deprecated block.',
    });
  }
  return {
    roleArn,
    sessionName: readString(fields, 'session_name'),
    policy: readString(fields, 'policy'),
    durationSeconds: readExpiration(fields, 'session_expiration', 'assume_role.session_expiration'),
  };
}
