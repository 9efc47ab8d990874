import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOssServer, type OssCredential, type OssServer } from '../src/oss/index.js';
import { startRadosgw, type S3Server } from '../src/radosgw/index.js';
import { aliOssClient } from './ali-oss-client.js';
import { failure } from './oss-failure.js';

type Headers = Record<string, string>;
interface Response {
  status: number;
  headers: Headers;
}
interface ListedObject {
  name: string;
  etag: string;
  size: number;
  owner: { id: string; displayName: string } | null;
}

/** The ali-oss calls these tests make, typed loosely: @types/ali-oss 6.23.3 leaves several out or types them narrowly. */
interface AliOssClient {
  put(name: string, body: Buffer, options?: { mime?: string; meta?: Record<string, string>; headers?: Headers }): Promise<{ res: Response }>;
  get(name: string, options?: { versionId?: string; headers?: Headers }): Promise<{ content: Buffer; res: Response }>;
  head(name: string, options?: { versionId?: string }): Promise<{ status: number; meta: Record<string, string> | null; res: Response }>;
  getObjectMeta(name: string, options?: { versionId?: string }): Promise<{ status: number; res: Response }>;
  delete(name: string, options?: { versionId?: string }): Promise<{ res: Response }>;
  deleteMulti(names: string[], options?: { quiet?: boolean }): Promise<{ deleted: Array<{ Key: string }> }>;
  list(query: Record<string, unknown>, options: object): Promise<{ objects: ListedObject[]; prefixes: string[] | null; nextMarker: string | null; isTruncated: boolean }>;
  listV2(query: Record<string, unknown>): Promise<{ objects: ListedObject[]; isTruncated: boolean; keyCount: number; nextContinuationToken: string | null }>;
  getACL(name: string): Promise<{ acl: string }>;
  putBucket(bucket: string): Promise<{ res: Response }>;
  getBucketInfo(bucket: string): Promise<{ bucket: Record<string, unknown> }>;
  getBucketLocation(bucket: string): Promise<{ location: string }>;
  listBuckets(query: Record<string, unknown>): Promise<{ buckets: Array<{ name: string }> | null }>;
  putBucketVersioning(bucket: string, status: string): Promise<{ status: number }>;
  getBucketVersioning(bucket: string): Promise<{ versionStatus?: string }>;
  listObjectVersions(query: Record<string, unknown>): Promise<{
    objects: Array<{ name: string; versionId: string; isLatest: boolean; size: number; owner: { id: string } }>;
    deleteMarker: Array<{ name: string; versionId: string }>;
  }>;
}

const md5Hex = (data: string): string => createHash('md5').update(data).digest('hex').toUpperCase();
const unique = (): string => randomBytes(4).toString('hex');

const longTerm: OssCredential = { accessKeyId: `LTAI${unique()}test`, accessKeySecret: randomBytes(15).toString('base64url') };
const temporary: OssCredential = {
  accessKeyId: `STS.${unique()}test`,
  accessKeySecret: randomBytes(15).toString('base64url'),
  securityToken: `CAIS${randomBytes(48).toString('base64url')}`,
};

let s3: S3Server;
let server: OssServer;

beforeAll(async () => {
  s3 = await startRadosgw();
  server = await startOssServer({ s3, credentials: [longTerm, temporary] });
});

afterAll(async () => {
  await server?.stop();
  await s3?.stop();
});

const modes = [
  { name: 'V1', authorizationV4: false, credential: longTerm },
  { name: 'V4', authorizationV4: true, credential: longTerm },
  { name: 'V1 + STS token', authorizationV4: false, credential: temporary },
  { name: 'V4 + STS token', authorizationV4: true, credential: temporary },
] as const;

function clientFor(mode: (typeof modes)[number], bucket: string): AliOssClient {
  return aliOssClient<AliOssClient>(server, { credential: mode.credential, bucket, authorizationV4: mode.authorizationV4 });
}

