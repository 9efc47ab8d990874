import { S3ServiceException } from '@aws-sdk/client-s3';
import { OssError, bucketAlreadyExists, noSuchBucket, noSuchKey, noSuchVersion } from './oss-error.js';

/** What the failed operation addressed, for the `<Key>`/`<BucketName>` elements of the OSS error. */
export interface ErrorTarget {
  bucket?: string | undefined;
  key?: string | undefined;
  versionId?: string | undefined;
}

/**
 * Turns an error from the radosgw S3 client into the error OSS answers in the same situation. S3 and OSS share most
 * codes; the differences are the body-less HEAD 404 (`NotFound`), "already owned" buckets and precondition codes.
 */
export function translateS3Error(error: unknown, target: ErrorTarget): OssError {
  if (error instanceof OssError) return error;
  if (!(error instanceof S3ServiceException)) {
    const message = error instanceof Error ? error.message : String(error);
    return new OssError(500, 'InternalError', `The OSS test server could not reach its S3 store: ${message}`);
  }
  const status = error.$metadata.httpStatusCode ?? 500;
  switch (error.name) {
    case 'NoSuchKey':
      return noSuchKey(target.key ?? '');
    case 'NoSuchBucket':
      return noSuchBucket(target.bucket ?? '');
    case 'NoSuchVersion':
      return noSuchVersion(target.key ?? '', target.versionId ?? '');
    case 'NotFound':
      return target.key ? noSuchKey(target.key) : noSuchBucket(target.bucket ?? '');
    case 'BucketAlreadyExists':
    case 'BucketAlreadyOwnedByYou':
      return bucketAlreadyExists(target.bucket ?? '');
    case 'BucketNotEmpty':
      return new OssError(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty.', { BucketName: target.bucket ?? '' });
    case 'PreconditionFailed':
      return new OssError(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold.');
    case 'InvalidRange':
      return new OssError(416, 'InvalidRange', 'The requested range cannot be satisfied.');
    case 'MethodNotAllowed':
      return new OssError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    case 'AccessDenied':
      return new OssError(403, 'AccessDenied', 'AccessDenied');
    default:
      return new OssError(status, error.name === 'Unknown' || error.name === '' ? 'InternalError' : error.name, error.message || 'The S3 store failed.');
  }
}

/** Whether an S3 client error is a 304 answer to a conditional GET/HEAD. */
export function isNotModified(error: unknown): boolean {
  return error instanceof S3ServiceException && error.$metadata.httpStatusCode === 304;
}
