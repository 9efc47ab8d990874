import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { BackendError } from '@x/backend-core/errors';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkAccount, createS3Clients, resolveS3Settings, type S3Clients } from '../src/config/index.js';
import { STATIC_KEY, TEST_ACCOUNT, startFakeAws, type FakeAws } from './config-fake-aws.js';

// Credentials resolved by the AWS SDK's own providers and checked by a server that verifies
// SigV4 signatures, so a request only succeeds when the SDK really signed with the keys the
// settings point at.

let aws: FakeAws;
let directory: string;
const savedEnvironment = { ...process.env };
const opened: S3Clients[] = [];

beforeAll(async () => {
  aws = await startFakeAws();
  directory = mkdtempSync(join(tmpdir(), 'config-credentials-'));
});
afterAll(() => aws.close());

beforeEach(() => {
  aws.requests.length = 0;
  // The SDK's default chain reads process.env: keep this machine's AWS setup out of the tests.
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(directory, 'missing-credentials');
  process.env.AWS_CONFIG_FILE = join(directory, 'missing-config');
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
});
afterEach(() => {
  for (const clients of opened.splice(0)) for (const client of Object.values(clients)) client?.destroy();
  for (const name of Object.keys(process.env)) if (!(name in savedEnvironment)) delete process.env[name];
  Object.assign(process.env, savedEnvironment);
});

function endpointSettings(extra: Record<string, unknown> = {}) {
  return {
    bucket: 'state',
    key: 'app/terraform.tfstate',
    region: 'us-east-1',
    use_path_style: 'true',
    endpoints: { s3: aws.url, sts: aws.url },
    ...extra,
  };
}

function clientsFor(config: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) {
  const resolved = resolveS3Settings(config, env);
  const clients = createS3Clients(resolved);
  opened.push(clients);
  return { resolved, clients };
}

function s3Requests() {
  return aws.requests.filter((request) => request.scope?.service === 's3');
}

