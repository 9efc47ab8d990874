import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOssServer, type OssCredential, type OssServer } from '../src/oss/index.js';
import { startRadosgw, type S3Server } from '../src/radosgw/index.js';
import { aliOssClient, type AliOssClientOptions } from './ali-oss-client.js';
import { failure } from './oss-failure.js';

// ali-oss's signing helpers sign the raw requests below, so that every header can be chosen (old dates, both Date
// and x-oss-date) while the signature still comes from the client library, not from the server's own code.
const require = createRequire(import.meta.url);
const aliSign = require('ali-oss/lib/common/signUtils.js') as {
  buildCanonicalString(method: string, resource: string, request: { headers: Record<string, string> }): string;
  computeSignature(secret: string, canonicalString: string): string;
};

interface AliOssClient {
  put(name: string, body: Buffer): Promise<unknown>;
  get(name: string): Promise<{ content: Buffer }>;
  putBucket(bucket: string): Promise<unknown>;
  signatureUrl(name: string, options?: { expires?: number }): string;
  signatureUrlV4(method: string, expires: number, request: object | undefined, objectName: string): Promise<string>;
}

const parser = new XMLParser({ parseTagValue: false, trimValues: false });
const errorOf = (xml: string): Record<string, string> => (parser.parse(xml) as { Error: Record<string, string> }).Error;

const longTerm: OssCredential = { accessKeyId: 'LTAIauthenticationtest', accessKeySecret: randomBytes(15).toString('base64url') };
const temporary: OssCredential = { accessKeyId: 'STS.authenticationtest', accessKeySecret: randomBytes(15).toString('base64url'), securityToken: `CAIS${randomBytes(32).toString('hex')}` };
const bucket = `auth-${randomBytes(4).toString('hex')}`;
const key = 'env:/dev/terraform.tfstate';
const body = '{"serial":1}';

let s3: S3Server;
let server: OssServer;

/** A client for the test bucket, signing with the long-term key unless told otherwise. */
function client(options: AliOssClientOptions = {}): AliOssClient {
  return aliOssClient<AliOssClient>(server, { credential: longTerm, bucket, ...options });
}

/** Signed URLs need a host name endpoint in ali-oss; the server itself listens on 127.0.0.1. */
function onServer(url: string): string {
  const parsed = new URL(url);
  return `${server.endpoint}${parsed.pathname}${parsed.search}`;
}

beforeAll(async () => {
  s3 = await startRadosgw();
  server = await startOssServer({ s3, credentials: [longTerm, temporary] });
  await client().putBucket(bucket);
  await client().put(key, Buffer.from(body));
});

afterAll(async () => {
  await server?.stop();
  await s3?.stop();
});

