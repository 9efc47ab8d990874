import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { invalidArgument } from '../oss-error.js';
import { queryValue, type OssRequest } from '../oss-request.js';
import { xmlResponse, type OssResponse } from '../oss-response.js';
import { aclFromMetadata } from '../object-headers.js';
import type { OperationContext } from '../operation-context.js';
import { translateS3Error } from '../s3-error-translation.js';
import { renderXml } from '../xml.js';

/** GetObjectACL (`GET /<key>?acl`): the ACL given at upload with x-oss-object-acl, or `default`. */
export async function getObjectAcl(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  if (request.bucket === undefined) throw invalidArgument('The request names no bucket.');
  const versionId = queryValue(request, 'versionId');
  try {
    const output = await context.s3.send(new HeadObjectCommand({ Bucket: request.bucket, Key: request.key, VersionId: versionId }));
    const owner = await context.owner();
    return xmlResponse(200, renderXml('AccessControlPolicy', {
      Owner: { ID: owner.ID, DisplayName: owner.DisplayName },
      AccessControlList: { Grant: aclFromMetadata(output.Metadata) },
    }));
  } catch (error) {
    throw translateS3Error(error, { bucket: request.bucket, key: request.key, versionId });
  }
}
