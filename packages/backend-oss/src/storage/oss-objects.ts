import { createHash } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import OSS from 'ali-oss';
import { BackendError } from '@x/backend-core';
import type { OssBackendSettings, OssCredentials } from '../config/oss-settings.js';
import { ossCodeOf, ossError, ossStatusOf } from './sdk-errors.js';

/** One object as read. */
export interface OssObject {
  bytes: Uint8Array;
  /** Lowercase hex MD5 of `bytes`, when the read was asked to compute it as the body arrived. */
  md5?: string;
  etag?: string;
  versionId?: string;
  lastModified?: Date;
}

/** One entry of ListObjectVersions for a single key. */
export interface OssObjectVersion {
  versionId: string;
  lastModified: Date;
  size: number;
  isLatest: boolean;
  isDeleteMarker: boolean;
}

/** Bucket versioning as OSS reports it; `Off` when it was never enabled. */
export type VersioningStatus = 'Off' | 'Enabled' | 'Suspended';

/** How objects are written: Terraform's headers plus the lock object's create-only flag. */
export interface PutOptions {
  /** `x-oss-forbid-overwrite: true`: fail with `FileAlreadyExists` when the key exists (unversioned buckets only). */
  forbidOverwrite?: boolean;
}

/** The part of the ali-oss client this package uses (its published types lack several options). */
interface AliOssClient {
  get(name: string, options?: { versionId?: string }): Promise<{ content: Buffer; res: AliOssResponse }>;
  getStream(name: string): Promise<{ stream: Readable; res: AliOssResponse }>;
  head(name: string): Promise<{ res: AliOssResponse }>;
  put(name: string, content: Buffer, options: { mime: string; headers: Record<string, string> }): Promise<{ res: AliOssResponse }>;
  delete(name: string): Promise<{ res: AliOssResponse }>;
  list(query: Record<string, string | number>, options: object): Promise<{ objects?: Array<{ name: string }>; nextMarker?: string | null; isTruncated?: boolean }>;
  getBucketVersioning(bucket: string): Promise<{ versionStatus?: string }>;
  listObjectVersions(query: Record<string, string | number>): Promise<AliOssVersionListing>;
}

interface AliOssResponse {
  status: number;
  headers: Record<string, string | undefined>;
}

interface AliOssVersionListing {
  objects?: Array<{ name: string; versionId: string; lastModified: string; size: number; isLatest: boolean }>;
  deleteMarker?: Array<{ name: string; versionId: string; lastModified: string }>;
  isTruncated?: boolean;
  nextKeyMarker?: string | null;
  nextVersionIdMarker?: string | null;
}

/** Options of {@link OssObjects}. */
export interface OssObjectsOptions {
  settings: Pick<OssBackendSettings, 'bucket' | 'endpoint' | 'region' | 'encrypt' | 'acl' | 'signatureVersion'>;
  credentials: OssCredentials;
  /** Per-request time limit. Default 60 s (large states). */
  timeoutMilliseconds?: number;
}

const listPageSize = 1000;
/** Attempts of a streamed read whose body breaks off (ali-oss retries only until the headers arrive). */
const streamedReadAttempts = 3;

/**
 * The ali-oss client options for the backend's settings and credentials: path style on
 * localhost, V4 signatures when asked for, the request timeout and the given kept-alive agents.
 * Shared by every part of the package that talks to the bucket, so all sign and address alike.
 */
export function aliOssOptions(options: OssObjectsOptions, agents: { http: HttpAgent; https: HttpsAgent }): OSS.Options {
  const { settings, credentials } = options;
  const endpoint = new URL(settings.endpoint);
  const sdkOptions = {
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret,
    stsToken: credentials.securityToken,
    // Credentials are resolved once, like Terraform; this only silences ali-oss's advice to refresh them.
    refreshSTSTokenInterval: credentials.securityToken === undefined ? undefined : Number.MAX_SAFE_INTEGER,
    bucket: settings.bucket,
    endpoint: settings.endpoint,
    region: settings.region === '' ? undefined : `oss-${settings.region}`,
    secure: endpoint.protocol === 'https:',
    // `<bucket>.localhost` does not resolve, so address localhost path-style (`/<bucket>/<key>`).
    // For IP endpoints ali-oss keeps the URL on the IP and names the bucket in the Host header.
    sldEnable: endpoint.hostname === 'localhost',
    authorizationV4: settings.signatureVersion === 'v4',
    timeout: options.timeoutMilliseconds ?? 60_000,
    // Retries network failures only; every call here is safe to repeat (see the lock's own-id check).
    retryMax: 2,
    agent: agents.http,
    httpsAgent: agents.https,
  };
  return sdkOptions as unknown as OSS.Options;
}

