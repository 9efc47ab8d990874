import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { OssError, invalidArgument, noSuchBucket } from '../oss-error.js';
import { queryValue, type OssRequest } from '../oss-request.js';
import { ossETag, s3ETag, type OssResponse } from '../oss-response.js';
import { forbidOverwrite, metadataFromOssHeaders, ossObjectHeaders, verifyContentMd5 } from '../object-headers.js';
import type { OperationContext } from '../operation-context.js';
import { isNotModified, translateS3Error } from '../s3-error-translation.js';

function requireBucket(request: OssRequest): string {
  if (request.bucket === undefined) throw invalidArgument('The request names no bucket.');
  return request.bucket;
}

function versionIdOf(request: OssRequest): string | undefined {
  const versionId = queryValue(request, 'versionId');
  if (versionId === '') throw invalidArgument('versionId must not be empty.', 'versionId', '');
  return versionId;
}

/** Whether the bucket has ever had versioning turned on; OSS then ignores x-oss-forbid-overwrite. */
async function bucketIsVersioned(context: OperationContext, bucket: string): Promise<boolean> {
  const versioning = await context.s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
  return versioning.Status === 'Enabled' || versioning.Status === 'Suspended';
}

/**
 * PutObject. Checks Content-MD5, validates the ACL, encryption and forbid-overwrite headers, and turns
 * `x-oss-forbid-overwrite: true` into a radosgw conditional create (`If-None-Match: *`) unless the bucket is
 * versioned, where OSS ignores the header. An existing object then gives 409 FileAlreadyExists. Without an
 * encryption header the bucket's default encryption applies.
 */
export async function putObject(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  const bucket = requireBucket(request);
  // Like OSS, an object written without x-oss-server-side-encryption gets the bucket's default encryption.
  const defaultEncryption = context.bucketEncryption.get(bucket)?.SSEAlgorithm;
  const encryption = request.headers['x-oss-server-side-encryption'] ?? defaultEncryption;
  const metadata = metadataFromOssHeaders(encryption === undefined ? request.headers : { ...request.headers, 'x-oss-server-side-encryption': encryption });
  const forbid = forbidOverwrite(request.headers);
  verifyContentMd5(request.headers, request.body);
  try {
    const conditional = forbid && !(await bucketIsVersioned(context, bucket));
    const headers = request.headers;
    const output = await context.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: request.key,
        Body: request.body,
        ContentLength: request.body.length,
        ContentType: headers['content-type'] || 'application/octet-stream',
        CacheControl: headers['cache-control'],
        ContentDisposition: headers['content-disposition'],
        ContentEncoding: headers['content-encoding'],
        ContentLanguage: headers['content-language'],
        Metadata: metadata,
        IfNoneMatch: conditional ? '*' : undefined,
      }),
    );
    const responseHeaders: Record<string, string> = {
      etag: ossETag(output.ETag) ?? '',
      'content-md5': createHash('md5').update(request.body).digest('base64'),
    };
    if (output.VersionId !== undefined) responseHeaders['x-oss-version-id'] = output.VersionId;
    if (encryption !== undefined) responseHeaders['x-oss-server-side-encryption'] = encryption;
    return { status: 200, headers: responseHeaders };
  } catch (error) {
    if (forbid && error instanceof S3ServiceException && error.$metadata.httpStatusCode === 412) {
      throw new OssError(409, 'FileAlreadyExists', 'The object you specified already exists and can not be overwritten.', { Key: request.key }, '0026-00000201');
    }
    throw translateS3Error(error, { bucket, key: request.key });
  }
}

function conditionalHeaders(request: OssRequest): {
  IfMatch?: string;
  IfNoneMatch?: string;
  IfModifiedSince?: Date;
  IfUnmodifiedSince?: Date;
} {
  const headers = request.headers;
  const date = (value: string | undefined): Date | undefined => {
    if (value === undefined) return undefined;
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? undefined : parsed;
  };
  const conditions: ReturnType<typeof conditionalHeaders> = {};
  const ifMatch = s3ETag(headers['if-match']);
  const ifNoneMatch = s3ETag(headers['if-none-match']);
  const ifModifiedSince = date(headers['if-modified-since']);
  const ifUnmodifiedSince = date(headers['if-unmodified-since']);
  if (ifMatch !== undefined) conditions.IfMatch = ifMatch;
  if (ifNoneMatch !== undefined) conditions.IfNoneMatch = ifNoneMatch;
  if (ifModifiedSince !== undefined) conditions.IfModifiedSince = ifModifiedSince;
  if (ifUnmodifiedSince !== undefined) conditions.IfUnmodifiedSince = ifUnmodifiedSince;
  return conditions;
}

