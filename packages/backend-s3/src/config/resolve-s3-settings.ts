import { homedir } from 'node:os';
import { readAssumeRole, readWebIdentity } from './assume-role-settings.js';
import { isKnownAwsRegion } from './aws-region.js';
import { ConfigObject } from './config-object.js';
import {
  conflictError,
  configError,
  deprecatedArgumentWarning,
  deprecatedEnvironmentWarning,
  formatProblem,
  missingRequiredError,
} from './config-error.js';
import { checkCustomerKey } from './customer-key.js';
import { legacyEndpointArguments, nonEmpty, resolveEndpoints } from './endpoint-settings.js';
import { protectSecrets, withoutUserInfo } from './redact-settings.js';
import type { CredentialSettings, ProxySettings, ResolvedS3Settings, S3BackendSettings, S3ClientOptions } from './s3-settings.js';
import { checkDoesNotContain, checkKmsKeyId, checkNotEmpty, checkS3Path, checkValidUrl } from './string-checks.js';

/** Every argument of Terraform's s3 backend schema. */
export const S3_BACKEND_ARGUMENTS = [
  'bucket',
  'key',
  'region',
  'workspace_key_prefix',
  'access_key',
  'secret_key',
  'token',
  'profile',
  'shared_config_files',
  'shared_credentials_file',
  'shared_credentials_files',
  'assume_role',
  'assume_role_with_web_identity',
  'endpoints',
  ...legacyEndpointArguments,
  'use_path_style',
  'force_path_style',
  'custom_ca_bundle',
  'insecure',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'max_retries',
  'retry_mode',
  'allowed_account_ids',
  'forbidden_account_ids',
  'skip_credentials_validation',
  'skip_region_validation',
  'skip_requesting_account_id',
  'skip_metadata_api_check',
  'skip_s3_checksum',
  'use_dualstack_endpoint',
  'use_fips_endpoint',
  'sts_region',
  'ec2_metadata_service_endpoint',
  'ec2_metadata_service_endpoint_mode',
  'encrypt',
  'kms_key_id',
  'sse_customer_key',
  'acl',
  'dynamodb_table',
  'use_lockfile',
] as const;

const DEFAULT_WORKSPACE_KEY_PREFIX = 'env:';
const DEFAULT_MAX_RETRIES = 5;

const encryptionKeyConflictDetail = `Only one of "kms_key_id" and the environment variable "AWS_SSE_CUSTOMER_KEY" can be set.

The "kms_key_id" is used for encryption with KMS-Managed Keys (SSE-KMS)
while "AWS_SSE_CUSTOMER_KEY" is used for encryption with customer-managed keys (SSE-C).
Please choose one or the other.`;

/**
 * Validates s3 backend settings with Terraform's rules and messages (`PrepareConfig` and
 * `Configure` of its s3 backend) and fills in environment variables and defaults.
 *
 * MUST throw `BackendError` `INVALID_CONFIG` for an unknown argument (suggesting the closest
 * known one), a missing or malformed value, or conflicting arguments; the message is
 * `<summary>: <detail>` as Terraform prints it and names the argument, never a secret value.
 * Deprecations and incomplete endpoint URLs are returned in `warnings`. Reads no files and
 * makes no requests: credentials are resolved later by the SDK (see `createS3Clients`).
 *
 * @param config settings as the CLI passes them (`-c key=value` strings, or typed values from a file)
 * @param env the environment to read `AWS_*`/proxy variables from; default `process.env`
 */
