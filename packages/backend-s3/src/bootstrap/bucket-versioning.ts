import { GetBucketVersioningCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { bootstrapStep, changeOutcome, type BootstrapStep } from '@x/backend-core';
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
    const status = await versioningStatus(context);
    if (status === 'Enabled') return bootstrapStep(NAME, bucket, 'already', 'versioning is enabled');
    const wasSuspended = status === 'Suspended';
    const outcome = changeOutcome(context.dryRun, wasSuspended);
    if (context.dryRun) return bootstrapStep(NAME, bucket, outcome, `versioning is ${wasSuspended ? 'suspended' : 'off'}; it would be enabled`);
    await context.s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    if ((await versioningStatus(context)) !== 'Enabled') {
      return bootstrapStep(NAME, bucket, 'unsupported-by-server', 'the server accepted PutBucketVersioning but still reports versioning as not enabled');
    }
    return bootstrapStep(NAME, bucket, outcome, `versioning was ${wasSuspended ? 'suspended' : 'off'}; enabled it`);
  } catch (error) {
    if (isNotImplemented(error)) {
      return bootstrapStep(NAME, bucket, 'unsupported-by-server', `the server does not implement bucket versioning (it answered ${describeAnswer(error)})`);
    }
    throw toBackendError(error, { action: 'enable versioning', bucket });
  }
}
