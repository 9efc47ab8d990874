import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startOssServer, type OssServer } from '../src/oss/index.js';
import { aliOssClient } from './ali-oss-client.js';
import { failure } from './oss-failure.js';

interface Response {
  status: number;
  headers: Record<string, string>;
}

/** The ali-oss bucket calls these tests make. */
interface AliOssClient {
  putBucket(bucket: string, options?: { acl?: string }): Promise<{ res: Response }>;
  deleteBucket(bucket: string): Promise<{ res: Response }>;
  getBucketInfo(bucket: string): Promise<{ bucket: Record<string, unknown> }>;
  putBucketACL(bucket: string, acl: string): Promise<{ res: Response }>;
  getBucketACL(bucket: string): Promise<{ acl: string; owner: { id: string; displayName: string } }>;
  putBucketEncryption(bucket: string, rule: { SSEAlgorithm: string; KMSMasterKeyID?: string }): Promise<{ status: number }>;
  getBucketEncryption(bucket: string): Promise<{ encryption: Record<string, string>; status: number }>;
  deleteBucketEncryption(bucket: string): Promise<{ status: number }>;
  putBucketVersioning(bucket: string, status: string): Promise<{ status: number }>;
  put(name: string, body: Buffer, options?: { headers?: Record<string, string> }): Promise<{ res: Response }>;
  head(name: string): Promise<{ res: Response }>;
  useBucket(name: string): void;
}

const unique = (): string => randomBytes(4).toString('hex');
let server: OssServer;

beforeAll(async () => {
  const s3 = inject('testServers').s3;
  if (s3 === undefined) throw new Error('these tests need the S3 server of the global setup');
  // The OSS server only needs the S3 store's address and keys; the global setup owns its life.
  server = await startOssServer({ s3: { ...s3, stop: async () => undefined } });
});

afterAll(async () => {
  await server?.stop();
});