export function resolveS3Settings(config: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv = process.env): ResolvedS3Settings {
  const root = new ConfigObject(config, '');
  root.refuseUnknown(S3_BACKEND_ARGUMENTS);
  const warnings: string[] = [];

  const bucket = root.string('bucket');
  if (bucket === undefined) throw missingRequiredError('bucket');
  checkNotEmpty(bucket, 'bucket');
  const key = root.string('key');
  if (key === undefined) throw missingRequiredError('key');
  checkNotEmpty(key, 'key');
  checkS3Path(key, 'key');
  checkDoesNotContain(key, '//', 'key');

  const configuredRegion = nonEmpty(root.string('region'));
  const region = configuredRegion ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
  if (region === undefined) {
    throw configError({
      summary: 'Missing region value',
      detail: 'The "region" attribute or the "AWS_REGION" or "AWS_DEFAULT_REGION" environment variables must be set.',
      hint: 'Set -c region=<aws region> (for example us-east-1), or export AWS_REGION.',
    });
  }

  const kmsKeyId = root.string('kms_key_id');
  if (kmsKeyId !== undefined && root.has('sse_customer_key')) throw conflictError(['kms_key_id', 'sse_customer_key']);
  if (kmsKeyId !== undefined) checkKmsKeyId(kmsKeyId, 'kms_key_id');

  const workspaceKeyPrefix = root.string('workspace_key_prefix') ?? DEFAULT_WORKSPACE_KEY_PREFIX;
  checkS3Path(workspaceKeyPrefix, 'workspace_key_prefix');

  const assumeRoleBlock = root.object('assume_role');
  const assumeRole = assumeRoleBlock === undefined ? undefined : readAssumeRole(assumeRoleBlock);
  const webIdentityBlock = root.object('assume_role_with_web_identity');
  const webIdentity = webIdentityBlock === undefined ? undefined : readWebIdentity(webIdentityBlock);

  if (root.has('shared_credentials_file') && root.has('shared_credentials_files')) {
    throw conflictError(['shared_credentials_file', 'shared_credentials_files']);
  }
  if (root.has('shared_credentials_file')) warnings.push(deprecatedArgumentWarning('shared_credentials_file', 'shared_credentials_files'));
  const dynamodbTable = root.string('dynamodb_table');
  if (dynamodbTable !== undefined) warnings.push(deprecatedArgumentWarning('dynamodb_table', 'use_lockfile'));

  const endpoints = resolveEndpoints(root, env, warnings);

  const metadataEndpointArgument = root.string('ec2_metadata_service_endpoint');
  if (metadataEndpointArgument !== undefined) checkValidUrl(metadataEndpointArgument, 'ec2_metadata_service_endpoint');

  if (root.has('force_path_style') && root.has('use_path_style')) throw conflictError(['force_path_style', 'use_path_style']);
  const forcePathStyle = root.bool('force_path_style');
  if (forcePathStyle !== undefined) warnings.push(deprecatedArgumentWarning('force_path_style', 'use_path_style'));
  const usePathStyle = root.bool('use_path_style') ?? forcePathStyle ?? false;

  const retryMode = readRetryMode(root, env);
  const endpointMode = readEndpointMode(root, env);

  if (root.has('allowed_account_ids') && root.has('forbidden_account_ids')) {
    throw conflictError(['allowed_account_ids', 'forbidden_account_ids']);
  }

  // Terraform's Configure: checks that need the whole configuration.
  const skipRegionValidation = root.bool('skip_region_validation') ?? false;
  if (configuredRegion !== undefined && !skipRegionValidation && !isKnownAwsRegion(configuredRegion)) {
    throw configError({
      summary: 'Invalid region value',
      detail: `Invalid AWS Region: ${configuredRegion}`,
      argument: 'region',
      hint: 'Use an AWS region name such as us-east-1; for S3-compatible stores with other region names set -c skip_region_validation=true.',
    });
  }

  const environmentCustomerKey = nonEmpty(env.AWS_SSE_CUSTOMER_KEY);
  if (kmsKeyId !== undefined && environmentCustomerKey !== undefined) {
    throw configError({
      summary: 'Invalid encryption configuration',
      detail: encryptionKeyConflictDetail,
      hint: 'Unset AWS_SSE_CUSTOMER_KEY or remove kms_key_id.',
    });
  }
  let sseCustomerKey = root.string('sse_customer_key');
  if (sseCustomerKey !== undefined) {
    checkCustomerKey(sseCustomerKey, 'argument');
  } else if (environmentCustomerKey !== undefined) {
    checkCustomerKey(environmentCustomerKey, 'environment');
    sseCustomerKey = environmentCustomerKey;
  }

  const metadataEndpoint =
    metadataEndpointArgument ?? nonEmpty(env.AWS_EC2_METADATA_SERVICE_ENDPOINT) ?? nonEmpty(env.AWS_METADATA_URL);
  if (nonEmpty(env.AWS_METADATA_URL) !== undefined) {
    warnings.push(deprecatedEnvironmentWarning('AWS_METADATA_URL', 'AWS_EC2_METADATA_SERVICE_ENDPOINT'));
  }

  const credentials = readCredentials(root, env, warnings);
  if (webIdentity !== undefined) credentials.webIdentity = webIdentity;
  if (assumeRole !== undefined) credentials.assumeRole = assumeRole;

  const maxRetries = root.integer('max_retries') ?? DEFAULT_MAX_RETRIES;
  if (maxRetries < 0) {
    throw configError({
      summary: 'Invalid Value',
      detail: 'The value of "max_retries" must be 0 or more.',
      argument: 'max_retries',
    });
  }

  const settings: S3BackendSettings = {
    bucket,
    key,
    workspaceKeyPrefix,
    region,
    useLockfile: root.bool('use_lockfile') ?? false,
    encrypt: root.bool('encrypt') ?? false,
    skipS3Checksum: root.bool('skip_s3_checksum') ?? false,
  };
  if (dynamodbTable !== undefined) settings.dynamodbTable = dynamodbTable;
  if (kmsKeyId !== undefined) settings.kmsKeyId = kmsKeyId;
  if (sseCustomerKey !== undefined) settings.sseCustomerKey = sseCustomerKey;
  const acl = root.string('acl');
  if (acl !== undefined) settings.acl = acl;

  const clientOptions: S3ClientOptions = {
    region,
    endpoints,
    usePathStyle,
    useFipsEndpoint: readBoolWithEnvironment(root, 'use_fips_endpoint', env, 'AWS_USE_FIPS_ENDPOINT'),
    useDualstackEndpoint: readBoolWithEnvironment(root, 'use_dualstack_endpoint', env, 'AWS_USE_DUALSTACK_ENDPOINT'),
    credentials,
    insecure: root.bool('insecure') ?? false,
    proxy: readProxy(root, env, warnings),
    skipS3Checksum: settings.skipS3Checksum,
    skipMetadataApiCheck: root.bool('skip_metadata_api_check') ?? false,
    skipCredentialsValidation: root.bool('skip_credentials_validation') ?? false,
    skipRequestingAccountId: root.bool('skip_requesting_account_id') ?? false,
    allowedAccountIds: root.stringSet('allowed_account_ids') ?? [],
    forbiddenAccountIds: root.stringSet('forbidden_account_ids') ?? [],
  };
  // Terraform leaves the SDK default for 0 (aws-sdk-go-base only sets a non-zero value).
  if (maxRetries > 0) clientOptions.maxAttempts = maxRetries;
  if (retryMode !== undefined) clientOptions.retryMode = retryMode;
  const stsRegion = nonEmpty(root.string('sts_region'));
  if (stsRegion !== undefined) clientOptions.stsRegion = stsRegion;
  const customCaBundle = nonEmpty(root.string('custom_ca_bundle')) ?? nonEmpty(env.AWS_CA_BUNDLE);
  if (customCaBundle !== undefined) clientOptions.customCaBundle = expandHome(customCaBundle);
  if (metadataEndpoint !== undefined) clientOptions.ec2MetadataServiceEndpoint = metadataEndpoint;
  warnIfMetadataClientIgnores(root, warnings);
  if (endpointMode !== undefined) clientOptions.ec2MetadataServiceEndpointMode = endpointMode;

  return protectSecrets({ settings, clientOptions, warnings });
}

