import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { BackendError } from '@x/backend-core/errors';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createS3Clients, resolveS3Settings, type S3Clients } from '../src/config/index.js';
import {
  STATIC_KEY,
  makeCertificates,
  startFakeAws,
  startForwardProxy,
  type FakeAws,
  type ForwardProxy,
  type TestCertificates,
} from './config-fake-aws.js';

// HTTP behaviour of the built clients against real local servers: TLS trust, proxies,
// retries, path style and checksum headers.

let plain: FakeAws;
let secure: FakeAws;
let proxy: ForwardProxy;
let secureProxy: ForwardProxy;
let certificates: TestCertificates;
const opened: S3Clients[] = [];
const keys = { access_key: STATIC_KEY.accessKeyId, secret_key: STATIC_KEY.secretAccessKey };

beforeAll(async () => {
  certificates = makeCertificates();
  plain = await startFakeAws();
  secure = await startFakeAws({ tls: { key: certificates.key, cert: certificates.cert } });
  proxy = await startForwardProxy(plain.port);
  secureProxy = await startForwardProxy(secure.port);
});
afterAll(async () => {
  await Promise.all([plain.close(), secure.close(), proxy.close(), secureProxy.close()]);
});
beforeEach(() => {
  for (const server of [plain, secure]) server.requests.length = 0;
  for (const forward of [proxy, secureProxy]) forward.targets.length = 0;
});
afterEach(() => {
  for (const clients of opened.splice(0)) for (const client of Object.values(clients)) client?.destroy();
});

function clientsFor(config: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) {
  const resolved = resolveS3Settings({ bucket: 'state', key: 'terraform.tfstate', region: 'us-east-1', ...keys, ...config }, env);
  const clients = createS3Clients(resolved);
  opened.push(clients);
  return { resolved, clients };
}

const headBucket = (clients: S3Clients) => clients.s3.send(new HeadBucketCommand({ Bucket: 'state' }));

describe('custom_ca_bundle and insecure', () => {
  const endpoint = () => ({ endpoints: { s3: `https://localhost:${secure.port}` }, use_path_style: true });

  it('refuses the self-signed server without a bundle', async () => {
    const { clients } = clientsFor(endpoint());
    await expect(headBucket(clients)).rejects.toThrow(/certificate/);
    expect(secure.requests).toHaveLength(0);
  });

  it('trusts the server with custom_ca_bundle', async () => {
    const { clients } = clientsFor({ ...endpoint(), custom_ca_bundle: certificates.caFile });
    await headBucket(clients);
    expect(secure.requests[0]).toMatchObject({ signatureValid: true });
  });

  it('trusts the server with AWS_CA_BUNDLE', async () => {
    const { clients } = clientsFor(endpoint(), { AWS_CA_BUNDLE: certificates.caFile });
    await headBucket(clients);
    expect(secure.requests).toHaveLength(1);
  });

  it('skips verification with insecure = true', async () => {
    const { clients } = clientsFor({ ...endpoint(), insecure: 'true' });
    await headBucket(clients);
    expect(secure.requests).toHaveLength(1);
  });

  it.each([
    ['a missing file', join(tmpdir(), 'no-such-bundle.pem'), /^Invalid custom CA bundle: reading custom CA bundle: ENOENT/],
    ['a file without certificates', 'not-a-certificate', /no certificates found/],
  ])('refuses %s with INVALID_CONFIG', (_label, path, message) => {
    let bundle = path;
    if (path === 'not-a-certificate') {
      bundle = join(mkdtempSync(join(tmpdir(), 'config-bundle-')), 'empty.pem');
      writeFileSync(bundle, 'hello');
    }
    const resolved = resolveS3Settings({ bucket: 'b', key: 'k', region: 'us-east-1', custom_ca_bundle: bundle }, {});
    const error = (() => {
      try {
        createS3Clients(resolved);
        return undefined;
      } catch (caught) {
        return caught as BackendError;
      }
    })();
    expect(error?.code).toBe('INVALID_CONFIG');
    expect(error?.message).toMatch(message);
  });
});

