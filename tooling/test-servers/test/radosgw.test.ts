import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRadosgw, type S3Server } from '../src/radosgw/index.js';

let server: S3Server;
let client: S3Client;
const bucket = 'radosgw-checks';

function s3Client(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): S3Client {
  return new S3Client({
    endpoint: server.endpoint,
    region: server.region,
    forcePathStyle: true,
    credentials,
    maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

async function statusOf(promise: Promise<unknown>): Promise<{ status: number | undefined; name: string | undefined }> {
  try {
    await promise;
    return { status: 200, name: undefined };
  } catch (error) {
    if (!(error instanceof S3ServiceException)) throw error;
    return { status: error.$metadata.httpStatusCode, name: error.name };
  }
}

beforeAll(async () => {
  server = await startRadosgw();
  client = s3Client(server);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
});

afterAll(async () => {
  client?.destroy();
  await server?.stop();
});

describe('startRadosgw', () => {
  test('serves S3 on 127.0.0.1 with SigV4 checked against the test user', async () => {
    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'hello.txt', Body: 'hello' }));
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'hello.txt' }));
    expect(await object.Body?.transformToString()).toBe('hello');
    const impostor = s3Client({ accessKeyId: server.accessKeyId, secretAccessKey: 'not-the-secret' });
    // AWS names this SignatureDoesNotMatch; radosgw with STS enabled answers AccessDenied (same 403).
    expect(await statusOf(impostor.send(new GetObjectCommand({ Bucket: bucket, Key: 'hello.txt' })))).toEqual({
      status: 403,
      name: 'AccessDenied',
    });
    impostor.destroy();
  });

  test('refuses a second create-only put (If-None-Match: *) with 412', async () => {
    const key = 'lock.tflock';
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'first', IfNoneMatch: '*' }));
    expect(await statusOf(client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'second', IfNoneMatch: '*' })))).toEqual({
      status: 412,
      name: 'PreconditionFailed',
    });
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(await object.Body?.transformToString()).toBe('first');
  });

  test('If-Match on put: a wrong ETag gets 412; the quoted current ETag also gets 412 (radosgw 16 bug)', async () => {
    const key = 'if-match.tfstate';
    const { ETag } = await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'v1' }));
    expect(ETag).toMatch(/^"[0-9a-f]{32}"$/);
    const wrong = await statusOf(client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'v2', IfMatch: '"0123456789abcdef0123456789abcdef"' })));
    expect(wrong.status).toBe(412);
    // AWS S3 accepts the quoted ETag exactly as returned. radosgw 16.2 compares it with the quotes
    // included and refuses: code must not rely on a conditional overwrite succeeding on radosgw.
    const quoted = await statusOf(client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'v2', IfMatch: ETag })));
    expect(quoted.status).toBe(412);
    const unquoted = await statusOf(client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'v2', IfMatch: ETag?.replaceAll('"', '') })));
    expect(unquoted.status).toBe(200);
  });

  test('keeps every version once versioning is enabled', async () => {
    const versioned = 'radosgw-versions';
    await client.send(new CreateBucketCommand({ Bucket: versioned }));
    await client.send(new PutBucketVersioningCommand({ Bucket: versioned, VersioningConfiguration: { Status: 'Enabled' } }));
    const first = await client.send(new PutObjectCommand({ Bucket: versioned, Key: 'state', Body: 'serial 1' }));
    const second = await client.send(new PutObjectCommand({ Bucket: versioned, Key: 'state', Body: 'serial 2' }));
    expect(first.VersionId).toBeTruthy();
    expect(second.VersionId).not.toBe(first.VersionId);
    const listing = await client.send(new ListObjectVersionsCommand({ Bucket: versioned, Prefix: 'state' }));
    expect(listing.Versions?.map((version) => version.VersionId).sort()).toEqual([first.VersionId, second.VersionId].sort());
    const old = await client.send(new GetObjectCommand({ Bucket: versioned, Key: 'state', VersionId: first.VersionId }));
    expect(await old.Body?.transformToString()).toBe('serial 1');
  });

  test('encrypts with SSE-KMS over plain http and echoes the key id', async () => {
    const keyId = server.kmsKeyIds?.[0];
    expect(keyId).toBe('testkey-1');
    const put = await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'kms.tfstate', Body: 'secret state', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyId }),
    );
    expect(put.ServerSideEncryption).toBe('aws:kms');
    expect(put.SSEKMSKeyId).toBe(keyId);
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'kms.tfstate' }));
    expect(object.ServerSideEncryption).toBe('aws:kms');
    expect(await object.Body?.transformToString()).toBe('secret state');
  });

  test('encrypts with SSE-C and refuses reads without the customer key', async () => {
    const customerKey = randomBytes(32);
    const sse = { SSECustomerAlgorithm: 'AES256', SSECustomerKey: customerKey.toString('base64') };
    const put = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'sse-c.tfstate', Body: 'customer keyed', ...sse }));
    expect(put.SSECustomerAlgorithm).toBe('AES256');
    expect((await statusOf(client.send(new GetObjectCommand({ Bucket: bucket, Key: 'sse-c.tfstate' })))).status).toBe(400);
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'sse-c.tfstate', ...sse }));
    expect(object.SSECustomerAlgorithm).toBe('AES256');
    expect(await object.Body?.transformToString()).toBe('customer keyed');
  });

  test('accepts object keys of 400 characters (osd max object name len)', async () => {
    const key = `env:/${'w'.repeat(380)}/terraform.tfstate`;
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: '{}' }));
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentLength).toBe(2);
  });

  test('STS AssumeRole hands out session credentials that S3 accepts', async () => {
    const sts = new STSClient({ endpoint: server.endpoint, region: server.region, credentials: server, maxAttempts: 1 });
    const { Credentials: credentials, AssumedRoleUser: user } = await sts.send(
      new AssumeRoleCommand({ RoleArn: server.stsRoleArn, RoleSessionName: 'tfstate-test', DurationSeconds: 900 }),
    );
    sts.destroy();
    expect(user?.Arn).toBe('arn:aws:sts:::assumed-role/tfstate-test-role/tfstate-test');
    const session = s3Client({
      accessKeyId: credentials?.AccessKeyId ?? '',
      secretAccessKey: credentials?.SecretAccessKey ?? '',
      sessionToken: credentials?.SessionToken ?? '',
    });
    await session.send(new PutObjectCommand({ Bucket: bucket, Key: 'from-role.txt', Body: 'assumed' }));
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'from-role.txt' }));
    expect(await object.Body?.transformToString()).toBe('assumed');
    session.destroy();
  });

  test('holds a 100 MiB object (memstore sized for the benchmarks)', async () => {
    const body = Buffer.alloc(100 * 1024 * 1024, 7);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'big.tfstate', Body: body }));
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big.tfstate' }));
    expect(head.ContentLength).toBe(body.length);
  });
});