describe('credential sources sign real requests', () => {
  it('signs with static access_key/secret_key', async () => {
    const { clients } = clientsFor(endpointSettings({ access_key: STATIC_KEY.accessKeyId, secret_key: STATIC_KEY.secretAccessKey }));
    await clients.s3.send(new HeadBucketCommand({ Bucket: 'state' }));
    const [request] = s3Requests();
    expect(request).toMatchObject({ accessKeyId: STATIC_KEY.accessKeyId, signatureValid: true, url: '/state/' });
    expect(request!.scope).toMatchObject({ region: 'us-east-1', service: 's3' });
  });

  it('fails when the secret does not match (the server really verifies)', async () => {
    const { clients } = clientsFor(endpointSettings({ access_key: STATIC_KEY.accessKeyId, secret_key: 'wrong-secret' }));
    await expect(clients.s3.send(new HeadBucketCommand({ Bucket: 'state' }))).rejects.toThrow();
    expect(s3Requests()[0]).toMatchObject({ accessKeyId: STATIC_KEY.accessKeyId, signatureValid: false });
  });

  it('sends token as the session token header', async () => {
    const { clients } = clientsFor(
      endpointSettings({ access_key: 'AKIDTOKEN', secret_key: 'token-secret', token: 'session-token-value' }),
    );
    await clients.s3.send(new HeadBucketCommand({ Bucket: 'state' })).catch(() => undefined);
    expect(s3Requests()[0]!.headers['x-amz-security-token']).toBe('session-token-value');
  });

  it('reads a profile from shared_credentials_files', async () => {
    const file = join(directory, 'credentials-profile');
    writeFileSync(file, `[default]\naws_access_key_id = AKIDWRONG\naws_secret_access_key = x\n\n[state]\naws_access_key_id = ${STATIC_KEY.accessKeyId}\naws_secret_access_key = ${STATIC_KEY.secretAccessKey}\n`);
    const { clients } = clientsFor(endpointSettings({ profile: 'state', shared_credentials_files: [file] }));
    await clients.s3.send(new HeadBucketCommand({ Bucket: 'state' }));
    expect(s3Requests()[0]).toMatchObject({ accessKeyId: STATIC_KEY.accessKeyId, signatureValid: true });
  });

  it('takes the profile and credentials file from AWS_PROFILE and AWS_SHARED_CREDENTIALS_FILE in env', async () => {
    const file = join(directory, 'credentials-environment');
    writeFileSync(file, `[ci]\naws_access_key_id = ${STATIC_KEY.accessKeyId}\naws_secret_access_key = ${STATIC_KEY.secretAccessKey}\n`);
    const { resolved, clients } = clientsFor(endpointSettings(), { AWS_PROFILE: 'ci', AWS_SHARED_CREDENTIALS_FILE: file });
    expect(resolved.clientOptions.credentials).toMatchObject({ profile: 'ci', sharedCredentialsFile: file });
    await clients.s3.send(new HeadBucketCommand({ Bucket: 'state' }));
    expect(s3Requests()[0]).toMatchObject({ accessKeyId: STATIC_KEY.accessKeyId, signatureValid: true });
  });

  it('reads a profile from shared_config_files with the deprecated shared_credentials_file', async () => {
    const config = join(directory, 'config-profile');
    writeFileSync(config, `[profile other]\naws_access_key_id = ${STATIC_KEY.accessKeyId}\naws_secret_access_key = ${STATIC_KEY.secretAccessKey}\n`);
    const { resolved, clients } = clientsFor(
      endpointSettings({ profile: 'other', shared_config_files: [config], shared_credentials_file: join(directory, 'none') }),
    );
    expect(resolved.warnings).toContain(
      'Deprecated Parameter: The parameter "shared_credentials_file" is deprecated. Use parameter "shared_credentials_files" instead.',
    );
    await clients.s3.send(new HeadBucketCommand({ Bucket: 'state' }));
    expect(s3Requests()[0]).toMatchObject({ accessKeyId: STATIC_KEY.accessKeyId, signatureValid: true });
  });

  it('uses AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY through the SDK default chain', async () => {
    process.env.AWS_ACCESS_KEY_ID = STATIC_KEY.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = STATIC_KEY.secretAccessKey;
    const { clients } = clientsFor(endpointSettings(), process.env);
    await clients.s3.send(new HeadBucketCommand({ Bucket: 'state' }));
    expect(s3Requests()[0]).toMatchObject({ accessKeyId: STATIC_KEY.accessKeyId, signatureValid: true });
  });

  it('uses the environment keys with skip_metadata_api_check too (chain without instance metadata)', async () => {
    process.env.AWS_ACCESS_KEY_ID = STATIC_KEY.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = STATIC_KEY.secretAccessKey;
    const { clients } = clientsFor(endpointSettings({ skip_metadata_api_check: true }), process.env);
    await clients.s3.send(new HeadBucketCommand({ Bucket: 'state' }));
    expect(s3Requests()[0]).toMatchObject({ accessKeyId: STATIC_KEY.accessKeyId, signatureValid: true });
  });

  it('reports "No valid credential sources found" when no source has credentials', async () => {
    delete process.env.AWS_EC2_METADATA_DISABLED;
    const { clients, resolved } = clientsFor(endpointSettings({ skip_metadata_api_check: true }));
    const error = await checkAccount(clients, resolved).catch((caught: unknown) => caught);
    expect(BackendError.hasCode(error, 'AUTH')).toBe(true);
    expect((error as Error).message).toMatch(/^No valid credential sources found: Please see https:\/\/www\.terraform\.io/);
    expect(aws.requests).toHaveLength(0);
  });
});