/**
 * The AWS SDK's instance metadata client takes its endpoint only from `process.env` or the shared
 * config profile, so a configured value that the process environment does not carry is not used.
 */
function warnIfMetadataClientIgnores(root: ConfigObject, warnings: string[]): void {
  for (const [argument, variable] of [
    ['ec2_metadata_service_endpoint', 'AWS_EC2_METADATA_SERVICE_ENDPOINT'],
    ['ec2_metadata_service_endpoint_mode', 'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE'],
  ] as const) {
    const value = root.string(argument);
    if (value === undefined || process.env[variable] === value) continue;
    warnings.push(
      formatProblem({
        summary: 'Argument not applied',
        detail: `The AWS SDK for JavaScript reads the instance metadata endpoint only from the environment; "${argument}" is ignored unless ${variable} has the same value.`,
        argument,
      }),
    );
  }
}

function readCredentials(root: ConfigObject, env: NodeJS.ProcessEnv, warnings: string[]): CredentialSettings {
  const credentials: CredentialSettings = {};
  const accessKey = root.string('access_key');
  const secretKey = root.string('secret_key');
  const token = root.string('token');
  if (accessKey !== undefined || secretKey !== undefined || token !== undefined) {
    // Terraform does not pre-check the pair; an incomplete one fails when the request is signed.
    credentials.staticKeys = { accessKeyId: accessKey ?? '', secretAccessKey: secretKey ?? '' };
    if (token !== undefined) credentials.staticKeys.sessionToken = token;
  }
  const profile = nonEmpty(root.string('profile'));
  if (profile !== undefined && nonEmpty(env.AWS_ACCESS_KEY_ID) !== undefined && nonEmpty(env.AWS_SECRET_ACCESS_KEY) !== undefined) {
    warnings.push(
      formatProblem({
        summary: 'Configuration conflict detected',
        detail:
          'A Profile was specified along with the environment variables "AWS_ACCESS_KEY_ID" and "AWS_SECRET_ACCESS_KEY". ' +
          'The Profile is now used instead of the environment variable credentials. This may lead to unexpected behavior.',
      }),
    );
  }
  const selectedProfile = profile ?? nonEmpty(env.AWS_PROFILE);
  if (selectedProfile !== undefined) credentials.profile = selectedProfile;

  // Terraform's order: the list argument, then its environment variable, then the deprecated single file.
  const credentialsFiles =
    root.stringSet('shared_credentials_files') ??
    optionalList(nonEmpty(env.AWS_SHARED_CREDENTIALS_FILE)) ??
    optionalList(root.string('shared_credentials_file'));
  const configFiles =
    root.stringSet('shared_config_files') ?? optionalList(nonEmpty(env.AWS_SHARED_CONFIG_FILE) ?? nonEmpty(env.AWS_CONFIG_FILE));
  const credentialsFile = singleFile(credentialsFiles, 'shared_credentials_files');
  const configFile = singleFile(configFiles, 'shared_config_files');
  if (credentialsFile !== undefined) credentials.sharedCredentialsFile = credentialsFile;
  if (configFile !== undefined) credentials.sharedConfigFile = configFile;
  return credentials;
}

