import { createHash } from 'node:crypto';
import { OssError, invalidArgument } from './oss-error.js';
import { ossETag } from './oss-response.js';

/**
 * radosgw user-metadata names that carry OSS-only object properties. radosgw over plain HTTP does not echo
 * `AES256` server-side encryption, and OSS object ACLs have no S3 counterpart, so both live in metadata that the
 * translation hides from `x-oss-meta-*`.
 */
const ENCRYPTION_METADATA = 'oss-internal-server-side-encryption';
const ACL_METADATA = 'oss-internal-object-acl';
const INTERNAL_METADATA_PREFIX = 'oss-internal-';

export const OBJECT_ACLS: readonly string[] = ['private', 'public-read', 'public-read-write', 'default'];
const ENCRYPTION_ALGORITHMS: readonly string[] = ['AES256', 'KMS', 'SM4'];

/** Validates `x-oss-object-acl` (or `x-oss-acl` for buckets); real OSS answers 400 InvalidArgument. */
export function validateAcl(value: string | undefined, allowed: readonly string[], header: string): void {
  if (value !== undefined && !allowed.includes(value)) {
    const kind = header === 'x-oss-object-acl' ? 'object' : 'bucket';
    throw invalidArgument(`no such ${kind} access control exists`, header, value);
  }
}

/** Reads `x-oss-forbid-overwrite`: only `true` and `false` are valid (EC 0017-00000279). */
export function forbidOverwrite(headers: Record<string, string>): boolean {
  const value = headers['x-oss-forbid-overwrite'];
  if (value === undefined) return false;
  if (value.toLowerCase() === 'true') return true;
  if (value.toLowerCase() === 'false') return false;
  throw new OssError(400, 'InvalidArgument', 'Invalid forbid-overwrite header value, only true and false are supported.', {
    ArgumentName: 'x-oss-forbid-overwrite',
    ArgumentValue: value,
  }, '0017-00000279');
}

/**
 * Checks Content-MD5 against the body, as OSS does before storing: a value that is not base64 of 16 bytes and a
 * value that differs from the body's digest are both 400 InvalidDigest.
 */
export function verifyContentMd5(headers: Record<string, string>, body: Buffer): void {
  const claimed = headers['content-md5'];
  if (claimed === undefined) return;
  const decoded = Buffer.from(claimed, 'base64');
  if (decoded.length !== 16 || decoded.toString('base64') !== claimed.trim()) {
    throw new OssError(400, 'InvalidDigest', 'The Content-MD5 you specified is not valid.', { 'Content-MD5': claimed }, '0017-00000502');
  }
  const actual = createHash('md5').update(body).digest('base64');
  if (actual !== claimed.trim()) {
    throw new OssError(400, 'InvalidDigest', 'The Content-MD5 you specified did not match what we received.', {
      'Content-MD5': claimed,
      'Calculated-MD5': actual,
    }, '0017-00000503');
  }
}

/** Builds radosgw user metadata from `x-oss-meta-*`, the encryption header and the object ACL header. */
export function metadataFromOssHeaders(headers: Record<string, string>): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('x-oss-meta-')) metadata[name.slice('x-oss-meta-'.length)] = value;
  }
  const encryption = headers['x-oss-server-side-encryption'];
  if (encryption !== undefined) {
    if (!ENCRYPTION_ALGORITHMS.includes(encryption)) {
      throw new OssError(400, 'InvalidEncryptionAlgorithmError', 'The Encryption request you specified is not valid. Supported value: AES256/KMS/SM4', {
        ArgumentName: 'x-oss-server-side-encryption',
        ArgumentValue: encryption,
      });
    }
    metadata[ENCRYPTION_METADATA] = encryption;
  }
  const acl = headers['x-oss-object-acl'];
  validateAcl(acl, OBJECT_ACLS, 'x-oss-object-acl');
  if (acl !== undefined && acl !== 'default') metadata[ACL_METADATA] = acl;
  return metadata;
}

export function encryptionFromMetadata(metadata: Record<string, string> | undefined): string | undefined {
  return metadata?.[ENCRYPTION_METADATA];
}

/** The object ACL OSS reports: what was set with x-oss-object-acl, else `default` (inherit the bucket ACL). */
export function aclFromMetadata(metadata: Record<string, string> | undefined): string {
  return metadata?.[ACL_METADATA] ?? 'default';
}

/** What GetObject/HeadObject from radosgw tell about an object, in the fields this translation needs. */
export interface StoredObjectHeaders {
  ContentType?: string | undefined;
  ContentLength?: number | undefined;
  ContentRange?: string | undefined;
  ETag?: string | undefined;
  LastModified?: Date | undefined;
  CacheControl?: string | undefined;
  ContentDisposition?: string | undefined;
  ContentEncoding?: string | undefined;
  ContentLanguage?: string | undefined;
  ExpiresString?: string | undefined;
  VersionId?: string | undefined;
  Metadata?: Record<string, string> | undefined;
}

/** The response headers OSS sends for GetObject and HeadObject. */
export function ossObjectHeaders(stored: StoredObjectHeaders): Record<string, string> {
  const headers: Record<string, string> = {
    'accept-ranges': 'bytes',
    'x-oss-object-type': 'Normal',
    'x-oss-storage-class': 'Standard',
  };
  const set = (name: string, value: string | number | undefined): void => {
    if (value !== undefined && value !== '') headers[name] = String(value);
  };
  set('content-type', stored.ContentType ?? 'application/octet-stream');
  set('content-length', stored.ContentLength);
  set('content-range', stored.ContentRange);
  set('etag', ossETag(stored.ETag));
  set('last-modified', stored.LastModified?.toUTCString());
  set('cache-control', stored.CacheControl);
  set('content-disposition', stored.ContentDisposition);
  set('content-encoding', stored.ContentEncoding);
  set('content-language', stored.ContentLanguage);
  set('expires', stored.ExpiresString);
  set('x-oss-version-id', stored.VersionId);
  set('x-oss-server-side-encryption', encryptionFromMetadata(stored.Metadata));
  for (const [name, value] of Object.entries(stored.Metadata ?? {})) {
    if (!name.startsWith(INTERNAL_METADATA_PREFIX)) headers[`x-oss-meta-${name}`] = value;
  }
  return headers;
}