describe('assume_role', () => {
  it('calls AssumeRole with the base keys and Terraform parameters, then signs with the role', async () => {
    const { clients, resolved } = clientsFor(
      endpointSettings({
        access_key: STATIC_KEY.accessKeyId,
        secret_key: STATIC_KEY.secretAccessKey,
        sts_region: 'eu-west-1',
        assume_role: {
          role_arn: 'arn:aws:iam::123456789012:role/state',
          duration: '1h30m',
          external_id: 'external-1',
          policy: '  {"Version":"2012-10-17","Statement":[]}  ',
          policy_arns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
          session_name: 'terraform-state',
          source_identity: 'ci-runner',
          tags: { team: 'platform' },
          transitive_tag_keys: ['team'],
        },
      }),
    );
    await clients.s3.send(new HeadBucketCommand({ Bucket: 'state' }));
    const assume = aws.requests.find((request) => request.form.Action === 'AssumeRole')!;
    expect(assume).toMatchObject({ accessKeyId: STATIC_KEY.accessKeyId, signatureValid: true });
    expect(assume.scope).toMatchObject({ region: 'eu-west-1', service: 'sts' });
    expect(assume.form).toMatchObject({
      RoleArn: 'arn:aws:iam::123456789012:role/state',
      RoleSessionName: 'terraform-state',
      DurationSeconds: '5400',
      ExternalId: 'external-1',
      Policy: '{"Version":"2012-10-17","Statement":[]}',
      'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      SourceIdentity: 'ci-runner',
      'Tags.member.1.Key': 'team',
      'Tags.member.1.Value': 'platform',
      'TransitiveTagKeys.member.1': 'team',
    });
    const [request] = s3Requests();
    expect(request!.accessKeyId).toMatch(/^ASIATEMP/);
    expect(request!.signatureValid).toBe(true);
    expect(await checkAccount(clients, resolved)).toEqual({
      accountId: TEST_ACCOUNT,
      arn: `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/state/terraform-state`,
    });
  });

  it('asks for 900 seconds when duration is unset, as Terraform does', async () => {
    const { clients } = clientsFor(
      endpointSettings({
        access_key: STATIC_KEY.accessKeyId,
        secret_key: STATIC_KEY.secretAccessKey,
        assume_role: '{"role_arn":"arn:aws:iam::123456789012:role/state"}',
      }),
    );
    await clients.s3.send(new HeadBucketCommand({ Bucket: 'state' }));
    const assume = aws.requests.find((request) => request.form.Action === 'AssumeRole')!;
    expect(assume.form.DurationSeconds).toBe('900');
    expect(assume.scope?.region).toBe('us-east-1');
  });

  it('reports "Cannot assume IAM Role" when the base credentials are refused', async () => {
    const { clients, resolved } = clientsFor(
      endpointSettings({
        access_key: STATIC_KEY.accessKeyId,
        secret_key: 'wrong',
        assume_role: { role_arn: 'arn:aws:iam::123456789012:role/state' },
      }),
    );
    const error = (await checkAccount(clients, resolved).catch((caught: unknown) => caught)) as BackendError;
    expect(error.code).toBe('AUTH');
    expect(error.message).toContain('Cannot assume IAM Role: IAM Role (arn:aws:iam::123456789012:role/state) cannot be assumed.');
    expect(error.message).not.toContain('wrong');
  });
});

describe('assume_role_with_web_identity', () => {
  it('exchanges web_identity_token with AssumeRoleWithWebIdentity', async () => {
    const { clients } = clientsFor(
      endpointSettings({
        access_key: 'ignored-because-web-identity-wins',
        secret_key: 'ignored',
        assume_role_with_web_identity: {
          role_arn: 'arn:aws:iam::123456789012:role/web',
          web_identity_token: 'oidc-token-value',
          session_name: 'web-session',
          duration: '2h',
          policy: '{"Version":"2012-10-17"}',
        },
      }),
    );
    await clients.s3.send(new HeadBucketCommand({ Bucket: 'state' }));
    const exchange = aws.requests.find((request) => request.form.Action === 'AssumeRoleWithWebIdentity')!;
    expect(exchange.headers.authorization).toBeUndefined();
    expect(exchange.form).toMatchObject({
      RoleArn: 'arn:aws:iam::123456789012:role/web',
      WebIdentityToken: 'oidc-token-value',
      RoleSessionName: 'web-session',
      DurationSeconds: '7200',
      Policy: '{"Version":"2012-10-17"}',
    });
    expect(s3Requests()[0]).toMatchObject({ signatureValid: true });
    expect(s3Requests()[0]!.accessKeyId).toMatch(/^ASIATEMP/);
  });

  it('reads web_identity_token_file', async () => {
    const file = join(directory, 'token');
    writeFileSync(file, 'token-from-file');
    const { clients } = clientsFor(
      endpointSettings({ assume_role_with_web_identity: { role_arn: 'arn:aws:iam::123456789012:role/web', web_identity_token_file: file } }),
    );
    await clients.s3.send(new HeadBucketCommand({ Bucket: 'state' }));
    const exchange = aws.requests.find((request) => request.form.Action === 'AssumeRoleWithWebIdentity')!;
    expect(exchange.form).toMatchObject({ WebIdentityToken: 'token-from-file', DurationSeconds: '900' });
    expect(s3Requests()[0]).toMatchObject({ signatureValid: true });
  });
});