describe.each(modes)('ali-oss 6.23.0 with $name signatures, path style', (mode) => {
  const bucket = `plain-${mode.authorizationV4 ? 'v4' : 'v1'}-${mode.credential.securityToken ? 'sts' : 'ak'}-${unique()}`;
  const versionedBucket = `versioned-${unique()}`;
  let client: AliOssClient;

  beforeAll(async () => {
    client = clientFor(mode, bucket);
    await client.putBucket(bucket);
    await client.putBucket(versionedBucket);
  });

  it('puts, gets, heads and deletes an object whose key needs encoding', async () => {
    const key = 'env:/dev team/a+b ü.tfstate';
    const body = '{"version":4,"serial":1}';
    const put = await client.put(key, Buffer.from(body), { mime: 'application/json', meta: { owner: 'team-a' } });
    expect(put.res.status).toBe(200);
    expect(put.res.headers).toMatchObject({ etag: `"${md5Hex(body)}"` });

    const got = await client.get(key);
    expect(got.content.toString()).toBe(body);
    expect(got.res.headers).toMatchObject({ 'content-type': 'application/json', 'x-oss-meta-owner': 'team-a', 'x-oss-object-type': 'Normal' });
    expect(got.res.headers['x-oss-request-id']).toMatch(/^[0-9A-F]{24}$/);

    const head = await client.head(key);
    expect(head.status).toBe(200);
    expect(head.meta).toEqual({ owner: 'team-a' });
    expect(head.res.headers['content-length']).toBe(String(body.length));

    const meta = await client.getObjectMeta(key);
    expect(meta.status).toBe(200);
    expect(meta.res.headers.etag).toBe(`"${md5Hex(body)}"`);
    expect(meta.res.headers['last-modified']).toMatch(/GMT$/);

    const deleted = await client.delete(key);
    expect(deleted.res.status).toBe(204);
    expect((await failure(client.get(key))).code).toBe('NoSuchKey');
  });

  it('serves byte ranges (206) and conditional reads (412 PreconditionFailed, 304, which ali-oss counts as success) with OSS upper-case ETags', async () => {
    const key = `range-${unique()}`;
    await client.put(key, Buffer.from('0123456789'));
    const ranged = await client.get(key, { headers: { Range: 'bytes=2-5' } });
    expect(ranged.res.status).toBe(206);
    expect(ranged.content.toString()).toBe('2345');
    expect(ranged.res.headers['content-range']).toBe('bytes 2-5/10');
    const etag = `"${md5Hex('0123456789')}"`;
    expect((await client.get(key, { headers: { 'If-Match': etag } })).content.toString()).toBe('0123456789');
    expect(await failure(client.get(key, { headers: { 'If-Match': `"${md5Hex('other')}"` } }))).toMatchObject({ status: 412, code: 'PreconditionFailed' });
    expect((await client.get(key, { headers: { 'If-None-Match': etag } })).res.status).toBe(304);
  });

  it('answers a missing key with NoSuchKey 404 on GET, HEAD and objectMeta, and 204 on DELETE', async () => {
    const missing = `missing-${unique()}`;
    const get = await failure(client.get(missing));
    expect(get).toMatchObject({ status: 404, code: 'NoSuchKey', name: 'NoSuchKeyError' });
    expect(get.requestId).toMatch(/^[0-9A-F]{24}$/);
    expect(await failure(client.head(missing))).toMatchObject({ status: 404, code: 'NoSuchKey' });
    expect(await failure(client.getObjectMeta(missing))).toMatchObject({ status: 404 });
    expect((await client.delete(missing)).res.status).toBe(204);
  });

  it('answers a missing bucket with NoSuchBucket 404', async () => {
    const other = clientFor(mode, `absent-${unique()}`);
    expect(await failure(other.get('key'))).toMatchObject({ status: 404, code: 'NoSuchBucket' });
    expect(await failure(other.list({}, {}))).toMatchObject({ status: 404, code: 'NoSuchBucket' });
    expect(await failure(other.put('key', Buffer.from('x')))).toMatchObject({ status: 404, code: 'NoSuchBucket' });
  });

  it('lists with ListObjects V1: prefix, delimiter, marker paging and owners', async () => {
    const prefix = `list-${unique()}/`;
    for (const name of ['a.tfstate', 'b.tfstate', 'c.tfstate', 'dev/terraform.tfstate', 'prod/terraform.tfstate']) {
      await client.put(`${prefix}${name}`, Buffer.from(name));
    }
    const grouped = await client.list({ prefix, delimiter: '/', 'max-keys': 100 }, {});
    expect(grouped.objects.map((object) => object.name)).toEqual([`${prefix}a.tfstate`, `${prefix}b.tfstate`, `${prefix}c.tfstate`]);
    expect(grouped.prefixes).toEqual([`${prefix}dev/`, `${prefix}prod/`]);
    expect(grouped.objects[0]?.owner?.id).toBeTruthy();
    expect(grouped.objects[0]?.etag).toBe(`"${md5Hex('a.tfstate')}"`);

    const names: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await client.list({ prefix, 'max-keys': 2, ...(marker === undefined ? {} : { marker }) }, {});
      names.push(...page.objects.map((object) => object.name));
      marker = page.isTruncated ? (page.nextMarker ?? undefined) : undefined;
      pages += 1;
      if (page.isTruncated) expect(page.nextMarker).toBeTruthy();
    } while (marker !== undefined);
    expect(pages).toBe(3);
    expect(names).toHaveLength(5);
  });

  it('lists with ListObjects V2: continuation-token, start-after and fetch-owner', async () => {
    const prefix = `listv2-${unique()}/`;
    for (const name of ['1', '2', '3']) await client.put(`${prefix}${name}`, Buffer.from(name));
    const first = await client.listV2({ prefix, 'max-keys': '2' });
    expect(first.objects.map((object) => object.name)).toEqual([`${prefix}1`, `${prefix}2`]);
    expect(first.isTruncated).toBe(true);
    expect(first.objects[0]?.owner).toBeNull();
    const second = await client.listV2({ prefix, 'max-keys': '2', 'continuation-token': first.nextContinuationToken ?? '', 'fetch-owner': true });
    expect(second.objects.map((object) => object.name)).toEqual([`${prefix}3`]);
    expect(second.isTruncated).toBe(false);
    expect(second.objects[0]?.owner?.id).toBeTruthy();
    const after = await client.listV2({ prefix, 'start-after': `${prefix}1` });
    expect(after.objects.map((object) => object.name)).toEqual([`${prefix}2`, `${prefix}3`]);
    expect(after.keyCount).toBe(2);
  });

  it('refuses to overwrite with x-oss-forbid-overwrite: true (409 FileAlreadyExists) and validates the header', async () => {
    const key = `lock-${unique()}.tflock`;
    await client.put(key, Buffer.from('holder-1'), { headers: { 'x-oss-forbid-overwrite': 'true' } });
    const conflict = await failure(client.put(key, Buffer.from('holder-2'), { headers: { 'x-oss-forbid-overwrite': 'true' } }));
    expect(conflict).toMatchObject({ status: 409, code: 'FileAlreadyExists', name: 'FileAlreadyExistsError' });
    expect((await client.get(key)).content.toString()).toBe('holder-1');
    await client.put(key, Buffer.from('holder-3'), { headers: { 'x-oss-forbid-overwrite': 'false' } });
    expect((await client.get(key)).content.toString()).toBe('holder-3');
    expect(await failure(client.put(key, Buffer.from('x'), { headers: { 'x-oss-forbid-overwrite': 'yes' } }))).toMatchObject({ status: 400, code: 'InvalidArgument' });
  });

  it('accepts and echoes x-oss-server-side-encryption: AES256, rejects unknown algorithms', async () => {
    const key = `sse-${unique()}`;
    const put = await client.put(key, Buffer.from('secret'), { headers: { 'x-oss-server-side-encryption': 'AES256' } });
    expect(put.res.headers).toMatchObject({ 'x-oss-server-side-encryption': 'AES256' });
    expect((await client.get(key)).res.headers['x-oss-server-side-encryption']).toBe('AES256');
    expect((await client.head(key)).res.headers).toMatchObject({ 'x-oss-server-side-encryption': 'AES256' });
    expect((await client.head(key)).meta).toBeNull();
    expect(await failure(client.put(key, Buffer.from('x'), { headers: { 'x-oss-server-side-encryption': 'DES' } }))).toMatchObject({ status: 400, code: 'InvalidEncryptionAlgorithmError' });
  });

  it('validates x-oss-object-acl and reports it through GetObjectACL', async () => {
    const key = `acl-${unique()}`;
    for (const acl of ['private', 'public-read', 'public-read-write']) {
      await client.put(key, Buffer.from(acl), { headers: { 'x-oss-object-acl': acl } });
      expect((await client.getACL(key)).acl).toBe(acl);
    }
    await client.put(key, Buffer.from('default'), { headers: { 'x-oss-object-acl': 'default' } });
    expect((await client.getACL(key)).acl).toBe('default');
    expect(await failure(client.put(key, Buffer.from('x'), { headers: { 'x-oss-object-acl': 'world-writable' } }))).toMatchObject({ status: 400, code: 'InvalidArgument' });
  });

  it('checks Content-MD5 against the body (400 InvalidDigest)', async () => {
    const wrong = createHash('md5').update('something else').digest('base64');
    expect(await failure(client.put(`md5-${unique()}`, Buffer.from('body'), { headers: { 'Content-MD5': wrong } }))).toMatchObject({ status: 400, code: 'InvalidDigest' });
    expect(await failure(client.put(`md5-${unique()}`, Buffer.from('body'), { headers: { 'Content-MD5': 'bm90LW1kNQ==' } }))).toMatchObject({ status: 400, code: 'InvalidDigest' });
  });

  it('deletes several objects at once, quietly or not', async () => {
    const prefix = `multi-${unique()}/`;
    for (const name of ['a', 'b', 'c']) await client.put(`${prefix}${name}`, Buffer.from(name));
    const loud = await client.deleteMulti([`${prefix}a`, `${prefix}b`, `${prefix}never-existed`]);
    expect(loud.deleted.map((entry) => entry.Key).sort()).toEqual([`${prefix}a`, `${prefix}b`, `${prefix}never-existed`]);
    const quiet = await client.deleteMulti([`${prefix}c`], { quiet: true });
    expect(quiet.deleted).toEqual([]);
    expect((await client.list({ prefix }, {})).objects).toEqual([]);
  });

  it('reports bucket info, location and the bucket list', async () => {
    const info = await client.getBucketInfo(bucket);
    expect(info.bucket).toMatchObject({ Name: bucket, Location: `oss-${server.region}`, StorageClass: 'Standard' });
    expect((await client.getBucketLocation(bucket)).location).toBe(`oss-${server.region}`);
    const buckets = await client.listBuckets({ prefix: bucket });
    expect(buckets.buckets?.map((entry) => entry.name)).toEqual([bucket]);
    expect(await failure(client.putBucket(bucket))).toMatchObject({ status: 409, code: 'BucketAlreadyExists' });
  });

  it('versions objects: version ids, reads by versionId, delete markers, ListObjectVersions, forbid-overwrite ignored', async () => {
    const versioned = clientFor(mode, versionedBucket);
    expect((await versioned.getBucketVersioning(versionedBucket)).versionStatus).toBeUndefined();
    expect((await versioned.putBucketVersioning(versionedBucket, 'Enabled')).status).toBe(200);
    expect((await versioned.getBucketVersioning(versionedBucket)).versionStatus).toBe('Enabled');

    const key = `env:/ws/${unique()}.tfstate`;
    const first = await versioned.put(key, Buffer.from('one'), { headers: { 'x-oss-forbid-overwrite': 'true' } });
    const second = await versioned.put(key, Buffer.from('two'), { headers: { 'x-oss-forbid-overwrite': 'true' } });
    const firstVersion = first.res.headers['x-oss-version-id'];
    const secondVersion = second.res.headers['x-oss-version-id'];
    expect(firstVersion).toBeTruthy();
    expect(secondVersion).toBeTruthy();
    expect(secondVersion).not.toBe(firstVersion);

    expect((await versioned.get(key)).content.toString()).toBe('two');
    const old = await versioned.get(key, { versionId: firstVersion });
    expect(old.content.toString()).toBe('one');
    expect(old.res.headers['x-oss-version-id']).toBe(firstVersion);
    expect((await versioned.getObjectMeta(key, { versionId: firstVersion })).res.headers['x-oss-version-id']).toBe(firstVersion);

    const marker = await versioned.delete(key);
    expect(marker.res.status).toBe(204);
    expect(marker.res.headers['x-oss-delete-marker']).toBe('true');
    expect(marker.res.headers['x-oss-version-id']).toBeTruthy();
    expect(await failure(versioned.get(key))).toMatchObject({ status: 404, code: 'NoSuchKey' });

    const listed = await versioned.listObjectVersions({ prefix: key });
    expect(listed.objects.map((version) => version.versionId).sort()).toEqual([firstVersion, secondVersion].sort());
    expect(listed.objects.every((version) => !version.isLatest && version.owner.id !== '')).toBe(true);
    expect(listed.deleteMarker.map((entry) => entry.versionId)).toEqual([marker.res.headers['x-oss-version-id']]);

    const paged = await versioned.listObjectVersions({ prefix: key, maxKeys: 1 });
    expect(paged.objects.length + paged.deleteMarker.length).toBe(1);

    await versioned.delete(key, { versionId: firstVersion });
    expect(await failure(versioned.get(key, { versionId: firstVersion }))).toMatchObject({ status: 404 });
    expect((await versioned.get(key, { versionId: secondVersion })).content.toString()).toBe('two');
  });
});
