import { bootstrapStep, enableVersioningStep, type BootstrapStep } from '@x/backend-core';
import { ossError } from '../storage/sdk-errors.js';
import { describeAnswer, isNotImplemented } from './bucket-admin-client.js';
import type { BucketStepContext } from './bucket-step-context.js';

const NAME = 'versioning';

async function versioningStatus(context: BucketStepContext): Promise<'Enabled' | 'Suspended' | 'Off'> {
  const status = (await context.client.getBucketVersioning(context.bucket)).versionStatus;
  return status === 'Enabled' || status === 'Suspended' ? status : 'Off';
}

/**
 * Versioning on, so every write keeps the previous state, except with `use_lockfile`: OSS
 * ignores `x-oss-forbid-overwrite` on buckets that ever had versioning, so the lockfile would
 * not exclude anyone. There versioning is left off (`skipped`), and a bucket that already has
 * it (versioning can only be suspended, never removed) is a `conflict`.
 */
export async function ensureVersioning(context: BucketStepContext, useLockfile: boolean): Promise<BootstrapStep> {
  const { bucket } = context;
  const lockfileReason = 'use_lockfile needs a bucket that never had versioning (OSS ignores x-oss-forbid-overwrite on versioned buckets)';
  if (context.bucketMissing) {
    if (useLockfile) return bootstrapStep(NAME, bucket, 'skipped', `${lockfileReason}; it would stay off`);
    return bootstrapStep(NAME, bucket, 'would-create', 'versioning would be enabled on the new bucket');
  }
  try {
    const status = await versioningStatus(context);
    if (useLockfile) {
      if (status === 'Off') return bootstrapStep(NAME, bucket, 'skipped', `${lockfileReason}; it stays off`);
      return bootstrapStep(
        NAME,
        bucket,
        'conflict',
        `versioning is ${status}, and ${lockfileReason}; versioning cannot be removed: use TableStore locking (tablestore_table) or another bucket`,
      );
    }
    return await enableVersioningStep(bucket, context.dryRun, status, {
      status: () => versioningStatus(context),
      enable: async () => {
        await context.client.putBucketVersioning(bucket, 'Enabled');
      },
    });
  } catch (error) {
    if (isNotImplemented(error)) {
      return bootstrapStep(NAME, bucket, 'unsupported-by-server', `the server does not implement bucket versioning (it answered ${describeAnswer(error)})`);
    }
    throw ossError(error, `enable versioning on bucket "${bucket}"`, bucket);
  }
}
