import { inspect } from 'node:util';
import { homedir } from 'node:os';
import { BackendError } from '@x/backend-core/errors';
import { describe, expect, it } from 'vitest';
import { redactSettings, resolveS3Settings, SENSITIVE } from '../src/config/index.js';

// Terraform's validation rules and messages for every s3 backend argument (spec §7), with the
// environment fallbacks and defaults. Pure logic: no server is involved.

const base = { bucket: 'state', key: 'app/terraform.tfstate', region: 'us-east-1' };
const customerKey = Buffer.alloc(32, 7).toString('base64');
const requiredDetail = (name: string) =>
  `The attribute "${name}" is required by the backend.\n\nRefer to the backend documentation for additional information which attributes are required.`;

function failure(config: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): BackendError {
  try {
    resolveS3Settings(config, env);
  } catch (error) {
    if (BackendError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected resolveS3Settings to throw');
}

describe('validation messages', () => {
  const role = 'arn:aws:iam::123456789012:role/state';
  const cases: [string, Record<string, unknown>, NodeJS.ProcessEnv, string][] = [
    ['missing bucket', { key: 'k', region: 'us-east-1' }, {}, `Missing Required Value: ${requiredDetail('bucket')}`],
    ['blank bucket', { ...base, bucket: '  ' }, {}, 'Invalid Value: The value cannot be empty or all whitespace (argument "bucket")'],
    ['missing key', { bucket: 'b', region: 'us-east-1' }, {}, `Missing Required Value: ${requiredDetail('key')}`],
    ['empty key', { ...base, key: '' }, {}, 'Invalid Value: The value cannot be empty or all whitespace (argument "key")'],
    ['key with leading slash', { ...base, key: '/a' }, {}, 'Invalid Value: The value must not start or end with "/" (argument "key")'],
    ['key with trailing slash', { ...base, key: 'a/' }, {}, 'Invalid Value: The value must not start or end with "/" (argument "key")'],
    ['key with //', { ...base, key: 'a//b' }, {}, 'Invalid Value: Value must not contain "//" (argument "key")'],
    ['prefix with slash', { ...base, workspace_key_prefix: 'env/' }, {}, 'Invalid Value: The value must not start or end with "/" (argument "workspace_key_prefix")'],
    [
      'missing region',
      { bucket: 'b', key: 'k' },
      {},
      'Missing region value: The "region" attribute or the "AWS_REGION" or "AWS_DEFAULT_REGION" environment variables must be set.',
    ],
    ['unknown region', { ...base, region: 'moon-east-1' }, {}, 'Invalid region value: Invalid AWS Region: moon-east-1 (argument "region")'],
    ['unknown argument', { ...base, buckett: 'x' }, {}, 'Unsupported argument: An argument named "buckett" is not expected here. Did you mean "bucket"?'],
    ['unknown argument without suggestion', { ...base, zzzzzzzz: 1 }, {}, 'Unsupported argument: An argument named "zzzzzzzz" is not expected here.'],
    ['unknown nested argument', { ...base, endpoints: { s4: 'http://x' } }, {}, 'Unsupported argument: An argument named "endpoints.s4" is not expected here. Did you mean "endpoints.s3"?'],
    ['bool type', { ...base, encrypt: 'yes' }, {}, 'Incorrect attribute value type: Inappropriate value for attribute "encrypt": bool required.'],
    ['number type', { ...base, max_retries: 'many' }, {}, 'Incorrect attribute value type: Inappropriate value for attribute "max_retries": number required.'],
    ['whole number', { ...base, max_retries: 2.5 }, {}, 'Incorrect attribute value type: Inappropriate value for attribute "max_retries": a whole number is required.'],
    ['negative retries', { ...base, max_retries: -1 }, {}, 'Invalid Value: The value of "max_retries" must be 0 or more.'],
    ['list type', { ...base, allowed_account_ids: 'not json' }, {}, 'Incorrect attribute value type: Inappropriate value for attribute "allowed_account_ids": set of string required.'],
    ['object type', { ...base, assume_role: ['x'] }, {}, 'Incorrect attribute value type: Inappropriate value for attribute "assume_role": object required.'],
    ['kms and customer key', { ...base, kms_key_id: 'alias/x', sse_customer_key: customerKey }, {}, 'Invalid Attribute Combination: Only one of kms_key_id, sse_customer_key can be set.'],
    ['kms key id', { ...base, kms_key_id: 'not-a-key' }, {}, 'Invalid KMS Key ID: Value must be a valid KMS Key ID, got "not-a-key" (argument "kms_key_id")'],
    ['kms key arn', { ...base, kms_key_id: 'arn:aws:kms:us-east-1:123456789012:bucket/x' }, {}, 'Invalid KMS Key ARN: Value must be a valid KMS Key ARN, got "arn:aws:kms:us-east-1:123456789012:bucket/x" (argument "kms_key_id")'],
    ['kms with env customer key', { ...base, kms_key_id: 'alias/state' }, { AWS_SSE_CUSTOMER_KEY: customerKey }, 'Invalid encryption configuration: Only one of "kms_key_id" and the environment variable "AWS_SSE_CUSTOMER_KEY" can be set.\n\nThe "kms_key_id" is used for encryption with KMS-Managed Keys (SSE-KMS)\nwhile "AWS_SSE_CUSTOMER_KEY" is used for encryption with customer-managed keys (SSE-C).\nPlease choose one or the other.'],
    ['customer key length', { ...base, sse_customer_key: 'c2hvcnQ=' }, {}, 'Invalid sse_customer_key value: sse_customer_key must be 44 characters in length'],
    ['customer key base64', { ...base, sse_customer_key: `${'A'.repeat(20)}!${'A'.repeat(23)}` }, {}, 'Invalid sse_customer_key value: sse_customer_key must be base64 encoded: illegal base64 data at input byte 20'],
    ['env customer key length', base, { AWS_SSE_CUSTOMER_KEY: 'short' }, 'Invalid AWS_SSE_CUSTOMER_KEY value: The environment variable "AWS_SSE_CUSTOMER_KEY" must be 44 characters in length'],
    ['env customer key base64', base, { AWS_SSE_CUSTOMER_KEY: `${'A'.repeat(43)}*` }, 'Invalid AWS_SSE_CUSTOMER_KEY value: The environment variable "AWS_SSE_CUSTOMER_KEY" must be base64 encoded: illegal base64 data at input byte 43'],
    ['shared credentials conflict', { ...base, shared_credentials_file: 'a', shared_credentials_files: ['b'] }, {}, 'Invalid Attribute Combination: Only one of shared_credentials_file, shared_credentials_files can be set.'],
    ['two credentials files', { ...base, shared_credentials_files: ['a', 'b'] }, {}, 'Unsupported Value: "shared_credentials_files" lists 2 files; this backend can read only one file of each kind.'],
    ['path style conflict', { ...base, force_path_style: true, use_path_style: true }, {}, 'Invalid Attribute Combination: Only one of force_path_style, use_path_style can be set.'],
    ['account id conflict', { ...base, allowed_account_ids: ['1'], forbidden_account_ids: ['2'] }, {}, 'Invalid Attribute Combination: Only one of allowed_account_ids, forbidden_account_ids can be set.'],
    ['endpoint conflict', { ...base, endpoint: 'http://a', endpoints: { s3: 'http://b' } }, {}, 'Conflicting Parameters: The parameters "endpoint" and "endpoints.s3" cannot be configured together.'],
    ['sts endpoint conflict', { ...base, sts_endpoint: 'http://a', endpoints: { sts: 'http://b' } }, {}, 'Conflicting Parameters: The parameters "sts_endpoint" and "endpoints.sts" cannot be configured together.'],
    ['sso endpoint', { ...base, endpoints: { sso: 'sso.example.com' } }, {}, 'Invalid Value: The value must be a valid URL containing at least a scheme and hostname. Had "sso.example.com" (argument "endpoints.sso")'],
    ['metadata endpoint', { ...base, ec2_metadata_service_endpoint: '169.254.169.254' }, {}, 'Invalid Value: The value must be a valid URL containing at least a scheme and hostname. Had "169.254.169.254" (argument "ec2_metadata_service_endpoint")'],
    ['metadata mode', { ...base, ec2_metadata_service_endpoint_mode: 'ipv4' }, {}, 'Invalid Value: Value must be one of [IPv4, IPv6] (argument "ec2_metadata_service_endpoint_mode")'],
    ['metadata mode env', base, { AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv5' }, 'Invalid Value: The environment variable "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE" must be one of [IPv4, IPv6], had "IPv5"'],
    ['retry mode', { ...base, retry_mode: 'legacy' }, {}, 'Invalid Value: unknown RetryMode, legacy (argument "retry_mode")'],
    ['retry mode env', base, { AWS_RETRY_MODE: 'fast' }, 'Invalid Value: invalid value for environment variable, AWS_RETRY_MODE=fast, need standard or adaptive'],
    ['fips env', base, { AWS_USE_FIPS_ENDPOINT: 'yes' }, 'Invalid Value: invalid value for environment variable, AWS_USE_FIPS_ENDPOINT=yes, need true or false'],
    ['dualstack env', base, { AWS_USE_DUALSTACK_ENDPOINT: '1' }, 'Invalid Value: invalid value for environment variable, AWS_USE_DUALSTACK_ENDPOINT=1, need true or false'],
    ['http proxy', { ...base, http_proxy: 'http://[bad' }, {}, 'Invalid HTTP Proxy: Unable to parse URL given in http_proxy'],
    ['https proxy scheme', base, { HTTPS_PROXY: 'socks5://proxy:1080' }, 'Invalid HTTPS Proxy: Proxy scheme "socks5" given in HTTPS_PROXY is not supported; use http or https'],
    ['role arn missing', { ...base, assume_role: { duration: '1h' } }, {}, `Missing Required Value: ${requiredDetail('assume_role.role_arn')}`],
    ['role arn prefix', { ...base, assume_role: { role_arn: 'role/state' } }, {}, 'Invalid ARN: The value "role/state" cannot be parsed as an ARN: arn: invalid prefix (argument "assume_role.role_arn")'],
    ['role arn sections', { ...base, assume_role: { role_arn: 'arn:aws:iam' } }, {}, 'Invalid ARN: The value "arn:aws:iam" cannot be parsed as an ARN: arn: not enough sections (argument "assume_role.role_arn")'],
    ['role arn resource', { ...base, assume_role: { role_arn: 'arn:aws:iam::123456789012:user/x' } }, {}, 'Invalid IAM Role ARN: Value must be a valid IAM Role ARN, got "arn:aws:iam::123456789012:user/x" (argument "assume_role.role_arn")'],
    ['duration too short', { ...base, assume_role: { role_arn: role, duration: '10m' } }, {}, 'Invalid Duration: Duration must be between 15m0s and 12h0m0s, had 10m0s (argument "assume_role.duration")'],
    ['duration too long', { ...base, assume_role: { role_arn: role, duration: '12h0m1s' } }, {}, 'Invalid Duration: Duration must be between 15m0s and 12h0m0s, had 12h0m1s (argument "assume_role.duration")'],
    ['duration unit', { ...base, assume_role: { role_arn: role, duration: '1d' } }, {}, 'Invalid Duration: The value "1d" cannot be parsed as a duration: time: unknown unit "d" in duration "1d" (argument "assume_role.duration")'],
    ['duration number', { ...base, assume_role: { role_arn: role, duration: '3600' } }, {}, 'Invalid Duration: The value "3600" cannot be parsed as a duration: time: missing unit in duration "3600" (argument "assume_role.duration")'],
    ['external id length', { ...base, assume_role: { role_arn: role, external_id: 'x' } }, {}, 'Invalid Value Length: Length must be between 2 and 1224, had 1 (argument "assume_role.external_id")'],
    ['external id characters', { ...base, assume_role: { role_arn: role, external_id: 'a b' } }, {}, 'Invalid Value: Value can only contain letters, numbers, or the following characters: =,.@/- (argument "assume_role.external_id")'],
    ['session name characters', { ...base, assume_role: { role_arn: role, session_name: 'a/b' } }, {}, 'Invalid Value: Value can only contain letters, numbers, or the following characters: =,.@- (argument "assume_role.session_name")'],
    ['source identity length', { ...base, assume_role: { role_arn: role, source_identity: 'x'.repeat(65) } }, {}, 'Invalid Value Length: Length must be between 2 and 64, had 65 (argument "assume_role.source_identity")'],
    ['policy empty', { ...base, assume_role: { role_arn: role, policy: ' ' } }, {}, 'Invalid Value: The value cannot be empty or all whitespace (argument "assume_role.policy")'],
    ['policy not object', { ...base, assume_role: { role_arn: role, policy: '[1]' } }, {}, 'Invalid IAM Policy Document: Expected a JSON object describing the policy (argument "assume_role.policy")'],
    ['policy file name', { ...base, assume_role: { role_arn: role, policy: '"policy.json"' } }, {}, 'Invalid IAM Policy Document: Expected a JSON object describing the policy, had a JSON-encoded string.\n\nThe string "policy.json" looks like a filename, please pass the contents of the file instead of the filename. (argument "assume_role.policy")'],
    ['policy double encoded', { ...base, assume_role: { role_arn: role, policy: JSON.stringify('{"a":1}') } }, {}, 'Invalid IAM Policy Document: Expected a JSON object describing the policy, had a JSON-encoded string.\n\nThe string content was valid JSON, your policy document may have been double-encoded. (argument "assume_role.policy")'],
    ['policy arn', { ...base, assume_role: { role_arn: role, policy_arns: ['arn:aws:iam::aws:role/x'] } }, {}, 'Invalid IAM Policy ARN: Value must be a valid IAM Policy ARN, got "arn:aws:iam::aws:role/x" (argument "assume_role.policy_arns[0]")'],
    ['web identity both tokens', { ...base, assume_role_with_web_identity: { role_arn: role, web_identity_token: 'abcd', web_identity_token_file: '/tmp/t' } }, {}, 'Invalid Attribute Combination: Only one of assume_role_with_web_identity.web_identity_token, assume_role_with_web_identity.web_identity_token_file can be set.'],
    ['web identity no token', { ...base, assume_role_with_web_identity: { role_arn: role } }, {}, 'Missing Required Value: Exactly one of assume_role_with_web_identity.web_identity_token, assume_role_with_web_identity.web_identity_token_file must be set.'],
    ['web identity token length', { ...base, assume_role_with_web_identity: { role_arn: role, web_identity_token: 'abc' } }, {}, 'Invalid Value Length: Length must be between 4 and 20000, had 3 (argument "assume_role_with_web_identity.web_identity_token")'],
    ['web identity duration', { ...base, assume_role_with_web_identity: { role_arn: role, web_identity_token: 'abcd', duration: '13h' } }, {}, 'Invalid Duration: Duration must be between 15m0s and 12h0m0s, had 13h0m0s (argument "assume_role_with_web_identity.duration")'],
  ];

  it.each(cases)('%s', (_name, config, env, message) => {
    const error = failure(config, env);
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toBe(message);
    expect(error.hint).toBeTruthy();
  });

  it('says where a missing nested argument goes', () => {
    expect(failure({ ...base, assume_role: {} }).hint).toBe('Set role_arn inside assume_role.');
    expect(failure({ key: 'k', region: 'us-east-1' }).hint).toBe('Set bucket (for example -c bucket=...).');
  });

  it('suggests the rename in the hint for a near-miss name', () => {
    expect(failure({ ...base, use_lock_file: true }).hint).toBe('Rename "use_lock_file" to "use_lockfile".');
  });
});

describe('defaults, conversions and environment fallbacks', () => {
  it('applies Terraform defaults', () => {
    const { settings, clientOptions, warnings } = resolveS3Settings(base, {});
    expect(settings).toEqual({
      bucket: 'state',
      key: 'app/terraform.tfstate',
      workspaceKeyPrefix: 'env:',
      region: 'us-east-1',
      useLockfile: false,
      encrypt: false,
      skipS3Checksum: false,
    });
    expect(clientOptions).toMatchObject({
      region: 'us-east-1',
      endpoints: {},
      usePathStyle: false,
      useFipsEndpoint: false,
      useDualstackEndpoint: false,
      maxAttempts: 5,
      insecure: false,
      proxy: {},
      skipMetadataApiCheck: false,
      skipCredentialsValidation: false,
      skipRequestingAccountId: false,
      allowedAccountIds: [],
      forbiddenAccountIds: [],
      credentials: {},
    });
    expect(clientOptions.retryMode).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('converts -c strings the way HCL does', () => {
    const { settings, clientOptions } = resolveS3Settings(
      {
        ...base,
        bucket: 12345,
        encrypt: 'true',
        use_lockfile: 'true',
        skip_s3_checksum: 'false',
        max_retries: '0',
        workspace_key_prefix: '',
        allowed_account_ids: '["111111111111","111111111111"]',
        assume_role: '{"role_arn":"arn:aws:iam::123456789012:role/x","tags":{"a":1}}',
        insecure: false,
      },
      {},
    );
    expect(settings).toMatchObject({ bucket: '12345', encrypt: true, useLockfile: true, skipS3Checksum: false, workspaceKeyPrefix: '' });
    expect(clientOptions.maxAttempts).toBeUndefined();
    expect(clientOptions.allowedAccountIds).toEqual(['111111111111']);
    expect(clientOptions.credentials.assumeRole).toEqual({ roleArn: 'arn:aws:iam::123456789012:role/x', durationSeconds: 900, tags: { a: '1' } });
  });

  it('reads the region from AWS_REGION before AWS_DEFAULT_REGION, and the argument before both', () => {
    const withoutRegion = { bucket: 'b', key: 'k' };
    expect(resolveS3Settings(withoutRegion, { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-2' }).settings.region).toBe('eu-west-1');
    expect(resolveS3Settings(withoutRegion, { AWS_DEFAULT_REGION: 'eu-west-2' }).settings.region).toBe('eu-west-2');
    expect(resolveS3Settings({ ...withoutRegion, region: '' }, { AWS_REGION: 'eu-west-1' }).settings.region).toBe('eu-west-1');
    expect(resolveS3Settings(base, { AWS_REGION: 'eu-west-1' }).settings.region).toBe('us-east-1');
  });

  it('validates only a configured region, and not with skip_region_validation', () => {
    expect(resolveS3Settings({ bucket: 'b', key: 'k' }, { AWS_REGION: 'garage' }).settings.region).toBe('garage');
    expect(resolveS3Settings({ ...base, region: 'garage', skip_region_validation: true }, {}).settings.region).toBe('garage');
    for (const region of ['us-gov-west-1', 'cn-north-1', 'eu-south-2', 'ap-southeast-5']) {
      expect(resolveS3Settings({ ...base, region }, {}).settings.region).toBe(region);
    }
  });

  it('resolves endpoints with Terraform precedence and warnings', () => {
    const env = {
      AWS_ENDPOINT_URL_S3: 'http://env-s3',
      AWS_S3_ENDPOINT: 'http://legacy-env-s3',
      AWS_DYNAMODB_ENDPOINT: 'http://legacy-env-dynamo',
      AWS_ENDPOINT_URL_SSO: 'https://sso.example',
    };
    const fromBlock = resolveS3Settings({ ...base, endpoints: { s3: 'http://block-s3' }, iam_endpoint: 'http://legacy-iam', sts_endpoint: 'sts.example.com:8443' }, env);
    expect(fromBlock.clientOptions.endpoints).toEqual({
      s3: 'http://block-s3',
      dynamodb: 'http://legacy-env-dynamo',
      iam: 'http://legacy-iam',
      sts: 'https://sts.example.com:8443',
      sso: 'https://sso.example',
    });
    expect(fromBlock.warnings).toEqual([
      'Deprecated Environment Variable: The environment variable "AWS_S3_ENDPOINT" is deprecated. Use environment variable "AWS_ENDPOINT_URL_S3" instead.',
      'Deprecated Environment Variable: The environment variable "AWS_DYNAMODB_ENDPOINT" is deprecated. Use environment variable "AWS_ENDPOINT_URL_DYNAMODB" instead.',
      'Deprecated Parameter: The parameter "iam_endpoint" is deprecated. Use parameter "endpoints.iam" instead.',
      'Deprecated Parameter: The parameter "sts_endpoint" is deprecated. Use parameter "endpoints.sts" instead.',
      'Complete URL Expected: The value should be a valid URL containing at least a scheme and hostname. Had "sts.example.com:8443".\n\nUsing an incomplete URL, such as a hostname only, may work, but may have unexpected behavior. (argument "sts_endpoint")',
    ]);
    expect(resolveS3Settings({ ...base, endpoint: 'http://legacy-s3' }, env).clientOptions.endpoints.s3).toBe('http://legacy-s3');
    expect(resolveS3Settings(base, env).clientOptions.endpoints.s3).toBe('http://env-s3');
    expect(resolveS3Settings(base, { AWS_S3_ENDPOINT: 'http://legacy-env-s3' }).clientOptions.endpoints.s3).toBe('http://legacy-env-s3');
  });

  it('warns about deprecated arguments', () => {
    const { warnings, clientOptions } = resolveS3Settings({ ...base, dynamodb_table: 'locks', force_path_style: true }, { AWS_METADATA_URL: 'http://169.254.169.254' });
    expect(warnings).toEqual([
      'Deprecated Parameter: The parameter "dynamodb_table" is deprecated. Use parameter "use_lockfile" instead.',
      'Deprecated Parameter: The parameter "force_path_style" is deprecated. Use parameter "use_path_style" instead.',
      'Deprecated Environment Variable: The environment variable "AWS_METADATA_URL" is deprecated. Use environment variable "AWS_EC2_METADATA_SERVICE_ENDPOINT" instead.',
    ]);
    expect(clientOptions.usePathStyle).toBe(true);
    expect(clientOptions.ec2MetadataServiceEndpoint).toBe('http://169.254.169.254');
  });

  it.each([
    [{}, { AWS_USE_FIPS_ENDPOINT: 'True', AWS_USE_DUALSTACK_ENDPOINT: 'FALSE' }, true, false],
    [{ use_fips_endpoint: false, use_dualstack_endpoint: 'true' }, { AWS_USE_FIPS_ENDPOINT: 'true' }, false, true],
  ])('reads FIPS/dual-stack from %j with env %j', (config, env, fips, dualstack) => {
    const { clientOptions } = resolveS3Settings({ ...base, ...config }, env);
    expect([clientOptions.useFipsEndpoint, clientOptions.useDualstackEndpoint]).toEqual([fips, dualstack]);
  });

  it('reads the remaining environment fallbacks', () => {
    const env = {
      AWS_RETRY_MODE: 'Adaptive',
      AWS_CA_BUNDLE: '~/ca.pem',
      AWS_PROFILE: 'from-env',
      AWS_SHARED_CONFIG_FILE: '/etc/aws/config',
      AWS_CONFIG_FILE: '/ignored/config',
      AWS_SHARED_CREDENTIALS_FILE: '/etc/aws/credentials',
      AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'ipv6',
      AWS_SSE_CUSTOMER_KEY: customerKey,
      https_proxy: 'proxy.internal:3128',
      no_proxy: '.internal',
    };
    const { settings, clientOptions } = resolveS3Settings({ ...base, shared_credentials_file: '/deprecated/file' }, env);
    expect(clientOptions.retryMode).toBe('adaptive');
    expect(clientOptions.customCaBundle).toBe(`${homedir()}/ca.pem`);
    expect(clientOptions.credentials).toEqual({ profile: 'from-env', sharedConfigFile: '/etc/aws/config', sharedCredentialsFile: '/etc/aws/credentials' });
    expect(clientOptions.ec2MetadataServiceEndpointMode).toBe('IPv6');
    expect(settings.sseCustomerKey).toBe(customerKey);
    expect(clientOptions.proxy).toEqual({ httpsProxy: 'http://proxy.internal:3128', noProxy: '.internal' });
  });

  it('prefers arguments over the environment', () => {
    const env = { AWS_RETRY_MODE: 'adaptive', AWS_CA_BUNDLE: '/env/ca.pem', AWS_PROFILE: 'env', AWS_CONFIG_FILE: '/env/config', HTTP_PROXY: 'http://env-proxy', HTTPS_PROXY: 'http://env-proxy-s', NO_PROXY: 'env' };
    const { clientOptions, settings, warnings } = resolveS3Settings(
      {
        ...base,
        retry_mode: 'standard',
        custom_ca_bundle: '/arg/ca.pem',
        profile: 'arg',
        shared_config_files: ['/arg/config'],
        http_proxy: 'http://arg-proxy',
        no_proxy: 'arg',
        sse_customer_key: customerKey,
        sts_region: 'eu-west-3',
        ec2_metadata_service_endpoint: 'http://[fd00:ec2::254]',
        ec2_metadata_service_endpoint_mode: 'IPv6',
      },
      { ...env, AWS_SSE_CUSTOMER_KEY: 'ignored-because-argument-wins' },
    );
    expect(clientOptions).toMatchObject({
      retryMode: 'standard',
      customCaBundle: '/arg/ca.pem',
      stsRegion: 'eu-west-3',
      ec2MetadataServiceEndpoint: 'http://[fd00:ec2::254]',
      ec2MetadataServiceEndpointMode: 'IPv6',
      credentials: { profile: 'arg', sharedConfigFile: '/arg/config' },
      // An HTTPS proxy from the environment stays in force (Terraform's legacy mode).
      proxy: { httpProxy: 'http://arg-proxy', httpsProxy: 'http://env-proxy-s', noProxy: 'arg' },
    });
    expect(settings.sseCustomerKey).toBe(customerKey);
    expect(warnings.filter((warning) => warning.startsWith('Argument not applied: '))).toEqual([
      'Argument not applied: The AWS SDK for JavaScript reads the instance metadata endpoint only from the environment; "ec2_metadata_service_endpoint" is ignored unless AWS_EC2_METADATA_SERVICE_ENDPOINT has the same value.',
      'Argument not applied: The AWS SDK for JavaScript reads the instance metadata endpoint only from the environment; "ec2_metadata_service_endpoint_mode" is ignored unless AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE has the same value.',
    ]);
  });

  it('uses static keys when any of access_key/secret_key/token is set, and warns about profile with env keys', () => {
    const { clientOptions, warnings } = resolveS3Settings(
      { ...base, secret_key: 'only-secret', profile: 'p' },
      { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' },
    );
    expect(clientOptions.credentials.staticKeys).toEqual({ accessKeyId: '', secretAccessKey: 'only-secret' });
    expect(warnings).toEqual([
      'Configuration conflict detected: A Profile was specified along with the environment variables "AWS_ACCESS_KEY_ID" and "AWS_SECRET_ACCESS_KEY". The Profile is now used instead of the environment variable credentials. This may lead to unexpected behavior.',
    ]);
  });

  it('refuses a key UUID that Terraform refuses (variant nibble not 8, 9, a or b)', () => {
    expect(failure({ ...base, kms_key_id: '1234abcd-12ab-34cd-56ef-1234567890ab' }).message).toMatch(/^Invalid KMS Key ID/);
  });

  it('keeps encryption settings for the provider', () => {
    const { settings } = resolveS3Settings({ ...base, encrypt: true, kms_key_id: 'arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef', acl: 'bucket-owner-full-control' }, {});
    expect(settings).toMatchObject({ encrypt: true, kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef', acl: 'bucket-owner-full-control' });
    for (const kmsKeyId of ['1234abcd-12ab-44cd-86ef-1234567890ab', 'mrk-0123456789abcdef0123456789abcdef', 'alias/terraform-state', 'arn:aws:kms:us-east-1:123456789012:alias/state']) {
      expect(resolveS3Settings({ ...base, kms_key_id: kmsKeyId }, {}).settings.kmsKeyId).toBe(kmsKeyId);
    }
  });
});

describe('secrets', () => {
  const secretConfig = {
    ...base,
    access_key: 'AKIDVISIBLE',
    secret_key: 'secret-key-value',
    token: 'session-token-value',
    sse_customer_key: customerKey,
    http_proxy: 'http://user:proxy-password@proxy.example:3128',
    assume_role_with_web_identity: { role_arn: 'arn:aws:iam::123456789012:role/x', web_identity_token: 'web-token-value' },
  };
  const secrets = ['secret-key-value', 'session-token-value', customerKey, 'proxy-password', 'web-token-value'];

  it('hides secrets from JSON, String() and util.inspect, but keeps them usable', () => {
    const resolved = resolveS3Settings(secretConfig, {});
    const views = [
      JSON.stringify(resolved),
      JSON.stringify(resolved.settings),
      JSON.stringify(resolved.clientOptions),
      JSON.stringify(resolved.clientOptions.credentials.staticKeys),
      String(resolved.settings),
      inspect(resolved, { depth: 10 }),
      inspect(resolved.clientOptions.credentials, { depth: 10 }),
      ...resolved.warnings,
    ];
    for (const view of views) for (const secret of secrets) expect(view).not.toContain(secret);
    expect(JSON.stringify(resolved)).toContain('AKIDVISIBLE');
    expect(JSON.stringify(resolved)).toContain(SENSITIVE);
    expect(resolved.settings.sseCustomerKey).toBe(customerKey);
    expect(resolved.clientOptions.credentials.staticKeys?.secretAccessKey).toBe('secret-key-value');
    expect(resolved.clientOptions.credentials.webIdentity?.webIdentityToken).toBe('web-token-value');
  });

  it('redactSettings gives a plain printable copy', () => {
    const redacted = redactSettings(resolveS3Settings(secretConfig, {}));
    expect(redacted.settings.sseCustomerKey).toBe(SENSITIVE);
    expect(redacted.clientOptions.credentials.staticKeys).toEqual({ accessKeyId: 'AKIDVISIBLE', secretAccessKey: SENSITIVE, sessionToken: SENSITIVE });
    expect(redacted.clientOptions.credentials.webIdentity?.webIdentityToken).toBe(SENSITIVE);
    expect(redacted.clientOptions.proxy.httpProxy).toBe('http://proxy.example:3128/');
  });

  it('never puts a secret value into an error', () => {
    const badSecrets: Record<string, unknown>[] = [
      { ...base, sse_customer_key: 'secret-but-wrong-length' },
      { ...base, sse_customer_key: `secret${'#'.repeat(38)}` },
      { ...base, secret_key: ['secret-in-a-list'] },
      { ...base, token: { nested: 'secret-in-object' } },
      { ...base, assume_role_with_web_identity: { role_arn: 'arn:aws:iam::1:role/x', web_identity_token: 'sec' } },
    ];
    const values = ['secret-but-wrong-length', 'secret###', 'secret-in-a-list', 'secret-in-object', '"sec"'];
    for (const config of badSecrets) {
      const error = failure(config);
      for (const value of values) expect(`${error.message}\n${error.hint}`).not.toContain(value);
    }
  });
});