function optionalList(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : [value];
}

/** The AWS SDK for JavaScript reads one file of each kind, so a longer list is refused rather than half used. */
function singleFile(files: string[] | undefined, argument: string): string | undefined {
  if (files === undefined || files.length === 0) return undefined;
  if (files.length > 1) {
    throw configError({
      summary: 'Unsupported Value',
      detail: `"${argument}" lists ${files.length} files; this backend can read only one file of each kind.`,
      argument,
      hint: `Merge the files into one and set ${argument} to ["<that file>"].`,
    });
  }
  return expandHome(files[0]!);
}

function expandHome(path: string): string {
  if (path === '~') return homedir();
  return path.startsWith('~/') ? `${homedir()}${path.slice(1)}` : path;
}

function readRetryMode(root: ConfigObject, env: NodeJS.ProcessEnv): 'standard' | 'adaptive' | undefined {
  const configured = root.string('retry_mode');
  const value = configured ?? nonEmpty(env.AWS_RETRY_MODE);
  if (value === undefined) return undefined;
  const mode = value.toLowerCase();
  if (mode === 'standard' || mode === 'adaptive') return mode;
  throw configured !== undefined
    ? configError({
        summary: 'Invalid Value',
        detail: `unknown RetryMode, ${value}`,
        argument: 'retry_mode',
        hint: 'Set retry_mode to "standard" or "adaptive".',
      })
    : configError({
        summary: 'Invalid Value',
        detail: `invalid value for environment variable, AWS_RETRY_MODE=${value}, need standard or adaptive`,
        hint: 'Set AWS_RETRY_MODE to standard or adaptive, or unset it.',
      });
}

