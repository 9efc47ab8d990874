import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutBucketVersioningCommand,
} from '@aws-sdk/client-s3';
import { OssError, bucketAlreadyExists, invalidArgument, noSuchBucket } from '../oss-error.js';
import { queryValue, type OssRequest } from '../oss-request.js';
import { isoTime, xmlResponse, type OssResponse } from '../oss-response.js';
import { validateAcl } from '../object-headers.js';
import type { OperationContext } from '../operation-context.js';
import { translateS3Error } from '../s3-error-translation.js';
import { parseXml, renderXml } from '../xml.js';
import { applyBucketAcl, bucketAcl, BUCKET_ACLS } from './bucket-acl.js';


/** OSS bucket names: 3 to 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit. */
function validateBucketName(bucket: string): void {
  if (!/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new OssError(400, 'InvalidBucketName', 'The specified bucket is not valid.', { BucketName: bucket });
  }
}

function requireBucket(request: OssRequest): string {
  if (request.bucket === undefined) throw invalidArgument('The request names no bucket.');
  return request.bucket;
}

function endpointHosts(context: OperationContext): { extranet: string; intranet: string; location: string } {
  return {
    extranet: `oss-${context.region}.aliyuncs.com`,
    intranet: `oss-${context.region}-internal.aliyuncs.com`,
    location: `oss-${context.region}`,
  };
}

async function bucketExists(context: OperationContext, bucket: string): Promise<boolean> {
  try {
    await context.s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch {
    return false;
  }
}

/**
 * PutBucket (`PUT /<bucket>/`): validates the name and x-oss-acl, and applies the ACL. An existing bucket is 409 BucketAlreadyExists,
 * also for its owner (radosgw would answer 200 to its own user).
 */
export async function putBucket(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  const bucket = requireBucket(request);
  validateBucketName(bucket);
  validateAcl(request.headers['x-oss-acl'], BUCKET_ACLS, 'x-oss-acl');
  try {
    if (await bucketExists(context, bucket)) throw bucketAlreadyExists(bucket);
    await context.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const acl = request.headers['x-oss-acl'];
    if (acl !== undefined && acl !== 'private') await applyBucketAcl(context, bucket, acl);
    return { status: 200, headers: { location: `/${bucket}` } };
  } catch (error) {
    throw translateS3Error(error, { bucket });
  }
}

/** DeleteBucket: 204; 409 BucketNotEmpty while objects remain. */
export async function deleteBucket(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  const bucket = requireBucket(request);
  try {
    await context.s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    context.bucketEncryption.delete(bucket);
    return { status: 204, headers: {} };
  } catch (error) {
    throw translateS3Error(error, { bucket });
  }
}

async function versioningStatus(context: OperationContext, bucket: string): Promise<string | undefined> {
  const output = await context.s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
  return output.Status;
}

/** GetBucketVersioning (`GET /?versioning`): `<Status>` is absent until versioning was first turned on. */
export async function getBucketVersioning(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  const bucket = requireBucket(request);
  try {
    await context.s3.send(new HeadBucketCommand({ Bucket: bucket }));
    const status = await versioningStatus(context, bucket);
    return xmlResponse(200, renderXml('VersioningConfiguration', { Status: status }));
  } catch (error) {
    throw translateS3Error(error, { bucket });
  }
}

/** PutBucketVersioning (`PUT /?versioning`) with `<VersioningConfiguration><Status>Enabled|Suspended`. */
export async function putBucketVersioning(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  const bucket = requireBucket(request);
  let status: unknown;
  try {
    status = (parseXml(request.body.toString('utf8')).VersioningConfiguration as { Status?: unknown } | undefined)?.Status;
  } catch {
    status = undefined;
  }
  if (status !== 'Enabled' && status !== 'Suspended') {
    throw new OssError(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
  }
  try {
    await context.s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: status } }));
    return { status: 200, headers: {} };
  } catch (error) {
    throw translateS3Error(error, { bucket });
  }
}

async function creationDate(context: OperationContext, bucket: string): Promise<Date | undefined> {
  const output = await context.s3.send(new ListBucketsCommand({}));
  return output.Buckets?.find((candidate) => candidate.Name === bucket)?.CreationDate;
}

