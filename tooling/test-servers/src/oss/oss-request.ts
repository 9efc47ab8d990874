import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { decodePercent } from './uri-encoding.js';

/** A received request, decoded once: which bucket and object it names and its query, headers and body. */
export interface OssRequest {
  method: string;
  /** Bucket from the path (path style) or from the first Host label (virtual-hosted style); undefined for the service. */
  bucket: string | undefined;
  /** Other readings of bucket and key when the Host header and path allow more than one (see resolveAddresses). */
  alternatives: OssAddress[];
  /** Decoded object key; empty when the request addresses a bucket or the service. */
  key: string;
  /** Decoded query parameters in arrival order; a parameter sent without `=` has the value ''. */
  query: Array<[name: string, value: string]>;
  /** Header values by lower-case name; repeated headers are joined with ','. */
  headers: Record<string, string>;
  body: Buffer;
}

/** Hosts that mean "path style": the bucket is the first path segment. */
function isPathStyleHost(hostname: string): boolean {
  return hostname === '' || hostname === 'localhost' || isIP(hostname.replace(/^\[|\]$/g, '')) !== 0;
}

/** Which bucket and object a request addresses. */
export interface OssAddress {
  bucket: string | undefined;
  key: string;
}

function pathStyleAddress(path: string): OssAddress {
  const slash = path.indexOf('/');
  const bucketPart = slash === -1 ? path : path.slice(0, slash);
  const keyPart = slash === -1 ? '' : path.slice(slash + 1);
  return { bucket: bucketPart === '' ? undefined : decodePercent(bucketPart), key: decodePercent(keyPart) };
}

/**
 * Works out bucket and key the way OSS does: IP and localhost hosts carry the bucket as the first path segment,
 * `<bucket>.<endpoint>` hosts carry it in the Host header. Returns the readings in order of preference.
 *
 * ali-oss pointed at an IP endpoint always rewrites Host to `<bucket>.oss-<region>.aliyuncs.com`, also with
 * `sldEnable: true`, where the path still starts with the bucket. Such a request reads both ways (`/<bucket>/<key>`
 * path style, or key `<bucket>/<key>` virtual-hosted); the signature, which covers `/<bucket>/<key>`, decides.
 */
export function resolveAddresses(host: string, rawPath: string): OssAddress[] {
  const hostname = host.replace(/:\d+$/, '').toLowerCase();
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  if (isPathStyleHost(hostname)) return [pathStyleAddress(path)];
  const firstLabel = hostname.split('.')[0] ?? '';
  const virtualHosted: OssAddress = { bucket: firstLabel === '' ? undefined : firstLabel, key: decodePercent(path) };
  const pathStyle = pathStyleAddress(path);
  return pathStyle.bucket === virtualHosted.bucket ? [pathStyle, virtualHosted] : [virtualHosted];
}

/** Splits a raw query string into decoded pairs; `+` means a space, as in every form-encoded query. */
export function parseQuery(rawQuery: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = equals === -1 ? part : part.slice(0, equals);
    const value = equals === -1 ? '' : part.slice(equals + 1);
    pairs.push([decodePercent(name.replace(/\+/g, ' ')), decodePercent(value.replace(/\+/g, ' '))]);
  }
  return pairs;
}

export async function readOssRequest(message: IncomingMessage): Promise<OssRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  const target = message.url ?? '/';
  const questionMark = target.indexOf('?');
  const rawPath = questionMark === -1 ? target : target.slice(0, questionMark);
  const rawQuery = questionMark === -1 ? '' : target.slice(questionMark + 1);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const [preferred, ...alternatives] = resolveAddresses(headers.host ?? '', rawPath);
  return {
    method: (message.method ?? 'GET').toUpperCase(),
    bucket: preferred?.bucket,
    key: preferred?.key ?? '',
    alternatives,
    query: parseQuery(rawQuery),
    headers,
    body: Buffer.concat(chunks),
  };
}

export function queryValue(request: OssRequest, name: string): string | undefined {
  return request.query.find(([candidate]) => candidate === name)?.[1];
}

export function hasQuery(request: OssRequest, name: string): boolean {
  return request.query.some(([candidate]) => candidate === name);
}