/**
 * The OSS calls the provider makes, on ali-oss, with every error mapped to a BackendError.
 * Objects are written as Terraform writes them: `Content-Type: application/json`, plus
 * `x-oss-object-acl` and `x-oss-server-side-encryption: AES256` when configured.
 */
export class OssObjects {
  private readonly client: AliOssClient;
  private readonly bucket: string;
  private readonly writeHeaders: Record<string, string>;
  private readonly agents: { http: HttpAgent; https: HttpsAgent };

  constructor(options: OssObjectsOptions) {
    const { settings } = options;
    this.bucket = settings.bucket;
    this.agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
    this.client = new OSS(aliOssOptions(options, this.agents)) as unknown as AliOssClient;
    this.writeHeaders = {};
    if (settings.acl !== undefined) this.writeHeaders['x-oss-object-acl'] = settings.acl;
    if (settings.encrypt) this.writeHeaders['x-oss-server-side-encryption'] = 'AES256';
  }

  /** The object, or undefined when it does not exist. */
  async get(key: string, versionId?: string): Promise<OssObject | undefined> {
    try {
      const result = await this.client.get(key, versionId === undefined ? {} : { versionId });
      return { bytes: ownedBytes(result.content), ...metadataOf(result.res) };
    } catch (error) {
      const status = ossStatusOf(error);
      if (status === 404 && ossCodeOf(error) !== 'NoSuchBucket') return undefined;
      // A malformed version id (400 InvalidArgument) or a delete marker (405) names no readable version.
      if (versionId !== undefined && ((status === 400 && ossCodeOf(error) === 'InvalidArgument') || status === 405)) return undefined;
      throw ossError(error, `read ${key}${versionId === undefined ? '' : ` (version ${versionId})`}`, this.bucket);
    }
  }

  /**
   * The current object, or undefined when it does not exist, read as it streams in: the body
   * goes straight into one buffer of the announced length (a large state is held once, not as
   * chunks plus their concatenation), and with `md5` it is hashed chunk by chunk meanwhile, so
   * the digest check costs no pass over the bytes after the download. A request that fails
   * with an HTTP answer is repeated as a plain {@link get}: a streamed error's body is
   * discarded by ali-oss, and only the body tells NoSuchKey from NoSuchBucket.
   */
  async getStreamed(key: string, options: { md5?: boolean } = {}): Promise<OssObject | undefined> {
    for (let attempt = 1; ; attempt += 1) {
      let answer: Awaited<ReturnType<AliOssClient['getStream']>>;
      try {
        answer = await this.client.getStream(key);
      } catch (error) {
        const status = ossStatusOf(error);
        if (status !== undefined && status > 0) return this.withMd5(await this.get(key), options.md5);
        throw ossError(error, `read ${key}`, this.bucket);
      }
      const headers = answer.res.headers ?? {};
      const encoding = headers['content-encoding'];
      const length = Number(headers['content-length']);
      if ((encoding !== undefined && encoding !== 'identity') || !Number.isSafeInteger(length) || length < 0) {
        // No usable length to read into: take the buffered path.
        answer.stream.destroy();
        return this.withMd5(await this.get(key), options.md5);
      }
      try {
        const { bytes, md5 } = await readBody(answer.stream, length, options.md5 === true);
        return { bytes, md5, ...metadataOf(answer.res) };
      } catch (error) {
        answer.stream.destroy();
        if (attempt >= streamedReadAttempts) {
          throw new BackendError('TRANSIENT', `cannot read ${key}: the response broke off (${error instanceof Error ? error.message : String(error)})`, {
            hint: 'The OSS endpoint failed or could not be reached; check endpoint and the network, then retry.',
          });
        }
      }
    }
  }

