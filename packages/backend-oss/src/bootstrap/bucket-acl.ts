import { bootstrapStep, changeOutcome, type BootstrapStep } from '@x/backend-core';
import { ossError } from '../storage/sdk-errors.js';
import { describeAnswer, isNotImplemented } from './bucket-admin-client.js';
import type { BucketStepContext } from './bucket-step-context.js';

const NAME = 'acl';

/**
 * The bucket ACL must be `private` (state files hold secrets). A public bucket is `changed`;
 * the ACL of a bucket created by this run (created private) is reported `created`. The
 * backend's `acl` argument is the ACL of the state objects, not of the bucket, and is not
 * touched.
 */
export async function ensurePrivateAcl(context: BucketStepContext): Promise<BootstrapStep> {
  const { bucket } = context;
  if (context.bucketMissing) return bootstrapStep(NAME, bucket, 'would-create', 'the new bucket would be private');
  try {
    const acl = (await context.client.getBucketACL(bucket)).acl;
    if (acl === 'private') {
      return bootstrapStep(NAME, bucket, context.bucketCreated ? 'created' : 'already', 'the bucket ACL is private');
    }
    const outcome = changeOutcome(context.dryRun, true);
    if (context.dryRun) return bootstrapStep(NAME, bucket, outcome, `the bucket ACL is ${acl}; it would be set to private`);
    await context.client.putBucketACL(bucket, 'private');
    const after = (await context.client.getBucketACL(bucket)).acl;
    if (after !== 'private') {
      return bootstrapStep(NAME, bucket, 'unsupported-by-server', `the server accepted PutBucketAcl private but still reports ${after}`);
    }
    return bootstrapStep(NAME, bucket, outcome, `the bucket ACL was ${acl}; set it to private`);
  } catch (error) {
    if (isNotImplemented(error)) {
      return bootstrapStep(NAME, bucket, 'unsupported-by-server', `the server does not implement bucket ACLs (it answered ${describeAnswer(error)})`);
    }
    throw ossError(error, `make bucket "${bucket}" private`, bucket);
  }
}