describe('checkAccount', () => {
  const keys = { access_key: STATIC_KEY.accessKeyId, secret_key: STATIC_KEY.secretAccessKey };

  it('returns the caller identity from STS GetCallerIdentity', async () => {
    const { clients, resolved } = clientsFor(endpointSettings({ ...keys, allowed_account_ids: [TEST_ACCOUNT] }));
    expect(await checkAccount(clients, resolved)).toEqual({ accountId: TEST_ACCOUNT, arn: `arn:aws:iam::${TEST_ACCOUNT}:user/static` });
    expect(aws.requests.map((request) => request.form.Action)).toEqual(['GetCallerIdentity']);
  });

  it.each([
    [{ allowed_account_ids: ['111111111111'] }, 'allowed_account_ids'],
    [{ forbidden_account_ids: `["${TEST_ACCOUNT}"]` }, 'forbidden_account_ids'],
  ])('refuses the account with %j', async (lists, argument) => {
    const { clients, resolved } = clientsFor(endpointSettings({ ...keys, ...lists }));
    const error = (await checkAccount(clients, resolved).catch((caught: unknown) => caught)) as BackendError;
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toBe(`Invalid account ID: AWS account ID not allowed: ${TEST_ACCOUNT} (argument "${argument}")`);
  });

  it('reports refused credentials as AUTH "validating provider credentials"', async () => {
    const { clients, resolved } = clientsFor(endpointSettings({ access_key: STATIC_KEY.accessKeyId, secret_key: 'bad-secret' }));
    const error = (await checkAccount(clients, resolved).catch((caught: unknown) => caught)) as BackendError;
    expect(error.code).toBe('AUTH');
    expect(error.message).toMatch(/^Retrieving AWS account details: validating provider credentials: SignatureDoesNotMatch/);
    expect(error.message).not.toContain('bad-secret');
  });

  it('still requests the account id with only skip_credentials_validation', async () => {
    const { clients, resolved } = clientsFor(endpointSettings({ access_key: STATIC_KEY.accessKeyId, secret_key: 'bad', skip_credentials_validation: true }));
    const error = (await checkAccount(clients, resolved).catch((caught: unknown) => caught)) as BackendError;
    expect(error.message).toMatch(/^Retrieving AWS account details: AWS account ID not previously found and failed retrieving via all available methods\./);
  });

  it('makes no call with both skips, and then an allow list refuses the unknown account', async () => {
    const skips = { ...keys, skip_credentials_validation: 'true', skip_requesting_account_id: 'true' };
    const open = clientsFor(endpointSettings(skips));
    expect(await checkAccount(open.clients, open.resolved)).toEqual({});
    const restricted = clientsFor(endpointSettings({ ...skips, allowed_account_ids: [TEST_ACCOUNT] }));
    await expect(checkAccount(restricted.clients, restricted.resolved)).rejects.toThrow(
      'Invalid account ID: AWS account ID not allowed:  (argument "allowed_account_ids")',
    );
    expect(aws.requests).toHaveLength(0);
  });
});
