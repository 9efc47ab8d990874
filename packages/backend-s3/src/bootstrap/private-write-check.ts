import { randomBytes } from 'node:crypto';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { isAuthFailure } from '../s3-errors.js';
import type { BucketStepContext } from './step-context.js';

/**
 * Writes and removes a small private object next to the state key: `true` when the store
 * accepts it, `false` when it refuses with access denied (other failures throw). Used to catch
 * stores that misapply a setting so that ordinary writes fail (radosgw 16 refuses every
 * PutObject, even without an ACL, while `BlockPublicAcls` is on). On a versioned bucket the
 * exact version is deleted, so nothing is left behind.
 */
export async function privateWriteAccepted(context: BucketStepContext): Promise<boolean> {
  const key = `${context.stateKey}.bootstrap-check-${randomBytes(6).toString('hex')}`;
  let versionId: string | undefined;
  try {
    versionId = (await context.s3.send(new PutObjectCommand({ Bucket: context.bucket, Key: key, Body: 'bootstrap write check\n' }))).VersionId;
  } catch (error) {
    if (isAuthFailure(error)) return false;
    throw error;
  }
  await context.s3.send(new DeleteObjectCommand({ Bucket: context.bucket, Key: key, VersionId: versionId }));
  return true;
}
