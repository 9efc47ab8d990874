import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendError } from '@x/backend-core';
import { createProviderFromConfig } from '../src/index.js';
import { createBucket, testConsistency, testServers, uniqueBucketName } from './support/oss-fixtures.js';

/** A local HTTP responder; `answer` gets the request and its body. */
async function startResponder(answer: (request: IncomingMessage, body: string) => { status: number; body: unknown }): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const reply = answer(request, body);
      response.writeHead(reply.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** RPC signature check written independently of the code under test. */
function rpcSignatureValid(parameters: URLSearchParams, secret: string): boolean {
  const encode = (text: string) =>
    encodeURIComponent(text).replace(/[!'()*]/g, (character) => '%' + character.charCodeAt(0).toString(16).toUpperCase());
  const pairs = [...parameters.entries()].filter(([name]) => name !== 'Signature').sort(([left], [right]) => (left < right ? -1 : 1));
  const canonical = pairs.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&');
  const expected = createHmac('sha1', `${secret}&`).update(`POST&%2F&${encode(canonical)}`).digest('base64');
  return parameters.get('Signature') === expected;
}

const bucket = uniqueBucketName();
const stsCalls: URLSearchParams[] = [];
const metadataPaths: string[] = [];
let sts: { url: string; server: Server };
let metadata: { url: string; server: Server };

beforeAll(async () => {
  await createBucket(bucket, { versioning: 'Off' });
  const { oss, sessionCredentials } = testServers();
  sts = await startResponder((_request, body) => {
    const parameters = new URLSearchParams(body);
    stsCalls.push(parameters);
    const secret = parameters.get('AccessKeyId') === oss.accessKeyId ? oss.accessKeySecret : sessionCredentials.accessKeySecret;
    if (!rpcSignatureValid(parameters, secret)) return { status: 400, body: { Code: 'SignatureDoesNotMatch', Message: 'bad signature' } };
    if (parameters.get('RoleArn') === 'acs:ram::1:role/forbidden') return { status: 403, body: { Code: 'NoPermission', Message: 'not allowed' } };
    return {
      status: 200,
      body: {
        Credentials: {
          AccessKeyId: sessionCredentials.accessKeyId,
          AccessKeySecret: sessionCredentials.accessKeySecret,
          SecurityToken: sessionCredentials.securityToken,
          Expiration: '2099-01-01T00:00:00Z',
        },
      },
    };
  });
  metadata = await startResponder((request) => {
    metadataPaths.push(request.url ?? '');
    if (request.url !== '/latest/meta-data/ram/security-credentials/state-role') return { status: 404, body: { Code: 'NotFound' } };
    return {
      status: 200,
      body: {
        Code: 'Success',
        AccessKeyId: sessionCredentials.accessKeyId,
        AccessKeySecret: sessionCredentials.accessKeySecret,
        SecurityToken: sessionCredentials.securityToken,
        Expiration: '2099-01-01T00:00:00Z',
      },
    };
  });
});

afterAll(async () => {
  await Promise.all([sts, metadata].map(({ server }) => new Promise((resolve) => server.close(resolve))));
});

function config(extra: Record<string, unknown>): Record<string, unknown> {
  const { oss } = testServers();
  return { bucket, endpoint: oss.endpoint, region: oss.region, prefix: uniqueBucketName(), ...extra };
}

async function roundTrip(settings: Record<string, unknown>): Promise<string | undefined> {
  const provider = await createProviderFromConfig(settings, {
    workingDirectory: process.cwd(),
    env: {},
    credentialEndpoints: { ecsMetadata: metadata.url },
    providerOptions: { consistency: testConsistency },
  });
  try {
    await provider.writeState('default', new TextEncoder().encode('{"from":"session"}'), {});
    const stored = await provider.readState('default');
    return stored === undefined ? undefined : new TextDecoder().decode(stored.bytes);
  } finally {
    await provider.close?.();
  }
}

describe('STS AssumeRole', () => {
  it("assumes the role with session name terraform and uses the session's credentials (token included) for OSS", async () => {
    const { oss } = testServers();
    stsCalls.length = 0;
    const text = await roundTrip(
      config({ access_key: oss.accessKeyId, secret_key: oss.accessKeySecret, assume_role_role_arn: 'acs:ram::1:role/state', sts_endpoint: sts.url }),
    );
    expect(text).toBe('{"from":"session"}');
    expect(stsCalls).toHaveLength(1);
    const call = stsCalls[0]!;
    expect(Object.fromEntries([...call.entries()].filter(([name]) => ['Action', 'Version', 'RoleArn', 'RoleSessionName', 'DurationSeconds', 'AccessKeyId'].includes(name)))).toEqual({
      Action: 'AssumeRole',
      Version: '2015-04-01',
      RoleArn: 'acs:ram::1:role/state',
      RoleSessionName: 'terraform',
      DurationSeconds: '3600',
      AccessKeyId: oss.accessKeyId,
    });
    expect(call.has('SecurityToken')).toBe(false);
  });

  it('chains from ECS role credentials, sending their SecurityToken, with the configured session, policy and duration', async () => {
    const { sessionCredentials } = testServers();
    stsCalls.length = 0;
    const text = await roundTrip(
      config({
        ecs_role_name: 'state-role',
        assume_role: { role_arn: 'acs:ram::1:role/chained', session_name: 'ci', policy: '{"Statement":[]}', session_expiration: 900 },
        sts_endpoint: sts.url,
      }),
    );
    expect(text).toBe('{"from":"session"}');
    const call = stsCalls[0]!;
    expect(call.get('SecurityToken')).toBe(sessionCredentials.securityToken);
    expect([call.get('RoleSessionName'), call.get('Policy'), call.get('DurationSeconds')]).toEqual(['ci', '{"Statement":[]}', '900']);
  });

  it('reports a refusal as AUTH with STS code and message, never a secret', async () => {
    const { oss } = testServers();
    const error = await roundTrip(
      config({ access_key: oss.accessKeyId, secret_key: oss.accessKeySecret, assume_role_role_arn: 'acs:ram::1:role/forbidden', sts_endpoint: sts.url }),
    ).catch((rejection: unknown) => rejection);
    expect(BackendError.hasCode(error, 'AUTH')).toBe(true);
    expect((error as Error).message).toBe('AssumeRole acs:ram::1:role/forbidden failed (NoPermission: not allowed)');
    expect(JSON.stringify(error) + (error as Error).message).not.toContain(oss.accessKeySecret);
  });
});

describe('ECS RAM role', () => {
  it('fetches the role credentials from the metadata service when no access key is set', async () => {
    metadataPaths.length = 0;
    expect(await roundTrip(config({ ecs_role_name: 'state-role' }))).toBe('{"from":"session"}');
    expect(metadataPaths).toEqual(['/latest/meta-data/ram/security-credentials/state-role']);
  });

  it('fails with AUTH naming the role when the metadata service does not know it', async () => {
    const error = await roundTrip(config({ ecs_role_name: 'other-role' })).catch((rejection: unknown) => rejection);
    expect(BackendError.hasCode(error, 'AUTH')).toBe(true);
    expect((error as Error).message).toBe('get Ecs sts token err: the metadata service answered HTTP 404 (NotFound) for role other-role');
  });

  it('fails with TRANSIENT when the metadata service cannot be reached', async () => {
    const closed = await startResponder(() => ({ status: 200, body: {} }));
    await new Promise((resolve) => closed.server.close(resolve));
    const error = await createProviderFromConfig(config({ ecs_role_name: 'state-role' }), {
      workingDirectory: process.cwd(),
      env: {},
      credentialEndpoints: { ecsMetadata: closed.url },
    }).catch((rejection: unknown) => rejection);
    expect(BackendError.hasCode(error, 'TRANSIENT')).toBe(true);
  });
});

describe('static credentials', () => {
  it('uses a security token from the environment (ALICLOUD_SECURITY_TOKEN)', async () => {
    const { sessionCredentials, oss } = testServers();
    const provider = await createProviderFromConfig(config({}), {
      workingDirectory: process.cwd(),
      env: {
        ALICLOUD_ACCESS_KEY: sessionCredentials.accessKeyId,
        ALICLOUD_SECRET_KEY: sessionCredentials.accessKeySecret,
        ALICLOUD_SECURITY_TOKEN: sessionCredentials.securityToken,
      },
    });
    expect(await provider.listWorkspaces()).toEqual(['default']);
    await provider.close?.();
    const wrong = await createProviderFromConfig(config({ access_key: oss.accessKeyId, secret_key: 'not-the-secret' }), {
      workingDirectory: process.cwd(),
      env: {},
    });
    const error = await wrong.listWorkspaces().catch((rejection: unknown) => rejection);
    await wrong.close?.();
    expect(BackendError.hasCode(error, 'AUTH')).toBe(true);
    expect((error as BackendError).hint).toContain('secret_key');
    expect(JSON.stringify(error) + String((error as Error).cause)).not.toContain('not-the-secret');
  });

  it('refuses an access key without its secret', async () => {
    const error = await createProviderFromConfig(config({ access_key: 'LTAIxxxx' }), { workingDirectory: process.cwd(), env: {} }).catch(
      (rejection: unknown) => rejection,
    );
    expect(BackendError.hasCode(error, 'INVALID_CONFIG')).toBe(true);
    expect((error as Error).message).toBe('access_key is set but secret_key is not');
  });
});
