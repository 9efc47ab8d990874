import {
  DeletePublicAccessBlockCommand,
  GetPublicAccessBlockCommand,
  PutPublicAccessBlockCommand,
  type PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';
import { bootstrapStep, changeOutcome, type BootstrapStep } from '@x/backend-core';
import { errorName, toBackendError } from '../s3-errors.js';
import { privateWriteAccepted } from './private-write-check.js';
import { describeAnswer, isNotImplemented } from './server-support.js';
import type { BucketStepContext } from './step-context.js';

const NAME = 'public-access-block';
const SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
type Setting = (typeof SETTINGS)[number];
const ALL_ON: PublicAccessBlockConfiguration = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** The bucket's block, or undefined when it has none (`NoSuchPublicAccessBlockConfiguration`). */
async function readBlock(context: BucketStepContext): Promise<PublicAccessBlockConfiguration | undefined> {
  try {
    const output = await context.s3.send(new GetPublicAccessBlockCommand({ Bucket: context.bucket }));
    return output.PublicAccessBlockConfiguration ?? {};
  } catch (error) {
    if (errorName(error) === 'NoSuchPublicAccessBlockConfiguration') return undefined;
    throw error;
  }
}

function settingsOff(block: PublicAccessBlockConfiguration | undefined): Setting[] {
  return SETTINGS.filter((setting) => block?.[setting] !== true);
}

async function writeBlock(context: BucketStepContext, block: PublicAccessBlockConfiguration | undefined): Promise<void> {
  if (block === undefined) await context.s3.send(new DeletePublicAccessBlockCommand({ Bucket: context.bucket }));
  else await context.s3.send(new PutPublicAccessBlockCommand({ Bucket: context.bucket, PublicAccessBlockConfiguration: block }));
}

/**
 * Turns all four public-access-block switches on. An existing block with some off is
 * `changed`, none at all `created`; the block is read back afterwards.
 *
 * A block MUST NOT break the backend: AWS only refuses requests that carry public ACLs, but
 * radosgw 16 refuses every PutObject while `BlockPublicAcls` is on. So when a private write
 * worked before the change and fails after it, the other three switches are kept,
 * `BlockPublicAcls` is put back as it was, and the step is `unsupported-by-server`; if writes
 * still fail, the whole previous block is restored. When private writes were refused before
 * the change already, the check cannot tell, and the detail says so.
 */
export async function ensurePublicAccessBlock(context: BucketStepContext): Promise<BootstrapStep> {
  const { bucket } = context;
  if (context.bucketMissing) return bootstrapStep(NAME, bucket, 'would-create', 'all four public access block settings would be turned on');
  try {
    const previous = await readBlock(context);
    const off = settingsOff(previous);
    if (off.length === 0) return bootstrapStep(NAME, bucket, 'already', 'all four public access block settings are on');
    // Stores without a configuration answer a block whose switches are all off, too.
    const existedBefore = previous !== undefined && off.length < SETTINGS.length;
    const outcome = changeOutcome(context.dryRun, existedBefore);
    if (context.dryRun) return bootstrapStep(NAME, bucket, outcome, `${off.join(', ')} would be turned on`);
    const writableBefore = await privateWriteAccepted(context);
    await writeBlock(context, ALL_ON);
    const stillOff = settingsOff(await readBlock(context));
    if (stillOff.length > 0) {
      return bootstrapStep(NAME, bucket, 'unsupported-by-server', `the server accepted PutPublicAccessBlock but still reports ${stillOff.join(', ')} off`);
    }
    if (!writableBefore) {
      return bootstrapStep(
        NAME,
        bucket,
        outcome,
        `turned on ${off.join(', ')}; private writes were refused before the change already (a policy, or permissions), so whether the server still accepts them could not be checked`,
      );
    }
    if (!(await privateWriteAccepted(context))) return fallBack(context, previous);
    return bootstrapStep(NAME, bucket, outcome, `turned on ${off.join(', ')}`);
  } catch (error) {
    if (isNotImplemented(error)) {
      return bootstrapStep(NAME, bucket, 'unsupported-by-server', `the server does not implement the public access block (it answered ${describeAnswer(error)})`);
    }
    throw toBackendError(error, { action: 'set the public access block', bucket });
  }
}

/** Private writes broke under the full block: keep what the server applies correctly. */
async function fallBack(context: BucketStepContext, previous: PublicAccessBlockConfiguration | undefined): Promise<BootstrapStep> {
  const { bucket } = context;
  const withoutBlockPublicAcls = { ...ALL_ON, BlockPublicAcls: previous?.BlockPublicAcls === true };
  await writeBlock(context, withoutBlockPublicAcls);
  const broken = 'the server refuses ordinary private writes while BlockPublicAcls is on (AWS only refuses public ACLs)';
  if (await privateWriteAccepted(context)) {
    return bootstrapStep(
      NAME,
      bucket,
      'unsupported-by-server',
      `${broken}, so it was left off; IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets are on`,
    );
  }
  await writeBlock(context, previous);
  return bootstrapStep(NAME, bucket, 'unsupported-by-server', `${broken}, and writes still failed without it; the previous public access block was restored`);
}