describe('options', () => {
  test('refuses a memstore too small for the radosgw pools, naming the limit', async () => {
    await expect(startRadosgw({ memstoreBytes: 1024 })).rejects.toThrow(
      'startRadosgw: memstoreBytes must be a whole number of at least 67108864 (64 MiB), got 1024',
    );
  });
});

describe('stop', () => {
  test('kills the three daemons and deletes the cluster folder; a second stop is harmless', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rgw-stop-'));
    const other = await startRadosgw({ dataDirectory: root, memstoreBytes: 256 * 1024 * 1024 });
    expect(await readdir(root)).toHaveLength(1);
    expect((await processesMentioning(root)).sort()).toEqual(['ceph-mon', 'ceph-osd', 'radosgw']);
    await other.stop();
    await other.stop();
    expect(await readdir(root)).toEqual([]);
    expect(await processesMentioning(root)).toEqual([]);
    await expect(fetch(other.endpoint)).rejects.toThrow();
    await rm(root, { recursive: true, force: true });
  });
});

/** Names of running programs whose command line contains `text` (the daemons name their config file). */
async function processesMentioning(text: string): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const commandLine = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (!commandLine.includes(text)) continue;
    const program = commandLine.split('\0')[0] ?? '';
    names.push(program.split('/').pop() ?? program);
  }
  return names;
}
