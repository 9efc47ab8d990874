import { createHmac } from 'node:crypto';
import { SIGNED_SUB_RESOURCES } from './signed-sub-resources.js';

/** What signature V1 covers in a request. Header names are lower-case. */
export interface V1SigningInput {
  method: string;
  headers: Record<string, string>;
  /** The Date line: the Date header (x-oss-date wins when both are sent), or `Expires` for a presigned URL. */
  dateLine: string;
  bucket: string | undefined;
  key: string;
  query: Array<[string, string]>;
}

/**
 * The V1 string to sign: verb, Content-MD5, Content-Type and the date line, then every `x-oss-*` header as a
 * `name:value` line (lower-case name, trimmed value, sorted by name), then the canonicalized resource
 * `/<bucket>/<key>` with the signed sub-resources appended as a sorted query (`name` alone when its value is empty).
 */
export function buildV1StringToSign(input: V1SigningInput): string {
  const ossHeaderLines = Object.keys(input.headers)
    .filter((name) => name.startsWith('x-oss-'))
    .sort()
    .map((name) => `${name}:${(input.headers[name] ?? '').trim()}`);
  return [
    input.method,
    input.headers['content-md5'] ?? '',
    input.headers['content-type'] ?? '',
    input.dateLine,
    ...ossHeaderLines,
    canonicalizedResource(input.bucket, input.key, input.query),
  ].join('\n');
}

function canonicalizedResource(bucket: string | undefined, key: string, query: Array<[string, string]>): string {
  const path = bucket === undefined ? '/' : `/${bucket}/${key}`;
  const subResources = query
    .filter(([name]) => SIGNED_SUB_RESOURCES.has(name))
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
    .map(([name, value]) => (value === '' ? name : `${name}=${value}`));
  return subResources.length === 0 ? path : `${path}?${subResources.join('&')}`;
}

/** Base64 HMAC-SHA1 of the string to sign, keyed with the AccessKey secret. */
export function signV1(accessKeySecret: string, stringToSign: string): string {
  return createHmac('sha1', accessKeySecret).update(stringToSign, 'utf8').digest('base64');
}