describe.each([
  { name: 'V1', authorizationV4: false },
  { name: 'V4', authorizationV4: true },
])('bucket ACL, encryption and info through ali-oss with $name signatures', ({ authorizationV4 }) => {
  const client = (): AliOssClient => aliOssClient<AliOssClient>(server, { authorizationV4 });

  it('PutBucket applies x-oss-acl; PutBucketAcl changes it; GetBucketAcl and GetBucketInfo report it', async () => {
    const bucket = `acl-${unique()}`;
    await client().putBucket(bucket, { acl: 'public-read' });
    expect((await client().getBucketACL(bucket)).acl).toBe('public-read');
    expect((await client().getBucketInfo(bucket)).bucket.AccessControlList).toEqual({ Grant: 'public-read' });
    await client().putBucketACL(bucket, 'public-read-write');
    expect((await client().getBucketACL(bucket)).acl).toBe('public-read-write');
    await client().putBucketACL(bucket, 'private');
    const privateAcl = await client().getBucketACL(bucket);
    expect(privateAcl.acl).toBe('private');
    expect(privateAcl.owner.id).not.toBe('');
    expect(await failure(client().putBucketACL(bucket, 'default'))).toMatchObject({ status: 400, code: 'InvalidArgument' });
    expect(await failure(client().getBucketACL(`missing-${unique()}`))).toMatchObject({ status: 404, code: 'NoSuchBucket' });
  });

  it('a new bucket has no encryption rule (404 NoSuchServerSideEncryptionRule, SSEAlgorithm None in the info)', async () => {
    const bucket = `sse-none-${unique()}`;
    await client().putBucket(bucket);
    expect(await failure(client().getBucketEncryption(bucket))).toMatchObject({ status: 404, code: 'NoSuchServerSideEncryptionRule' });
    expect((await client().getBucketInfo(bucket)).bucket.ServerSideEncryptionRule).toEqual({ SSEAlgorithm: 'None' });
    expect((await client().getBucketInfo(bucket)).bucket.AccessControlList).toEqual({ Grant: 'private' });
  });

  it('PutBucketEncryption sets AES256 or KMS with a key; DeleteBucketEncryption removes it', async () => {
    const bucket = `sse-${unique()}`;
    await client().putBucket(bucket);
    expect((await client().putBucketEncryption(bucket, { SSEAlgorithm: 'AES256' })).status).toBe(200);
    expect((await client().getBucketEncryption(bucket)).encryption).toEqual({ SSEAlgorithm: 'AES256' });
    expect((await client().getBucketInfo(bucket)).bucket.ServerSideEncryptionRule).toEqual({ SSEAlgorithm: 'AES256' });
    await client().putBucketEncryption(bucket, { SSEAlgorithm: 'KMS', KMSMasterKeyID: 'key-1234' });
    expect((await client().getBucketEncryption(bucket)).encryption).toEqual({ SSEAlgorithm: 'KMS', KMSMasterKeyID: 'key-1234' });
    expect((await client().getBucketInfo(bucket)).bucket.ServerSideEncryptionRule).toEqual({ SSEAlgorithm: 'KMS', KMSMasterKeyID: 'key-1234' });
    expect((await client().deleteBucketEncryption(bucket)).status).toBe(204);
    expect(await failure(client().getBucketEncryption(bucket))).toMatchObject({ status: 404, code: 'NoSuchServerSideEncryptionRule' });
  });

  it('refuses unknown algorithms, a key without KMS, and buckets that do not exist', async () => {
    const bucket = `sse-bad-${unique()}`;
    await client().putBucket(bucket);
    expect(await failure(client().putBucketEncryption(bucket, { SSEAlgorithm: 'DES' }))).toMatchObject({ status: 400, code: 'InvalidEncryptionAlgorithmError' });
    expect(await failure(client().putBucketEncryption(bucket, { SSEAlgorithm: 'AES256', KMSMasterKeyID: 'key-1' }))).toMatchObject({
      status: 400,
      code: 'InvalidArgument',
    });
    expect(await failure(client().getBucketEncryption(bucket))).toMatchObject({ status: 404, code: 'NoSuchServerSideEncryptionRule' });
    const missing = `missing-${unique()}`;
    expect(await failure(client().putBucketEncryption(missing, { SSEAlgorithm: 'AES256' }))).toMatchObject({ status: 404, code: 'NoSuchBucket' });
    expect(await failure(client().getBucketEncryption(missing))).toMatchObject({ status: 404, code: 'NoSuchBucket' });
  });

  it('objects written without an encryption header get the bucket default; an explicit header wins', async () => {
    const bucket = `sse-objects-${unique()}`;
    const writer = client();
    await writer.putBucket(bucket);
    writer.useBucket(bucket);
    await writer.put('before', Buffer.from('x'));
    await writer.putBucketEncryption(bucket, { SSEAlgorithm: 'KMS' });
    const put = await writer.put('after', Buffer.from('x'));
    expect(put.res.headers['x-oss-server-side-encryption']).toBe('KMS');
    expect((await writer.head('after')).res.headers['x-oss-server-side-encryption']).toBe('KMS');
    expect((await writer.head('before')).res.headers['x-oss-server-side-encryption']).toBeUndefined();
    await writer.put('explicit', Buffer.from('x'), { headers: { 'x-oss-server-side-encryption': 'AES256' } });
    expect((await writer.head('explicit')).res.headers['x-oss-server-side-encryption']).toBe('AES256');
  });

  it('a deleted and recreated bucket starts without the old encryption rule', async () => {
    const bucket = `sse-again-${unique()}`;
    await client().putBucket(bucket);
    await client().putBucketEncryption(bucket, { SSEAlgorithm: 'AES256' });
    await client().deleteBucket(bucket);
    await client().putBucket(bucket);
    expect(await failure(client().getBucketEncryption(bucket))).toMatchObject({ status: 404, code: 'NoSuchServerSideEncryptionRule' });
  });
});