describe('signature checks with OSS error XML', () => {
  it('answers a wrong V1 signature with 403 SignatureDoesNotMatch carrying StringToSign and SignatureProvided', async () => {
    const date = new Date().toUTCString();
    const response = await fetch(`${server.endpoint}/${bucket}/env%3A/dev/terraform.tfstate?versionId=abc&prefix=x`, {
      headers: { authorization: `OSS ${longTerm.accessKeyId}:AAAAAAAAAAAAAAAAAAAAAAAAAAA=`, 'x-oss-date': date, 'x-oss-meta-b': ' two ', 'x-oss-meta-a': 'one' },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/xml');
    const error = errorOf(await response.text());
    expect(error).toMatchObject({
      Code: 'SignatureDoesNotMatch',
      SignatureProvided: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      OSSAccessKeyId: longTerm.accessKeyId,
      StringToSign: `GET\n\n\n${date}\nx-oss-date:${date}\nx-oss-meta-a:one\nx-oss-meta-b:two\n/${bucket}/${key}?versionId=abc`,
    });
    expect(error.RequestId).toBe(response.headers.get('x-oss-request-id'));
  });

  it('answers a wrong secret with SignatureDoesNotMatch for V1 and V4 clients', async () => {
    const wrongSecret: OssCredential = { ...longTerm, accessKeySecret: 'wrong' };
    expect(await failure(client({ credential: wrongSecret }).get(key))).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(await failure(client({ credential: wrongSecret, authorizationV4: true }).get(key))).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
  });

  it('answers an unknown AccessKey ID with 403 InvalidAccessKeyId naming it', async () => {
    const stranger: OssCredential = { accessKeyId: 'LTAIstranger', accessKeySecret: 'whatever' };
    expect(await failure(client({ credential: stranger }).get(key))).toMatchObject({ status: 403, code: 'InvalidAccessKeyId' });
    const response = await fetch(`${server.endpoint}/${bucket}/x`, { headers: { authorization: 'OSS LTAIstranger:c2ln', date: new Date().toUTCString() } });
    expect(errorOf(await response.text())).toMatchObject({ Code: 'InvalidAccessKeyId', OSSAccessKeyId: 'LTAIstranger' });
  });

  it('requires the matching security token for STS credentials and refuses tokens on long-term keys', async () => {
    expect((await client({ credential: temporary }).get(key)).content.toString()).toBe(body);
    expect((await client({ credential: temporary, authorizationV4: true }).get(key)).content.toString()).toBe(body);
    const withoutToken = client({ credential: { accessKeyId: temporary.accessKeyId, accessKeySecret: temporary.accessKeySecret } });
    expect(await failure(withoutToken.get(key))).toMatchObject({ status: 403, code: 'InvalidSecurityToken' });
    expect(await failure(client({ credential: { ...temporary, securityToken: 'CAISforged' } }).get(key))).toMatchObject({ status: 403, code: 'InvalidSecurityToken' });
    expect(await failure(client({ credential: { ...longTerm, securityToken: 'CAISforged' } }).get(key))).toMatchObject({ status: 403, code: 'InvalidSecurityToken' });
  });

  it('answers anonymous requests with 403 AccessDenied and unknown schemes with 400 InvalidArgument', async () => {
    const anonymous = await fetch(`${server.endpoint}/${bucket}/x`);
    expect(anonymous.status).toBe(403);
    expect(errorOf(await anonymous.text()).Code).toBe('AccessDenied');
    const bearer = await fetch(`${server.endpoint}/${bucket}/x`, { headers: { authorization: 'Bearer token' } });
    expect(bearer.status).toBe(400);
    expect(errorOf(await bearer.text()).Code).toBe('InvalidArgument');
  });

  it('refuses a V4 signature scoped to another region with 400 InvalidArgument', async () => {
    const elsewhere = client({ region: 'us-west-1', authorizationV4: true });
    expect(await failure(elsewhere.get(key))).toMatchObject({ status: 400, code: 'InvalidArgument' });
  });

  it('refuses a correctly signed request dated more than 15 minutes away with 403 RequestTimeTooSkewed', async () => {
    const date = new Date(Date.now() - 20 * 60 * 1000).toUTCString();
    const headers = { 'x-oss-date': date };
    const signature = aliSign.computeSignature(longTerm.accessKeySecret, aliSign.buildCanonicalString('GET', `/${bucket}/${key}`, { headers }));
    const response = await fetch(`${server.endpoint}/${bucket}/env%3A/dev/terraform.tfstate`, { headers: { ...headers, authorization: `OSS ${longTerm.accessKeyId}:${signature}` } });
    expect(response.status).toBe(403);
    expect(errorOf(await response.text()).Code).toBe('RequestTimeTooSkewed');
  });

  it('takes the V1 date from x-oss-date when a Date header is sent too', async () => {
    const headers = { 'x-oss-date': new Date().toUTCString() };
    const signature = aliSign.computeSignature(longTerm.accessKeySecret, aliSign.buildCanonicalString('GET', `/${bucket}/${key}`, { headers }));
    const response = await fetch(`${server.endpoint}/${bucket}/env%3A/dev/terraform.tfstate`, {
      headers: { ...headers, date: 'Thu, 01 Jan 2015 00:00:00 GMT', authorization: `OSS ${longTerm.accessKeyId}:${signature}` },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(body);
  });

  it('answers HEAD errors without a body but with the error XML base64-encoded in x-oss-err', async () => {
    const response = await fetch(`${server.endpoint}/${bucket}/x`, { method: 'HEAD' });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('');
    const encoded = response.headers.get('x-oss-err');
    expect(encoded).toBeTruthy();
    expect(errorOf(Buffer.from(encoded ?? '', 'base64').toString('utf8')).Code).toBe('AccessDenied');
  });
});

describe('presigned URLs', () => {
  const named = (): AliOssClient => client({ endpoint: server.endpoint.replace('127.0.0.1', 'localhost') });

  it('serves a V1 signed URL (OSSAccessKeyId, Expires, Signature) and refuses expired or altered ones', async () => {
    const url = onServer(named().signatureUrl(key, { expires: 300 }));
    expect(new URL(url).searchParams.get('OSSAccessKeyId')).toBe(longTerm.accessKeyId);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(body);

    const expired = await fetch(onServer(named().signatureUrl(key, { expires: -60 })));
    expect(expired.status).toBe(403);
    expect(errorOf(await expired.text())).toMatchObject({ Code: 'AccessDenied', Message: 'Request has expired.' });

    const altered = await fetch(url.replace('terraform.tfstate', 'other.tfstate'));
    expect(altered.status).toBe(403);
    expect(errorOf(await altered.text()).Code).toBe('SignatureDoesNotMatch');
  });

  it('serves V4 signed URLs, also with an STS security token', async () => {
    const v4 = await fetch(onServer(await named().signatureUrlV4('GET', 300, undefined, key)));
    expect(v4.status).toBe(200);
    expect(await v4.text()).toBe(body);
    const sts = client({ credential: temporary, endpoint: server.endpoint.replace('127.0.0.1', 'localhost') });
    const url = onServer(await sts.signatureUrlV4('GET', 300, undefined, key));
    expect(new URL(url).searchParams.get('x-oss-security-token')).toBe(temporary.securityToken);
    const withToken = await fetch(url);
    expect(withToken.status).toBe(200);
    const tampered = await fetch(url.replace(/x-oss-signature=[0-9a-f]+/, `x-oss-signature=${'0'.repeat(64)}`));
    expect(tampered.status).toBe(403);
    expect(errorOf(await tampered.text())).toMatchObject({ Code: 'SignatureDoesNotMatch' });
  });
});
