import { GetBucketVersioningCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { bootstrapStep, enableVersioningStep, type BootstrapStep } from '@x/backend-core';
import { toBackendError } from '../s3-errors.js';
import { describeAnswer, isNotImplemented } from './server-support.js';
import type { BucketStepContext } from './step-context.js';

const NAME = 'versioning';

async function versioningStatus(context: BucketStepContext): Promise<string | undefined> {
  const output = await context.s3.send(new GetBucketVersioningCommand({ Bucket: context.bucket }));
  return output.Status;
}

/**
 * Turns versioning on (Terraform's advice for state buckets: every write keeps the previous
 * state). A bucket that never had versioning reports `created`, a suspended one `changed`.
 * The setting is read back after the change: a store that accepts it without applying it is
 * `unsupported-by-server`.
 */
export async function ensureVersioning(context: BucketStepContext): Promise<BootstrapStep> {
  const { bucket } = context;
  if (context.bucketMissing) return bootstrapStep(NAME, bucket, 'would-create', 'versioning would be enabled on the new bucket');
  try {
    return await enableVersioningStep(bucket, context.dryRun, await versioningStatus(context), {
      status: () => versioningStatus(context),
      enable: async () => {
        await context.s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
      },
    });
  } catch (error) {
    if (isNotImplemented(error)) {
      return bootstrapStep(NAME, bucket, 'unsupported-by-server', `the server does not implement bucket versioning (it answered ${describeAnswer(error)})`);
    }
    throw toBackendError(error, { action: 'enable versioning', bucket });
  }
}