describe('proxies', () => {
  it('sends plain HTTP through http_proxy (absolute-URI requests) and still signs correctly', async () => {
    const { clients } = clientsFor({ endpoints: { s3: 'http://state.test:8080' }, use_path_style: true, http_proxy: proxy.url, https_proxy: '' });
    await headBucket(clients);
    expect(proxy.targets).toEqual(['state.test:8080']);
    expect(plain.requests[0]).toMatchObject({ signatureValid: true, url: '/state/' });
    expect(plain.requests[0]!.headers.host).toBe('state.test:8080');
  });

  it('uses HTTP_PROXY from the environment', async () => {
    const { clients } = clientsFor({ endpoints: { s3: 'http://state.test' }, use_path_style: true }, { HTTP_PROXY: proxy.url });
    await headBucket(clients);
    expect(proxy.targets).toEqual(['state.test']);
  });

  it('tunnels HTTPS through https_proxy with CONNECT, verifying the server with the bundle', async () => {
    const { clients } = clientsFor({
      endpoints: { s3: 'https://state.test' },
      use_path_style: true,
      https_proxy: secureProxy.url,
      custom_ca_bundle: certificates.caFile,
    });
    await headBucket(clients);
    expect(secureProxy.targets).toEqual(['state.test:443']);
    expect(secure.requests[0]).toMatchObject({ signatureValid: true });
  });

  it('uses http_proxy for HTTPS too when no HTTPS proxy is set, with a warning', async () => {
    const { clients, resolved } = clientsFor({
      endpoints: { s3: 'https://state.test' },
      use_path_style: true,
      http_proxy: secureProxy.url,
      custom_ca_bundle: certificates.caFile,
    });
    expect(resolved.warnings).toEqual([
      `Missing HTTPS Proxy: An HTTP proxy was set but no HTTPS proxy was. Using HTTP proxy "${secureProxy.url}" for HTTPS requests. ` +
        'This behavior may change in future versions.\n\nTo specify no proxy for HTTPS, set the HTTPS to an empty string.',
    ]);
    await headBucket(clients);
    expect(secureProxy.targets).toEqual(['state.test:443']);
  });

  it('uses virtual-hosted bucket names unless use_path_style', async () => {
    const { clients } = clientsFor({ endpoints: { s3: 'http://state.test' }, http_proxy: proxy.url });
    await headBucket(clients);
    expect(proxy.targets).toEqual(['state.state.test']);
    expect(plain.requests[0]!.url).toBe('/');
  });

  it('goes direct for no_proxy hosts', async () => {
    const { clients } = clientsFor({ endpoints: { s3: 'http://state.test' }, use_path_style: true, http_proxy: proxy.url, no_proxy: '.example.com,state.test' });
    const error = await headBucket(clients).catch((caught: unknown) => caught);
    expect(String((error as Error).message) + String((error as NodeJS.ErrnoException).code)).toMatch(/ENOTFOUND|EAI_AGAIN/);
    expect(proxy.targets).toEqual([]);
  });

  it('never proxies loopback addresses (as Go does)', async () => {
    const { clients } = clientsFor({ endpoints: { s3: plain.url }, use_path_style: true, http_proxy: proxy.url, https_proxy: '' });
    await headBucket(clients);
    expect(proxy.targets).toEqual([]);
    expect(plain.requests).toHaveLength(1);
  });
});

describe('retries and checksums', () => {
  const endpoint = () => ({ endpoints: { s3: plain.url }, use_path_style: true });

  it.each([
    [{}, 5],
    [{ max_retries: '2' }, 2],
    [{ max_retries: 1, retry_mode: 'adaptive' }, 1],
  ])('makes max_retries attempts (%j)', async (config, attempts) => {
    plain.failNext(10);
    const { clients } = clientsFor({ ...endpoint(), ...config });
    await expect(headBucket(clients)).rejects.toThrow();
    expect(plain.requests).toHaveLength(attempts);
    plain.failNext(0);
  });

  it('sends SDK checksum headers by default', async () => {
    const { clients } = clientsFor(endpoint());
    await clients.s3.send(new PutObjectCommand({ Bucket: 'state', Key: 'k', Body: '{"version":4}' }));
    expect(Object.keys(plain.requests[0]!.headers).some((name) => name.startsWith('x-amz-checksum-'))).toBe(true);
  });

  it('sends no checksum headers with skip_s3_checksum', async () => {
    const { clients } = clientsFor({ ...endpoint(), skip_s3_checksum: true });
    await clients.s3.send(new PutObjectCommand({ Bucket: 'state', Key: 'k', Body: '{"version":4}' }));
    const response = await clients.s3.send(new GetObjectCommand({ Bucket: 'state', Key: 'k' }));
    await response.Body?.transformToString();
    for (const request of plain.requests) {
      expect(Object.keys(request.headers).filter((name) => name.startsWith('x-amz-checksum') || name === 'x-amz-sdk-checksum-algorithm')).toEqual([]);
    }
    expect(plain.requests.map((request) => request.method)).toEqual(['PUT', 'GET']);
  });
});

describe('client wiring', () => {
  it('creates a DynamoDB client only with dynamodb_table, at endpoints.dynamodb', async () => {
    expect(clientsFor({}).clients.dynamodb).toBeUndefined();
    const { clients } = clientsFor({ dynamodb_table: 'locks', endpoints: { dynamodb: 'http://dynamo.test:4570' } });
    const endpoint = await clients.dynamodb!.config.endpoint!();
    expect(endpoint.hostname).toBe('dynamo.test');
    expect(endpoint.port).toBe(4570);
  });

  it('passes region, FIPS and dual-stack settings to the S3 client', async () => {
    const { clients } = clientsFor({ region: 'eu-central-1', use_fips_endpoint: true }, { AWS_USE_DUALSTACK_ENDPOINT: 'TRUE' });
    expect(await clients.s3.config.region()).toBe('eu-central-1');
    expect(await clients.s3.config.useFipsEndpoint()).toBe(true);
    expect(await clients.s3.config.useDualstackEndpoint()).toBe(true);
  });
});