  /**
   * The MD5 of the object's current bytes as OSS reports it (the ETag of a simple PutObject is
   * the hex MD5), or undefined when the object is missing or its ETag is not an MD5 (a
   * multipart upload).
   */
  async currentMd5(key: string): Promise<string | undefined> {
    try {
      const { res } = await this.client.head(key);
      const etag = (res.headers?.etag ?? '').replace(/"/g, '').toLowerCase();
      return /^[0-9a-f]{32}$/.test(etag) ? etag : undefined;
    } catch (error) {
      if (ossStatusOf(error) === 404 && ossCodeOf(error) !== 'NoSuchBucket') return undefined;
      throw ossError(error, `read the metadata of ${key}`, this.bucket);
    }
  }

  /**
   * Writes the object. With `forbidOverwrite`, resolves `false` instead of writing when the key
   * exists (HTTP 409 `FileAlreadyExists`).
   */
  async put(key: string, bytes: Uint8Array, options: PutOptions = {}): Promise<{ created: boolean; etag?: string; versionId?: string }> {
    const headers = { ...this.writeHeaders };
    if (options.forbidOverwrite) headers['x-oss-forbid-overwrite'] = 'true';
    try {
      const result = await this.client.put(key, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
        mime: 'application/json',
        headers,
      });
      const { etag, versionId } = metadataOf(result.res);
      return { created: true, etag, versionId };
    } catch (error) {
      if (options.forbidOverwrite && ossCodeOf(error) === 'FileAlreadyExists') return { created: false };
      throw ossError(error, `write ${key}`, this.bucket);
    }
  }

  /** Deletes the object; a missing object resolves (OSS answers 204 either way). */
  async delete(key: string): Promise<void> {
    try {
      await this.client.delete(key);
    } catch (error) {
      if (ossStatusOf(error) === 404 && ossCodeOf(error) !== 'NoSuchBucket') return;
      throw ossError(error, `delete ${key}`, this.bucket);
    }
  }

