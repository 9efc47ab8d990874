import { GetBucketPolicyCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { bootstrapStep, changeOutcome, type BootstrapStep } from '@x/backend-core';
import { errorName, toBackendError } from '../s3-errors.js';
import { privateWriteAccepted } from './private-write-check.js';
import { mergeSecureTransport } from './secure-transport-statement.js';
import { describeAnswer, isNotImplemented } from './server-support.js';
import type { BucketStepContext } from './step-context.js';

const NAME = 'secure-transport-policy';

async function readPolicy(context: BucketStepContext): Promise<string | undefined> {
  try {
    return (await context.s3.send(new GetBucketPolicyCommand({ Bucket: context.bucket }))).Policy;
  } catch (error) {
    if (errorName(error) === 'NoSuchBucketPolicy') return undefined;
    throw error;
  }
}

/**
 * Over a plain-HTTP endpoint the policy must refuse this very client: a write that still
 * succeeds shows a store that keeps the policy but ignores `aws:SecureTransport` (radosgw 16).
 * Over HTTPS the client is allowed either way, so there is nothing to observe; a dry run writes nothing.
 */
async function notEnforced(context: BucketStepContext): Promise<boolean> {
  return context.plainHttp && !context.dryRun && (await privateWriteAccepted(context));
}

function unenforced(bucket: string): BootstrapStep {
  return bootstrapStep(
    NAME,
    bucket,
    'unsupported-by-server',
    'the bucket policy denies requests without TLS, but the server does not enforce aws:SecureTransport: a write over plain HTTP still succeeded',
  );
}

/**
 * Adds a statement denying `s3:*` when `aws:SecureTransport` is false, merged into the existing
 * bucket policy (see `mergeSecureTransport`); a policy that cannot be merged is reported as a
 * `conflict` and left untouched. Over plain HTTP the policy is checked to be enforced.
 */
export async function ensureSecureTransportPolicy(context: BucketStepContext): Promise<BootstrapStep> {
  const { bucket } = context;
  if (context.bucketMissing) return bootstrapStep(NAME, bucket, 'would-create', 'a bucket policy denying requests without TLS would be set');
  try {
    const existing = await readPolicy(context);
    const merge = mergeSecureTransport(existing, bucket, context.region);
    if (merge.kind === 'already') {
      if (await notEnforced(context)) return unenforced(bucket);
      return bootstrapStep(NAME, bucket, 'already', 'the bucket policy already denies requests without TLS');
    }
    if (merge.kind === 'conflict') {
      return bootstrapStep(NAME, bucket, 'conflict', `${merge.reason}; add a statement denying s3:* when aws:SecureTransport is false by hand`);
    }
    const existedBefore = existing !== undefined;
    const what = existedBefore ? 'a statement denying requests without TLS to the existing bucket policy' : 'a bucket policy denying requests without TLS';
    const verb = existedBefore ? 'add' : 'set';
    if (context.dryRun) return bootstrapStep(NAME, bucket, changeOutcome(true, existedBefore), `would ${verb} ${what}`);
    await context.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: merge.policy }));
    if (mergeSecureTransport(await readPolicy(context), bucket, context.region).kind !== 'already') {
      return bootstrapStep(NAME, bucket, 'unsupported-by-server', 'the server accepted PutBucketPolicy but does not return the statement afterwards');
    }
    if (await notEnforced(context)) return unenforced(bucket);
    return bootstrapStep(NAME, bucket, changeOutcome(false, existedBefore), `${existedBefore ? 'added' : 'set'} ${what}`);
  } catch (error) {
    if (isNotImplemented(error)) {
      return bootstrapStep(NAME, bucket, 'unsupported-by-server', `the server does not implement bucket policies (it answered ${describeAnswer(error)})`);
    }
    throw toBackendError(error, { action: 'set the bucket policy', bucket });
  }
}
