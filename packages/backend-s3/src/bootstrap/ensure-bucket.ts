import { CreateBucketCommand, HeadBucketCommand, type BucketLocationConstraint, type S3Client } from '@aws-sdk/client-s3';
import { BackendError, bootstrapStep, type BootstrapStep } from '@x/backend-core';
import { errorName, httpStatus, sdkCause, toBackendError } from '../s3-errors.js';

/** Whether the bucket is there, and the report step saying so. */
export interface BucketResult {
  step: BootstrapStep;
  /** False only in a dry run for a bucket that does not exist. */
  exists: boolean;
}

async function bucketExists(s3: S3Client, bucket: string): Promise<boolean> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (error) {
    if (httpStatus(error) === 404 || errorName(error) === 'NotFound' || errorName(error) === 'NoSuchBucket') return false;
    throw toBackendError(error, { action: 'check whether the bucket exists', bucket });
  }
}

/**
 * Creates the bucket unless it exists. Outside `us-east-1` the region goes into the
 * `LocationConstraint`, as S3 requires. A bucket that appeared meanwhile
 * (`BucketAlreadyOwnedByYou`) counts as `already`; one owned by another account is an error
 * (bucket names are global, so the configuration must name another bucket).
 */
export async function ensureBucket(s3: S3Client, bucket: string, region: string, dryRun: boolean): Promise<BucketResult> {
  if (await bucketExists(s3, bucket)) {
    return { exists: true, step: bootstrapStep('bucket', bucket, 'already', `bucket "${bucket}" exists`) };
  }
  if (dryRun) {
    return { exists: false, step: bootstrapStep('bucket', bucket, 'would-create', `bucket "${bucket}" does not exist; it would be created in ${region}`) };
  }
  try {
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    );
  } catch (error) {
    if (errorName(error) === 'BucketAlreadyOwnedByYou') {
      return { exists: true, step: bootstrapStep('bucket', bucket, 'already', `bucket "${bucket}" exists`) };
    }
    if (errorName(error) === 'BucketAlreadyExists') {
      throw new BackendError('INVALID_CONFIG', `the bucket name "${bucket}" is taken by another account`, {
        cause: sdkCause(error),
        hint: 'Bucket names are global; choose another "bucket".',
      });
    }
    throw toBackendError(error, { action: 'create the bucket', bucket });
  }
  return { exists: true, step: bootstrapStep('bucket', bucket, 'created', `created bucket "${bucket}" in ${region}`) };
}
