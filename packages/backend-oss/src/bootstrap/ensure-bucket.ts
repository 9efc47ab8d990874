import { BackendError, bootstrapStep, type BootstrapStep } from '@x/backend-core';
import { ossCodeOf, ossError } from '../storage/sdk-errors.js';
import type { BucketAdminClient } from './bucket-admin-client.js';

/** Whether the bucket is there (false only in a dry run), and the report step saying so. */
export interface BucketResult {
  step: BootstrapStep;
  exists: boolean;
  created: boolean;
}

async function bucketExists(client: BucketAdminClient, bucket: string): Promise<boolean> {
  try {
    await client.getBucketInfo(bucket);
    return true;
  } catch (error) {
    if (ossCodeOf(error) === 'NoSuchBucket') return false;
    throw ossError(error, `check whether bucket "${bucket}" exists`, bucket);
  }
}

/**
 * Creates the bucket, private, at the configured endpoint (OSS creates a bucket in the region
 * of the endpoint it is sent to), unless it exists. A name taken by another account is
 * `INVALID_CONFIG`: bucket names are global.
 */
export async function ensureBucket(client: BucketAdminClient, bucket: string, region: string, dryRun: boolean): Promise<BucketResult> {
  const where = region === '' ? 'at the configured endpoint' : `in ${region}`;
  if (await bucketExists(client, bucket)) {
    return { exists: true, created: false, step: bootstrapStep('bucket', bucket, 'already', `bucket "${bucket}" exists`) };
  }
  if (dryRun) {
    return { exists: false, created: false, step: bootstrapStep('bucket', bucket, 'would-create', `bucket "${bucket}" does not exist; it would be created ${where}`) };
  }
  try {
    await client.putBucket(bucket, { acl: 'private' });
  } catch (error) {
    if (ossCodeOf(error) === 'BucketAlreadyExists') {
      throw new BackendError('INVALID_CONFIG', `the bucket name "${bucket}" is taken by another account, or was just created elsewhere`, {
        cause: ossError(error, `create bucket "${bucket}"`, bucket).cause,
        hint: 'Bucket names are global; choose another "bucket".',
      });
    }
    throw ossError(error, `create bucket "${bucket}"`, bucket);
  }
  return { exists: true, created: true, step: bootstrapStep('bucket', bucket, 'created', `created bucket "${bucket}" ${where}`) };
}
