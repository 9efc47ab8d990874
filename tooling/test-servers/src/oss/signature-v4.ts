import { createHash, createHmac } from 'node:crypto';
import { encodeRfc3986, encodeRfc3986Path } from './uri-encoding.js';

export const V4_ALGORITHM = 'OSS4-HMAC-SHA256';

/** What signature V4 covers in a request. Header names are lower-case. */
export interface V4SigningInput {
  method: string;
  headers: Record<string, string>;
  bucket: string | undefined;
  key: string;
  /** Every query parameter except the signature itself (`x-oss-signature` in presigned URLs). */
  query: Array<[string, string]>;
  /** Lower-case names from `AdditionalHeaders` / `x-oss-additional-headers`, sorted. */
  additionalHeaders: string[];
  /** The payload hash line: the x-oss-content-sha256 header, or UNSIGNED-PAYLOAD. */
  payloadHash: string;
}

/** The V4 credential scope `<yyyymmdd>/<region>/oss/aliyun_v4_request`. */
export interface V4Scope {
  date: string;
  region: string;
  product: string;
}

/**
 * The canonical request: verb; URI-encoded `/<bucket>/<key>` keeping `/`; all query parameters encoded and sorted
 * (`name` alone when the value is empty); `name:value\n` for content-type, content-md5, every `x-oss-*` header and the
 * additional headers, sorted; the additional header names joined by `;`; the payload hash.
 */
export function buildV4CanonicalRequest(input: V4SigningInput): string {
  const path = input.bucket === undefined ? '/' : `/${input.bucket}/${input.key}`;
  const query = input.query
    .map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)] as const)
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
    .map(([name, value]) => (value === '' ? name : `${name}=${value}`))
    .join('&');
  const additional = new Set(input.additionalHeaders);
  const signedHeaderNames = Object.keys(input.headers)
    .filter((name) => name === 'content-type' || name === 'content-md5' || name.startsWith('x-oss-') || additional.has(name))
    .sort();
  const canonicalHeaders = signedHeaderNames.map((name) => `${name}:${(input.headers[name] ?? '').trim()}\n`).join('');
  return [input.method, encodeRfc3986Path(path), query, canonicalHeaders, input.additionalHeaders.join(';'), input.payloadHash].join('\n');
}

export function buildV4StringToSign(timestamp: string, scope: V4Scope, canonicalRequest: string): string {
  const hashedRequest = createHash('sha256').update(canonicalRequest, 'utf8').digest('hex');
  return [V4_ALGORITHM, timestamp, formatScope(scope), hashedRequest].join('\n');
}

export function formatScope(scope: V4Scope): string {
  return `${scope.date}/${scope.region}/${scope.product}/aliyun_v4_request`;
}

/** Hex HMAC-SHA256 with the key derived from `aliyun_v4<secret>` through date, region, product and the terminator. */
export function signV4(accessKeySecret: string, scope: V4Scope, stringToSign: string): string {
  const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
  const dateKey = hmac(`aliyun_v4${accessKeySecret}`, scope.date);
  const regionKey = hmac(dateKey, scope.region);
  const productKey = hmac(regionKey, scope.product);
  const signingKey = hmac(productKey, 'aliyun_v4_request');
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
}
