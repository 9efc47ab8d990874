import { DeleteObjectsCommand } from '@aws-sdk/client-s3';
import { OssError, invalidArgument } from '../oss-error.js';
import type { OssRequest } from '../oss-request.js';
import { xmlResponse, type OssResponse } from '../oss-response.js';
import { verifyContentMd5 } from '../object-headers.js';
import type { OperationContext } from '../operation-context.js';
import { translateS3Error } from '../s3-error-translation.js';
import { asArray, parseXml, renderXml } from '../xml.js';
import { nameEncoderOf } from './list-parameters.js';

/** OSS deletes at most 1000 objects per request. */
const LARGEST_BATCH = 1000;

function malformedXml(): OssError {
  return new OssError(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
}

interface RequestedObject {
  Key?: unknown;
  VersionId?: unknown;
}

/**
 * DeleteMultipleObjects (`POST /?delete`). OSS requires Content-MD5 on this request. In quiet mode the answer lists
 * nothing; otherwise every key is reported deleted, including keys that did not exist.
 */
export async function deleteMultipleObjects(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  if (request.bucket === undefined) throw invalidArgument('The request names no bucket.');
  if (request.headers['content-md5'] === undefined) {
    throw new OssError(400, 'InvalidDigest', 'DeleteMultipleObjects requires a Content-MD5 header.');
  }
  verifyContentMd5(request.headers, request.body);
  const { encodingType, encode } = nameEncoderOf(request);
  let document: Record<string, unknown>;
  try {
    document = parseXml(request.body.toString('utf8'));
  } catch {
    throw malformedXml();
  }
  const deleteElement = document.Delete as { Quiet?: unknown; Object?: RequestedObject | RequestedObject[] } | undefined;
  if (deleteElement === undefined || typeof deleteElement !== 'object') throw malformedXml();
  const objects = asArray(deleteElement.Object).map((object) => {
    if (typeof object.Key !== 'string' || object.Key === '') throw malformedXml();
    return { Key: object.Key, VersionId: typeof object.VersionId === 'string' && object.VersionId !== '' ? object.VersionId : undefined };
  });
  if (objects.length === 0 || objects.length > LARGEST_BATCH) throw malformedXml();
  const quiet = String(deleteElement.Quiet ?? 'false').trim().toLowerCase() === 'true';
  try {
    const output = await context.s3.send(new DeleteObjectsCommand({ Bucket: request.bucket, Delete: { Objects: objects, Quiet: false } }));
    const firstError = output.Errors?.[0];
    if (firstError !== undefined) {
      throw new OssError(500, firstError.Code ?? 'InternalError', firstError.Message ?? 'Deleting an object failed.', { Key: firstError.Key ?? '' });
    }
    return xmlResponse(200, renderXml('DeleteResult', {
      EncodingType: encodingType,
      Deleted: quiet
        ? []
        : (output.Deleted ?? []).map((deleted) => ({
            Key: encode(deleted.Key ?? ''),
            VersionId: deleted.VersionId,
            DeleteMarker: deleted.DeleteMarker === true ? true : undefined,
            DeleteMarkerVersionId: deleted.DeleteMarkerVersionId,
          })),
    }));
  } catch (error) {
    throw translateS3Error(error, { bucket: request.bucket });
  }
}
