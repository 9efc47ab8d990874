import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackendError } from '@x/backend-core';
import { ENVIRONMENT_VARIABLES, createProviderFromConfig, resolveOssConfig, type RawConfig } from '../src/index.js';

const base = { bucket: 'state-bucket', region: 'cn-hangzhou' };

function configError(config: RawConfig, env: NodeJS.ProcessEnv = {}): BackendError {
  try {
    resolveOssConfig(config, { env, homeDirectory: emptyHome });
  } catch (error) {
    if (BackendError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

const emptyHome = mkdtempSync(join(tmpdir(), 'oss-config-home-'));

describe('arguments and defaults', () => {
  it("applies Terraform's defaults", () => {
    const { settings, credentials } = resolveOssConfig(base, { env: {}, homeDirectory: emptyHome });
    expect(settings).toMatchObject({
      bucket: 'state-bucket',
      statePrefix: 'env:',
      key: 'terraform.tfstate',
      region: 'cn-hangzhou',
      endpoint: 'https://oss-cn-hangzhou.aliyuncs.com',
      encrypt: false,
      acl: undefined,
      tablestore: undefined,
      useLockfile: false,
      signatureVersion: 'v1',
    });
    expect(credentials.stsEndpoint).toBe('https://sts.aliyuncs.com');
    expect(credentials.assumeRole).toBeUndefined();
  });

  it.each([
    [{ prefix: 'env:/' }, { statePrefix: 'env:' }],
    [{ prefix: 'team/states' }, { statePrefix: 'team/states' }],
    [{ key: 'app/terraform.tfstate' }, { key: 'app/terraform.tfstate' }],
    [{ endpoint: 'oss-eu-central-1.aliyuncs.com' }, { endpoint: 'https://oss-eu-central-1.aliyuncs.com' }],
    [{ endpoint: 'http://127.0.0.1:9000/' }, { endpoint: 'http://127.0.0.1:9000' }],
    [{ encrypt: true }, { encrypt: true }],
    [{ encrypt: 'true' }, { encrypt: true }],
    [{ acl: 'public-read' }, { acl: 'public-read' }],
    [{ use_lockfile: 'true' }, { useLockfile: true }],
    [{ signature_version: 'v4' }, { signatureVersion: 'v4' }],
  ])('reads %o', (extra, expected) => {
    expect(resolveOssConfig({ ...base, ...extra }, { env: {}, homeDirectory: emptyHome }).settings).toMatchObject(expected);
  });

  it('takes the TableStore instance from tablestore_instance_name, else the first label of the endpoint host', () => {
    const table = { tablestore_table: 'locks' };
    const derived = resolveOssConfig({ ...base, ...table, tablestore_endpoint: 'myinst.cn-hangzhou.ots.aliyuncs.com' }, { env: {} });
    expect(derived.settings.tablestore).toEqual({ endpoint: 'https://myinst.cn-hangzhou.ots.aliyuncs.com', instanceName: 'myinst', table: 'locks' });
    const named = resolveOssConfig(
      { ...base, ...table, tablestore_endpoint: 'http://127.0.0.1:8000', tablestore_instance_name: 'tfstate-test' },
      { env: {} },
    );
    expect(named.settings.tablestore).toEqual({ endpoint: 'http://127.0.0.1:8000', instanceName: 'tfstate-test', table: 'locks' });
    expect(resolveOssConfig({ ...base, tablestore_endpoint: 'http://127.0.0.1:8000' }, { env: {} }).settings.tablestore).toBeUndefined();
  });
});

describe("Terraform's validation messages", () => {
  it.each([
    [{ prefix: '/env' }, "workspace_key_prefix must not start with '/' or './'"],
    [{ prefix: './env' }, "workspace_key_prefix must not start with '/' or './'"],
    [{ key: '/terraform.tfstate' }, "key can not start and end with '/'"],
    [{ key: 'states/' }, "key can not start and end with '/'"],
    [{ acl: 'default' }, '"acl" must be a valid ACL value , expected private, public-read or public-read-write, got "default"'],
    [{ assume_role_role_arn: 'acs:ram::1:role/x', assume_role_session_expiration: 899 }, 'expected assume_role_session_expiration to be in the range (900 - 3600), got 899'],
    [{ assume_role_role_arn: 'acs:ram::1:role/x', assume_role_session_expiration: '3601' }, 'expected assume_role_session_expiration to be in the range (900 - 3600), got 3601'],
    [{ assume_role_session_expiration: 'soon' }, 'expected type of assume_role_session_expiration to be int'],
    [{ encrypt: 'yes' }, 'expected type of encrypt to be bool'],
  ])('refuses %o', (extra, message) => {
    const error = configError({ ...base, ...extra });
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toBe(message);
  });

  it.each([
    [{ region: 'cn-hangzhou' }, 'The argument "bucket" is required, but no definition was found.'],
    [{ bucket: 'Bad_Bucket!', region: 'cn-hangzhou' }, 'bucket "Bad_Bucket!" is not a valid OSS bucket name'],
    [{ bucket: 'b-1' }, 'the oss backend needs a region or an endpoint'],
    [{ ...base, tablestore_table: 'locks' }, 'tablestore_table is set but tablestore_endpoint is not'],
    [{ ...base, tablestore_table: 'locks', tablestore_endpoint: 'https://i.ots.aliyuncs.com', use_lockfile: true }, 'use_lockfile cannot be combined with tablestore_table'],
    [{ ...base, key: 'a/../b' }, 'key must not contain "." or ".." path segments'],
    [{ ...base, endpoint: 'ftp://oss.example.com' }, 'endpoint must use http or https, not ftp'],
    [{ ...base, signature_version: 'v2' }, 'signature_version must be "v1" or "v4", got "v2"'],
    [{ ...base, assume_role: { session_name: 'x' } }, 'The argument "role_arn" is required in the assume_role block, but no definition was found.'],
    [{ ...base, assume_role: { role_arn: 'r', duration: 1 } }, 'the assume_role block has no argument "duration"'],
  ])('refuses %o', (config, message) => {
    const error = configError(config);
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toBe(message);
    expect(error.hint).toBeTruthy();
  });

  it('names every unknown argument, never a value', () => {
    const error = configError({ ...base, dynamodb_table: 'secret-value-1', workspace_key_prefix: 'secret-value-2' });
    expect(error.message).toBe('the oss backend has no arguments "dynamodb_table", "workspace_key_prefix"');
    expect(error.hint).toContain('tablestore_table');
    expect(`${error.message} ${error.hint}`).not.toContain('secret-value');
  });
});

describe('environment variables (first non-empty wins)', () => {
  const cases = Object.entries(ENVIRONMENT_VARIABLES).flatMap(([argument, names]) =>
    names.map((name, index) => ({ argument, name, earlier: names.slice(0, index) })),
  );

  it.each(cases)('$name sets $argument unless an earlier variable or the argument is set', ({ argument, name, earlier }) => {
    const valueFor = (value: string) => (argument.endsWith('endpoint') ? `${value}.example.com` : value);
    const read = (config: RawConfig, env: NodeJS.ProcessEnv) => {
      const given = argument === 'region' ? { bucket: 'b-1', endpoint: 'https://oss.example.com' } : base;
      const table = argument === 'tablestore_endpoint' ? { tablestore_table: 'locks' } : {};
      let resolved: ReturnType<typeof resolveOssConfig>;
      try {
        resolved = resolveOssConfig({ ...given, ...table, ...config }, { env, homeDirectory: emptyHome });
      } catch (error) {
        // A table without any endpoint is refused: the variable was not read.
        if (BackendError.hasCode(error, 'INVALID_CONFIG')) return undefined;
        throw error;
      }
      const { settings, credentials } = resolved;
      const byArgument: Record<string, unknown> = {
        access_key: credentials.accessKeyId,
        secret_key: credentials.accessKeySecret,
        security_token: credentials.securityToken,
        ecs_role_name: credentials.ecsRoleName,
        region: settings.region,
        sts_endpoint: credentials.stsEndpoint,
        tablestore_endpoint: settings.tablestore?.endpoint,
        endpoint: settings.endpoint,
        shared_credentials_file: credentials.profile?.file,
        profile: credentials.profile?.name,
        assume_role_role_arn: credentials.assumeRole?.roleArn,
        assume_role_session_name: credentials.assumeRole?.sessionName,
      };
      return byArgument[argument];
    };
    const extraEnv: NodeJS.ProcessEnv = {};
    // A file and a session name are only read with a profile and a role.
    if (argument === 'shared_credentials_file') extraEnv.ALICLOUD_PROFILE = 'p';
    if (argument === 'assume_role_session_name') extraEnv.ALICLOUD_ASSUME_ROLE_ARN = 'acs:ram::1:role/r';
    const expected = argument.endsWith('endpoint') ? `https://${valueFor('from-env')}` : valueFor('from-env');
    expect(read({}, { ...extraEnv, [name]: valueFor('from-env') })).toBe(expected);
    expect(read({}, { ...extraEnv, [name]: '', ...Object.fromEntries(earlier.map((other) => [other, ''])) })).not.toBe(expected);
    for (const other of earlier) {
      expect(read({}, { ...extraEnv, [name]: valueFor('from-env'), [other]: valueFor('earlier') })).not.toBe(expected);
    }
    expect(read({ [argument]: valueFor('from-argument') }, { ...extraEnv, [name]: valueFor('from-env') })).not.toBe(expected);
  });

  it('reads the AssumeRole duration from ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION only when nothing else sets it, unchecked', () => {
    const role = { assume_role_role_arn: 'acs:ram::1:role/r' };
    const env = { ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION: '600' };
    expect(resolveOssConfig({ ...base, ...role }, { env }).credentials.assumeRole?.durationSeconds).toBe(600);
    expect(resolveOssConfig({ ...base, ...role, assume_role_session_expiration: 1200 }, { env }).credentials.assumeRole?.durationSeconds).toBe(1200);
    expect(resolveOssConfig({ ...base, ...role }, { env: {} }).credentials.assumeRole).toEqual({
      roleArn: 'acs:ram::1:role/r',
      sessionName: 'terraform',
      policy: undefined,
      durationSeconds: 3600,
    });
  });

  it('uses the deprecated assume_role block only when assume_role_role_arn is empty', () => {
    const block = { assume_role: [{ role_arn: 'acs:ram::1:role/block', session_name: 's', policy: '{}', session_expiration: 900 }] };
    expect(resolveOssConfig({ ...base, ...block }, { env: {} }).credentials.assumeRole).toEqual({
      roleArn: 'acs:ram::1:role/block',
      sessionName: 's',
      policy: '{}',
      durationSeconds: 900,
    });
    const flat = resolveOssConfig({ ...base, ...block, assume_role_role_arn: 'acs:ram::1:role/flat' }, { env: {} }).credentials.assumeRole;
    expect(flat).toEqual({ roleArn: 'acs:ram::1:role/flat', sessionName: 'terraform', policy: undefined, durationSeconds: 3600 });
  });
});

describe('shared credentials file profiles', () => {
  const home = mkdtempSync(join(tmpdir(), 'oss-profile-home-'));
  const file = join(home, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      current: 'ak',
      profiles: [
        { name: 'ak', mode: 'AK', access_key_id: 'ak-id', access_key_secret: 'ak-secret', sts_token: 'ignored', ram_role_arn: 'ignored', region_id: 'cn-beijing' },
        { name: 'sts', mode: 'StsToken', access_key_id: 'sts-id', access_key_secret: 'sts-secret', sts_token: 'sts-token', region_id: 'cn-shanghai' },
        { name: 'role', mode: 'RamRoleArn', access_key_id: 'src-id', access_key_secret: 'src-secret', ram_role_arn: 'acs:ram::1:role/p', ram_session_name: 'from-profile', expired_seconds: 1800 },
        { name: 'ecs', mode: 'EcsRamRole', access_key_id: 'ignored', access_key_secret: 'ignored', ram_role_name: 'ecs-role' },
        { name: 'chain', mode: 'ChainableRamRoleArn', access_key_id: 'chain-id', access_key_secret: 'chain-secret', ram_role_arn: 'ignored' },
        { name: 'nomode', access_key_id: 'ignored', access_key_secret: 'ignored', region_id: 'ignored' },
      ],
    }),
  );
  const resolve = (profile: string, config: RawConfig = {}, env: NodeJS.ProcessEnv = {}) =>
    resolveOssConfig({ bucket: 'b-1', endpoint: 'https://oss.example.com', profile, shared_credentials_file: file, ...config }, { env, homeDirectory: home });

  it.each([
    ['ak', { accessKeyId: 'ak-id', accessKeySecret: 'ak-secret', securityToken: undefined, ecsRoleName: undefined, assumeRole: undefined }, 'cn-beijing'],
    ['sts', { accessKeyId: 'sts-id', accessKeySecret: 'sts-secret', securityToken: 'sts-token' }, 'cn-shanghai'],
    ['role', { accessKeyId: 'src-id', assumeRole: { roleArn: 'acs:ram::1:role/p', sessionName: 'from-profile', policy: undefined, durationSeconds: 1800 } }, ''],
    ['ecs', { accessKeyId: undefined, accessKeySecret: undefined, ecsRoleName: 'ecs-role' }, ''],
    ['chain', { accessKeyId: 'chain-id', accessKeySecret: 'chain-secret', assumeRole: undefined }, ''],
    ['nomode', { accessKeyId: undefined, accessKeySecret: undefined }, ''],
  ])('mode of profile %s decides which fields count', (profile, credentials, region) => {
    const resolved = resolve(profile);
    expect(resolved.credentials).toMatchObject(credentials);
    expect(resolved.settings.region).toBe(region);
  });

  it('lets arguments and environment variables win over the profile', () => {
    const resolved = resolve('sts', { access_key: 'arg-id', region: 'cn-hongkong' }, { ALICLOUD_SECRET_KEY: 'env-secret' });
    expect(resolved.credentials).toMatchObject({ accessKeyId: 'arg-id', accessKeySecret: 'env-secret', securityToken: 'sts-token' });
    expect(resolved.settings.region).toBe('cn-hongkong');
  });

  it('reads the file only when a profile is set, expands ~, and treats a missing file as empty', () => {
    expect(resolveOssConfig({ bucket: 'b-1', endpoint: 'https://o.example.com', shared_credentials_file: file }, { env: {} }).credentials.accessKeyId).toBeUndefined();
    const tilde = resolveOssConfig({ bucket: 'b-1', endpoint: 'https://o.example.com', profile: 'ak', shared_credentials_file: '~/config.json' }, { env: { HOME: home } });
    expect(tilde.credentials.accessKeyId).toBe('ak-id');
    const defaultFile = resolveOssConfig({ bucket: 'b-1', endpoint: 'https://o.example.com', profile: 'ak' }, { env: { HOME: home } });
    expect(defaultFile.credentials.profile).toEqual({ name: 'ak', file: join(home, '.aliyun', 'config.json'), found: false });
  });

  it('refuses a file that is not JSON without quoting it', () => {
    const broken = join(home, 'broken.json');
    writeFileSync(broken, '{"profiles": [ secret-material');
    const error = configError({ ...base, profile: 'x', shared_credentials_file: broken });
    expect(error.message).toBe(`the shared credentials file ${broken} is not valid JSON`);
  });

  it('explains empty credentials, naming a profile that was not found', async () => {
    const error = await createProviderFromConfig(
      { bucket: 'b-1', endpoint: 'https://o.example.com', profile: 'missing', shared_credentials_file: file },
      { workingDirectory: home, env: {} },
    ).catch((rejection: unknown) => rejection);
    expect(BackendError.hasCode(error, 'INVALID_CONFIG')).toBe(true);
    expect((error as Error).message).toBe(`the oss backend found no credentials (profile "missing" was not found in ${file})`);
  });
});