  /** Every object key under `prefix`: ListObjects V1 pages of 1000 following the marker, as Terraform lists. */
  async listKeys(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const query: Record<string, string | number> = { prefix, 'max-keys': listPageSize };
      if (marker !== undefined) query.marker = marker;
      let page: Awaited<ReturnType<AliOssClient['list']>>;
      try {
        page = await this.client.list(query, {});
      } catch (error) {
        throw ossError(error, `list objects under "${prefix}"`, this.bucket);
      }
      const names = (page.objects ?? []).map((object) => object.name);
      keys.push(...names);
      if (!page.isTruncated || names.length === 0) return keys;
      marker = page.nextMarker ?? names[names.length - 1];
    }
  }

  /** The bucket's versioning status. */
  async versioningStatus(): Promise<VersioningStatus> {
    try {
      const result = await this.client.getBucketVersioning(this.bucket);
      return result.versionStatus === 'Enabled' || result.versionStatus === 'Suspended' ? result.versionStatus : 'Off';
    } catch (error) {
      throw ossError(error, `read the versioning status of bucket "${this.bucket}"`, this.bucket);
    }
  }

  /** Versions and delete markers of exactly `key` (never of keys it is a prefix of), newest first. */
  async listVersions(key: string): Promise<OssObjectVersion[]> {
    const versions: Array<OssObjectVersion & { order: number }> = [];
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    for (;;) {
      const query: Record<string, string | number> = { prefix: key, maxKeys: listPageSize };
      if (keyMarker !== undefined) query.keyMarker = keyMarker;
      if (versionIdMarker !== undefined) query.versionIdMarker = versionIdMarker;
      let page: AliOssVersionListing;
      try {
        page = await this.client.listObjectVersions(query);
      } catch (error) {
        throw ossError(error, `list the versions of ${key}`, this.bucket);
      }
      for (const entry of page.objects ?? []) {
        if (entry.name !== key) continue;
        versions.push({
          versionId: entry.versionId,
          lastModified: new Date(entry.lastModified),
          size: entry.size,
          isLatest: entry.isLatest,
          isDeleteMarker: false,
          order: versions.length,
        });
      }
      for (const entry of page.deleteMarker ?? []) {
        if (entry.name !== key) continue;
        versions.push({
          versionId: entry.versionId,
          lastModified: new Date(entry.lastModified),
          size: 0,
          isLatest: false,
          isDeleteMarker: true,
          order: versions.length,
        });
      }
      // Keys sort after `key` once the listing has moved past it: nothing more of ours follows.
      const pastKey = page.nextKeyMarker !== undefined && page.nextKeyMarker !== null && page.nextKeyMarker > key;
      if (!page.isTruncated || pastKey || !page.nextKeyMarker) break;
      keyMarker = page.nextKeyMarker;
      versionIdMarker = page.nextVersionIdMarker ?? undefined;
    }
    // ali-oss splits versions and delete markers into two lists and drops the markers'
    // IsLatest: merge by time (stable, so same-second entries keep the server's newest-first
    // order) and mark the newest marker latest when no version is.
    versions.sort((left, right) => right.lastModified.getTime() - left.lastModified.getTime() || left.order - right.order);
    if (!versions.some((entry) => entry.isLatest)) {
      const newestMarker = versions.find((entry) => entry.isDeleteMarker);
      if (newestMarker !== undefined) newestMarker.isLatest = true;
    }
    const latestIndex = versions.findIndex((entry) => entry.isLatest);
    if (latestIndex > 0) versions.unshift(...versions.splice(latestIndex, 1));
    return versions.map(({ order: _order, ...entry }) => entry);
  }

  private withMd5(object: OssObject | undefined, md5: boolean | undefined): OssObject | undefined {
    if (object === undefined || !md5) return object;
    return { ...object, md5: createHash('md5').update(object.bytes).digest('hex') };
  }

  /** Closes the kept-alive sockets. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

/**
 * A response body of `length` bytes, copied into one buffer as it arrives (hashed on the way
 * when asked). A body that ends short or runs long fails, like a broken connection.
 */
async function readBody(stream: Readable, length: number, md5: boolean): Promise<{ bytes: Uint8Array; md5?: string }> {
  // allocUnsafeSlow: the buffer owns its memory (never a slice of Node's shared pool) and is
  // filled completely below before anyone sees it.
  const body = Buffer.allocUnsafeSlow(length);
  const hash = md5 ? createHash('md5') : undefined;
  let offset = 0;
  // Flowing mode, as ali-oss reads bodies itself: the socket is drained as fast as it fills.
  stream.on('data', (chunk: Buffer) => {
    if (offset + chunk.length > length) {
      stream.destroy(new Error(`the response body is longer than its Content-Length ${length}`));
      return;
    }
    chunk.copy(body, offset);
    hash?.update(chunk);
    offset += chunk.length;
  });
  await finished(stream);
  if (offset !== length) throw new Error(`the response body ended after ${offset} of ${length} bytes`);
  return { bytes: new Uint8Array(body.buffer, body.byteOffset, length), md5: hash?.digest('hex') };
}

/**
 * The response body as the caller's own bytes without copying a large state: ali-oss hands
 * over a fresh Buffer per response, which a large body owns outright. A small Buffer may be a
 * slice of Node's shared pool, so it is copied rather than exposing the rest of the pool.
 */
function ownedBytes(content: Buffer): Uint8Array {
  if (content.byteOffset === 0 && content.byteLength === content.buffer.byteLength) {
    return new Uint8Array(content.buffer, 0, content.byteLength);
  }
  return new Uint8Array(content);
}

function metadataOf(res: AliOssResponse): { etag?: string; versionId?: string; lastModified?: Date } {
  const headers = res.headers ?? {};
  const lastModified = headers['last-modified'];
  const versionId = headers['x-oss-version-id'];
  return {
    etag: headers.etag,
    versionId: versionId === undefined || versionId === 'null' ? undefined : versionId,
    lastModified: lastModified === undefined ? undefined : new Date(lastModified),
  };
}
