import {
  GetBucketEncryptionCommand,
  PutBucketEncryptionCommand,
  type ServerSideEncryptionByDefault,
} from '@aws-sdk/client-s3';
import { bootstrapStep, changeOutcome, type BootstrapStep } from '@x/backend-core';
import { errorName, httpStatus, toBackendError } from '../s3-errors.js';
import { describeAnswer, isNotImplemented } from './server-support.js';
import type { BucketStepContext } from './step-context.js';

const NAME = 'encryption';

/** What GetBucketEncryption said. */
interface EncryptionReading {
  /** The default-encryption rules in force; empty when there are none. */
  defaults: ServerSideEncryptionByDefault[];
  /**
   * The store answered 200 without any rule. AWS answers `ServerSideEncryptionConfigurationNotFoundError`
   * instead, so this is a store that does not keep bucket encryption the AWS way (radosgw 16).
   */
  emptyAnswer: boolean;
}

async function readEncryption(context: BucketStepContext): Promise<EncryptionReading> {
  try {
    const output = await context.s3.send(new GetBucketEncryptionCommand({ Bucket: context.bucket }));
    const rules = output.ServerSideEncryptionConfiguration?.Rules ?? [];
    const defaults = rules.flatMap((rule) => (rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ? [rule.ApplyServerSideEncryptionByDefault] : []));
    return { defaults, emptyAnswer: rules.length === 0 };
  } catch (error) {
    if (errorName(error) === 'ServerSideEncryptionConfigurationNotFoundError') return { defaults: [], emptyAnswer: false };
    throw error;
  }
}

/** KMS key ids may be configured as an id, an alias or an ARN; the bucket may report another of these forms. */
function sameKmsKey(configured: string, reported: string | undefined): boolean {
  if (reported === undefined) return false;
  return reported === configured || reported.endsWith(`/${configured}`) || configured.endsWith(`/${reported}`);
}

/** True when the bucket's default encryption is what the backend asks for. */
function satisfies(defaults: ServerSideEncryptionByDefault[], kmsKeyId: string | undefined): boolean {
  if (kmsKeyId === undefined) return defaults.length > 0;
  return defaults.some((rule) => rule.SSEAlgorithm?.startsWith('aws:kms') === true && sameKmsKey(kmsKeyId, rule.KMSMasterKeyID));
}

function describeDefaults(defaults: ServerSideEncryptionByDefault[]): string {
  return defaults.map((rule) => (rule.KMSMasterKeyID ? `${rule.SSEAlgorithm} with key ${rule.KMSMasterKeyID}` : `${rule.SSEAlgorithm}`)).join(', ');
}

/**
 * Default encryption: SSE-KMS with `kms_key_id` when configured, else SSE-S3 (`AES256`). When no
 * key is configured, any existing default encryption is kept (`already`); with a key, another
 * default is replaced (`changed`). Read back afterwards. A store that answers without a rule
 * and refuses the change (radosgw 16 answers `InvalidArgument`), or that does not implement the
 * API, is `unsupported-by-server`; on AWS a refusal (a bad key, missing KMS permission) is an
 * error.
 */
export async function ensureEncryption(context: BucketStepContext, kmsKeyId: string | undefined): Promise<BootstrapStep> {
  const { bucket } = context;
  const wanted: ServerSideEncryptionByDefault = kmsKeyId === undefined ? { SSEAlgorithm: 'AES256' } : { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: kmsKeyId };
  const wantedText = describeDefaults([wanted]);
  if (context.bucketMissing) return bootstrapStep(NAME, bucket, 'would-create', `default encryption ${wantedText} would be set`);
  let reading: EncryptionReading;
  try {
    reading = await readEncryption(context);
  } catch (error) {
    if (isNotImplemented(error)) {
      return bootstrapStep(NAME, bucket, 'unsupported-by-server', `the server does not implement bucket encryption (GetBucketEncryption answered ${describeAnswer(error)})`);
    }
    throw toBackendError(error, { action: 'read the default encryption', bucket });
  }
  if (satisfies(reading.defaults, kmsKeyId)) return bootstrapStep(NAME, bucket, 'already', `default encryption is ${describeDefaults(reading.defaults)}`);
  const existedBefore = reading.defaults.length > 0;
  const before = existedBefore ? `default encryption is ${describeDefaults(reading.defaults)}` : 'no default encryption';
  if (context.dryRun) {
    const caveat = reading.emptyAnswer ? ' (the server answered without any rule, which AWS never does: it may not support bucket encryption)' : '';
    return bootstrapStep(NAME, bucket, changeOutcome(true, existedBefore), `${before}; ${wantedText} would be set${caveat}`);
  }
  try {
    await context.s3.send(new PutBucketEncryptionCommand({ Bucket: bucket, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: wanted }] } }));
  } catch (error) {
    if (isNotImplemented(error) || (reading.emptyAnswer && httpStatus(error) === 400)) {
      return bootstrapStep(
        NAME,
        bucket,
        'unsupported-by-server',
        `could not set default encryption ${wantedText}: the server does not support it (it answered GetBucketEncryption without any rule and PutBucketEncryption with ${describeAnswer(error)}); objects are encrypted only if "encrypt" is set`,
      );
    }
    throw toBackendError(error, { action: `set default encryption ${wantedText}`, bucket });
  }
  const after = await readEncryption(context).catch(() => ({ defaults: [], emptyAnswer: true }));
  if (!satisfies(after.defaults, kmsKeyId)) {
    return bootstrapStep(NAME, bucket, 'unsupported-by-server', `the server accepted PutBucketEncryption but does not report ${wantedText} afterwards`);
  }
  return bootstrapStep(NAME, bucket, changeOutcome(false, existedBefore), `${before}; set ${wantedText}`);
}