/** GetObject, with Range, conditional headers, versionId and the response-* overrides. */
export async function getObject(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  const bucket = requireBucket(request);
  const versionId = versionIdOf(request);
  try {
    const output = await context.s3.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: request.key,
        VersionId: versionId,
        Range: request.headers.range,
        ResponseContentType: queryValue(request, 'response-content-type'),
        ResponseContentDisposition: queryValue(request, 'response-content-disposition'),
        ResponseContentEncoding: queryValue(request, 'response-content-encoding'),
        ResponseContentLanguage: queryValue(request, 'response-content-language'),
        ResponseCacheControl: queryValue(request, 'response-cache-control'),
        ...conditionalHeaders(request),
      }),
    );
    const body = Buffer.from((await output.Body?.transformToByteArray()) ?? new Uint8Array());
    const headers = ossObjectHeaders(output);
    headers['content-length'] = String(body.length);
    return { status: output.ContentRange === undefined ? 200 : 206, headers, body };
  } catch (error) {
    if (isNotModified(error)) return { status: 304, headers: {} };
    throw translateS3Error(error, { bucket, key: request.key, versionId });
  }
}

/** HeadObject: GetObject's headers without the body. OSS answers HEAD errors with no body. */
export async function headObject(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  const bucket = requireBucket(request);
  const versionId = versionIdOf(request);
  try {
    const output = await context.s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: request.key, VersionId: versionId, ...conditionalHeaders(request) }),
    );
    return { status: 200, headers: ossObjectHeaders(output) };
  } catch (error) {
    if (isNotModified(error)) return { status: 304, headers: {} };
    throw await translateHeadError(context, error, bucket, request.key, versionId);
  }
}

/** GetObjectMeta (`HEAD ?objectMeta`): only ETag, size, Last-Modified and version, which Terraform uses as "exists". */
export async function getObjectMeta(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  const bucket = requireBucket(request);
  const versionId = versionIdOf(request);
  try {
    const output = await context.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: request.key, VersionId: versionId }));
    const headers: Record<string, string> = {
      'content-length': String(output.ContentLength ?? 0),
      etag: ossETag(output.ETag) ?? '',
      'last-modified': output.LastModified?.toUTCString() ?? '',
    };
    if (output.VersionId !== undefined) headers['x-oss-version-id'] = output.VersionId;
    return { status: 200, headers };
  } catch (error) {
    throw await translateHeadError(context, error, bucket, request.key, versionId);
  }
}

/** A body-less 404 from radosgw says nothing about which is missing; OSS distinguishes bucket from key. */
async function translateHeadError(context: OperationContext, error: unknown, bucket: string, key: string, versionId?: string): Promise<OssError> {
  if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) {
    try {
      await context.s3.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch {
      return noSuchBucket(bucket);
    }
  }
  return translateS3Error(error, { bucket, key, versionId });
}

/**
 * DeleteObject. OSS answers 204 whether or not the key exists; on versioned buckets a delete without versionId
 * creates a delete marker (`x-oss-delete-marker: true`, `x-oss-version-id` of the marker).
 */
export async function deleteObject(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  const bucket = requireBucket(request);
  const versionId = versionIdOf(request);
  try {
    const output = await context.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: request.key, VersionId: versionId }));
    const headers: Record<string, string> = {};
    if (output.DeleteMarker === true) headers['x-oss-delete-marker'] = 'true';
    if (output.VersionId !== undefined) headers['x-oss-version-id'] = output.VersionId;
    return { status: 204, headers };
  } catch (error) {
    throw translateS3Error(error, { bucket, key: request.key, versionId });
  }
}
