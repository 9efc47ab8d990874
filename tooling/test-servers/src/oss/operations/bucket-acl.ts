import { GetBucketAclCommand, PutBucketAclCommand, type BucketCannedACL, type Grant } from '@aws-sdk/client-s3';
import { invalidArgument } from '../oss-error.js';
import type { OssRequest } from '../oss-request.js';
import { xmlResponse, type OssResponse } from '../oss-response.js';
import { validateAcl } from '../object-headers.js';
import type { OperationContext } from '../operation-context.js';
import { translateS3Error } from '../s3-error-translation.js';
import { renderXml } from '../xml.js';

/** The canned ACLs a bucket can have in OSS (objects also know `default`). */
export const BUCKET_ACLS: readonly string[] = ['private', 'public-read', 'public-read-write'];

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

function requireBucket(request: OssRequest): string {
  if (request.bucket === undefined) throw invalidArgument('The request names no bucket.');
  return request.bucket;
}

/** Reads radosgw's grants back as the OSS canned ACL: what everyone may do decides it. */
export function cannedAclOf(grants: readonly Grant[] | undefined): string {
  const everyone = new Set((grants ?? []).filter((grant) => grant.Grantee?.URI === ALL_USERS).map((grant) => grant.Permission));
  if (everyone.has('WRITE') || everyone.has('FULL_CONTROL')) return 'public-read-write';
  if (everyone.has('READ')) return 'public-read';
  return 'private';
}

/** The bucket's canned ACL, read from radosgw. */
export async function bucketAcl(context: OperationContext, bucket: string): Promise<string> {
  const output = await context.s3.send(new GetBucketAclCommand({ Bucket: bucket }));
  return cannedAclOf(output.Grants);
}

/** Applies an OSS canned ACL to a radosgw bucket (the S3 canned ACLs of the same names mean the same). */
export async function applyBucketAcl(context: OperationContext, bucket: string, acl: string): Promise<void> {
  await context.s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: acl as BucketCannedACL }));
}

/**
 * PutBucketAcl (`PUT /?acl` with `x-oss-acl`): `private`, `public-read` or `public-read-write`; a missing or
 * other value is 400 InvalidArgument.
 */
export async function putBucketAcl(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  const bucket = requireBucket(request);
  const acl = request.headers['x-oss-acl'];
  if (acl === undefined) throw invalidArgument('no such bucket access control exists', 'x-oss-acl', '');
  validateAcl(acl, BUCKET_ACLS, 'x-oss-acl');
  try {
    await applyBucketAcl(context, bucket, acl);
    return { status: 200, headers: {} };
  } catch (error) {
    throw translateS3Error(error, { bucket });
  }
}

/** GetBucketAcl (`GET /?acl`): `<AccessControlPolicy>` with the owner and the canned ACL as `<Grant>`. */
export async function getBucketAcl(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  const bucket = requireBucket(request);
  try {
    const [acl, owner] = await Promise.all([bucketAcl(context, bucket), context.owner()]);
    return xmlResponse(200, renderXml('AccessControlPolicy', {
      Owner: { ID: owner.ID, DisplayName: owner.DisplayName },
      AccessControlList: { Grant: acl },
    }));
  } catch (error) {
    throw translateS3Error(error, { bucket });
  }
}