/** GetBucketInfo (`GET /?bucketInfo`): versioning, the canned ACL and the default encryption as they are now. */
export async function getBucketInfo(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  const bucket = requireBucket(request);
  try {
    await context.s3.send(new HeadBucketCommand({ Bucket: bucket }));
    const [status, created, owner, acl] = await Promise.all([
      versioningStatus(context, bucket),
      creationDate(context, bucket),
      context.owner(),
      bucketAcl(context, bucket),
    ]);
    const encryption = context.bucketEncryption.get(bucket);
    const hosts = endpointHosts(context);
    return xmlResponse(200, renderXml('BucketInfo', {
      Bucket: {
        AccessMonitor: 'Disabled',
        CreationDate: isoTime(created),
        ExtranetEndpoint: hosts.extranet,
        IntranetEndpoint: hosts.intranet,
        Location: hosts.location,
        StorageClass: 'Standard',
        TransferAcceleration: 'Disabled',
        CrossRegionReplication: 'Disabled',
        Name: bucket,
        Owner: { DisplayName: owner.DisplayName, ID: owner.ID },
        AccessControlList: { Grant: acl },
        Comment: '',
        Versioning: status,
        ServerSideEncryptionRule: {
          SSEAlgorithm: encryption?.SSEAlgorithm ?? 'None',
          KMSMasterKeyID: encryption?.KMSMasterKeyID,
          KMSDataEncryption: encryption?.KMSDataEncryption,
        },
        BucketPolicy: { LogBucket: '', LogPrefix: '' },
      },
    }));
  } catch (error) {
    if (error instanceof OssError) throw error;
    throw translateS3Error(error, { bucket });
  }
}

/** GetBucketLocation (`GET /?location`). */
export async function getBucketLocation(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  const bucket = requireBucket(request);
  try {
    await context.s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    throw noSuchBucket(bucket);
  }
  return xmlResponse(200, renderXml('LocationConstraint', endpointHosts(context).location));
}

/** ListBuckets (`GET /` on the service): prefix, marker and max-keys filter the radosgw user's buckets. */
export async function listBuckets(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  const prefix = queryValue(request, 'prefix') ?? '';
  const marker = queryValue(request, 'marker') ?? '';
  const maxKeysValue = queryValue(request, 'max-keys');
  const maxKeys = maxKeysValue === undefined || maxKeysValue === '' ? 1000 : Number(maxKeysValue);
  if (!Number.isInteger(maxKeys) || maxKeys < 1 || maxKeys > 1000) throw invalidArgument('max-keys must be an integer from 1 to 1000.', 'max-keys', maxKeysValue);
  try {
    const output = await context.s3.send(new ListBucketsCommand({}));
    const owner = await context.owner();
    const matching = (output.Buckets ?? [])
      .filter((bucket) => (bucket.Name ?? '').startsWith(prefix) && (bucket.Name ?? '') > marker)
      .sort((left, right) => ((left.Name ?? '') < (right.Name ?? '') ? -1 : 1));
    const page = matching.slice(0, maxKeys);
    const truncated = matching.length > page.length;
    const hosts = endpointHosts(context);
    return xmlResponse(200, renderXml('ListAllMyBucketsResult', {
      Prefix: prefix === '' ? undefined : prefix,
      Marker: marker === '' ? undefined : marker,
      MaxKeys: maxKeysValue === undefined ? undefined : maxKeys,
      IsTruncated: maxKeysValue === undefined ? undefined : truncated,
      NextMarker: truncated ? page.at(-1)?.Name : undefined,
      Owner: { ID: owner.ID, DisplayName: owner.DisplayName },
      Buckets: {
        Bucket: page.map((bucket) => ({
          CreationDate: isoTime(bucket.CreationDate),
          ExtranetEndpoint: hosts.extranet,
          IntranetEndpoint: hosts.intranet,
          Location: hosts.location,
          Name: bucket.Name ?? '',
          Region: context.region,
          StorageClass: 'Standard',
        })),
      },
    }));
  } catch (error) {
    throw translateS3Error(error, {});
  }
}