function readEndpointMode(root: ConfigObject, env: NodeJS.ProcessEnv): 'IPv4' | 'IPv6' | undefined {
  const configured = root.string('ec2_metadata_service_endpoint_mode');
  if (configured !== undefined) {
    if (configured === 'IPv4' || configured === 'IPv6') return configured;
    throw configError({
      summary: 'Invalid Value',
      detail: 'Value must be one of [IPv4, IPv6]',
      argument: 'ec2_metadata_service_endpoint_mode',
    });
  }
  const fromEnvironment = nonEmpty(env.AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE);
  if (fromEnvironment === undefined) return undefined;
  const mode = fromEnvironment.toLowerCase();
  if (mode === 'ipv4') return 'IPv4';
  if (mode === 'ipv6') return 'IPv6';
  throw configError({
    summary: 'Invalid Value',
    detail: `The environment variable "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE" must be one of [IPv4, IPv6], had ${JSON.stringify(fromEnvironment)}`,
    hint: 'Set AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE to IPv4 or IPv6, or unset it.',
  });
}

/** A boolean argument with an environment fallback that must read `true` or `false` (any case). */
function readBoolWithEnvironment(root: ConfigObject, argument: string, env: NodeJS.ProcessEnv, variable: string): boolean {
  const configured = root.bool(argument);
  if (configured !== undefined) return configured;
  const value = nonEmpty(env[variable]);
  if (value === undefined) return false;
  if (value.toLowerCase() === 'true') return true;
  if (value.toLowerCase() === 'false') return false;
  throw configError({
    summary: 'Invalid Value',
    detail: `invalid value for environment variable, ${variable}=${value}, need true or false`,
    hint: `Set ${variable} to true or false, or unset it.`,
  });
}

/**
 * Terraform's "legacy" proxy mode: proxies from `HTTP_PROXY`/`HTTPS_PROXY`/`NO_PROXY` (either
 * case), overridden by the arguments; `http_proxy` also serves HTTPS unless an HTTPS proxy is set.
 */
function readProxy(root: ConfigObject, env: NodeJS.ProcessEnv, warnings: string[]): ProxySettings {
  const httpArgument = root.string('http_proxy');
  const httpsArgument = root.string('https_proxy');
  const httpsFromEnvironment = nonEmpty(env.HTTPS_PROXY) ?? nonEmpty(env.https_proxy);
  let httpProxy = nonEmpty(env.HTTP_PROXY) ?? nonEmpty(env.http_proxy);
  let httpsProxy = httpsFromEnvironment;
  if (httpArgument !== undefined) {
    httpProxy = httpArgument;
    if (httpsProxy === undefined) httpsProxy = httpArgument;
  }
  if (httpsArgument !== undefined) httpsProxy = httpsArgument;
  if (nonEmpty(httpArgument) !== undefined && httpsArgument === undefined && httpsFromEnvironment === undefined) {
    warnings.push(
      formatProblem({
        summary: 'Missing HTTPS Proxy',
        detail:
          `An HTTP proxy was set but no HTTPS proxy was. Using HTTP proxy ${JSON.stringify(withoutUserInfo(httpArgument!))} for HTTPS requests. ` +
          'This behavior may change in future versions.\n\nTo specify no proxy for HTTPS, set the HTTPS to an empty string.',
      }),
    );
  }
  const proxy: ProxySettings = {};
  const http = proxyUrl(httpProxy, httpArgument !== undefined ? 'http_proxy' : 'HTTP_PROXY', 'Invalid HTTP Proxy');
  const https = proxyUrl(httpsProxy, httpsArgument !== undefined ? 'https_proxy' : 'HTTPS_PROXY', 'Invalid HTTPS Proxy');
  if (http !== undefined) proxy.httpProxy = http;
  if (https !== undefined) proxy.httpsProxy = https;
  const noProxy = nonEmpty(root.string('no_proxy')) ?? nonEmpty(env.NO_PROXY) ?? nonEmpty(env.no_proxy);
  if (noProxy !== undefined) proxy.noProxy = noProxy;
  return proxy;
}

/** A proxy address as Go reads it: a bare `host:port` means `http://host:port`. */
function proxyUrl(value: string | undefined, source: string, summary: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const withScheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value) ? value : `http://${value}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    throw configError({
      summary,
      detail: `Unable to parse URL given in ${source}`,
      hint: `Give ${source} as http://host:port (user:password@ may precede the host).`,
    });
  }
  if (!['http:', 'https:'].includes(parsed.protocol)) {
    throw configError({
      summary,
      detail: `Proxy scheme "${parsed.protocol.slice(0, -1)}" given in ${source} is not supported; use http or https`,
      hint: `Give ${source} as http://host:port.`,
    });
  }
  return withScheme;
}

