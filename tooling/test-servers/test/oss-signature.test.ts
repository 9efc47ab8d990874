import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parseQuery, resolveAddresses } from '../src/oss/oss-request.js';
import { buildV1StringToSign, signV1 } from '../src/oss/signature-v1.js';
import { buildV4CanonicalRequest, buildV4StringToSign, signV4 } from '../src/oss/signature-v4.js';

// ali-oss's own signing helpers are an independent implementation of the same documented algorithms: the client
// side of what the server must reproduce.
const require = createRequire(import.meta.url);
const aliSign = require('ali-oss/lib/common/signUtils.js') as {
  buildCanonicalString(method: string, resource: string, request: { headers: Record<string, string>; parameters?: unknown }): string;
  getCanonicalRequest(method: string, request: { headers: Record<string, string>; queries: Record<string, string | null> }, bucket?: string, object?: string, additionalHeaders?: string[]): string;
  getStringToSign(region: string, date: string, canonicalRequest: string): string;
  getSignatureV4(secret: string, date: string, region: string, stringToSign: string): string;
};

describe('signature V1', () => {
  it('signs only sub-resources, sorted, and the raw key, as ali-oss does', () => {
    const headers = { 'x-oss-date': 'Wed, 01 Jan 2025 00:00:00 GMT', 'x-oss-security-token': ' token ', 'content-type': 'application/json' };
    const ours = buildV1StringToSign({
      method: 'GET',
      headers,
      dateLine: headers['x-oss-date'],
      bucket: 'state',
      key: 'env:/dev/terraform.tfstate',
      query: [['versionId', 'v1'], ['prefix', 'env:/'], ['acl', ''], ['max-keys', '5']],
    });
    const theirs = aliSign.buildCanonicalString('GET', '/state/env:/dev/terraform.tfstate', { headers, parameters: { versionId: 'v1', acl: '' } });
    expect(ours).toBe(theirs);
    expect(ours.endsWith('/state/env:/dev/terraform.tfstate?acl&versionId=v1')).toBe(true);
  });

  it('uses "/" as the resource of service-level requests and "/<bucket>/" for buckets', () => {
    const base = { method: 'GET', headers: {}, dateLine: 'd', key: '', query: [] as Array<[string, string]> };
    expect(buildV1StringToSign({ ...base, bucket: undefined }).split('\n').at(-1)).toBe('/');
    expect(buildV1StringToSign({ ...base, bucket: 'b', query: [['continuation-token', 'abc'], ['list-type', '2']] }).split('\n').at(-1)).toBe('/b/?continuation-token=abc');
  });
});

describe('signature V4', () => {
  it('builds the same canonical request, string to sign and signature as ali-oss', () => {
    const headers = {
      'content-type': 'application/json',
      'content-md5': '1B2M2Y8AsgTpgAZPz8kBCA==',
      'x-oss-date': '20250101T000000Z',
      'x-oss-content-sha256': 'UNSIGNED-PAYLOAD',
      'x-oss-meta-a': '  spaced ',
      host: 'example',
      range: 'bytes=0-1',
    };
    const queries = { versioning: null, 'max-keys': '5', 'prefix': 'env:/a b+c!', 'versionId': 'x*y' };
    const theirsRequest = aliSign.getCanonicalRequest('PUT', { headers, queries }, 'state', 'env:/dir/a b.tfstate', ['host', 'range']);
    const ours = buildV4CanonicalRequest({
      method: 'PUT',
      headers,
      bucket: 'state',
      key: 'env:/dir/a b.tfstate',
      query: [['versioning', ''], ['max-keys', '5'], ['prefix', 'env:/a b+c!'], ['versionId', 'x*y']],
      additionalHeaders: ['host', 'range'],
      payloadHash: 'UNSIGNED-PAYLOAD',
    });
    expect(ours).toBe(theirsRequest);
    const scope = { date: '20250101', region: 'cn-hangzhou', product: 'oss' };
    const stringToSign = buildV4StringToSign('20250101T000000Z', scope, ours);
    expect(stringToSign).toBe(aliSign.getStringToSign('cn-hangzhou', '20250101T000000Z', theirsRequest));
    expect(signV4('secret', scope, stringToSign)).toBe(aliSign.getSignatureV4('secret', '20250101', 'cn-hangzhou', stringToSign));
  });
});

describe('request addressing', () => {
  it('reads the bucket from the path for IP and localhost hosts', () => {
    expect(resolveAddresses('127.0.0.1:9000', '/state/env%3A/dev/terraform.tfstate')).toEqual([{ bucket: 'state', key: 'env:/dev/terraform.tfstate' }]);
    expect(resolveAddresses('localhost:9000', '/state/')).toEqual([{ bucket: 'state', key: '' }]);
    expect(resolveAddresses('127.0.0.1', '/')).toEqual([{ bucket: undefined, key: '' }]);
  });

  it('reads the bucket from the first Host label otherwise', () => {
    expect(resolveAddresses('state.oss-cn-hangzhou.aliyuncs.com', '/a%2Bb/c')).toEqual([{ bucket: 'state', key: 'a+b/c' }]);
  });

  it('offers both readings when the Host label repeats as the first path segment (ali-oss, IP endpoint, sldEnable)', () => {
    expect(resolveAddresses('state.oss-cn-hangzhou.aliyuncs.com', '/state/env%3A/x')).toEqual([
      { bucket: 'state', key: 'env:/x' },
      { bucket: 'state', key: 'state/env:/x' },
    ]);
  });

  it('decodes queries with + as space and keeps parameters without a value', () => {
    expect(parseQuery('prefix=a+b%2Bc&versioning&max-keys=')).toEqual([['prefix', 'a b+c'], ['versioning', ''], ['max-keys', '']]);
  });
});
