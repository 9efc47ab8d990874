import { bootstrapStep, changeOutcome, type BootstrapStep } from '@x/backend-core';
import { ossCodeOf, ossError } from '../storage/sdk-errors.js';
import { describeAnswer, isNotImplemented } from './bucket-admin-client.js';
import type { BucketStepContext } from './bucket-step-context.js';

const NAME = 'encryption';

interface EncryptionRule {
  SSEAlgorithm: string;
  KMSMasterKeyID?: string;
}

async function readRule(context: BucketStepContext): Promise<EncryptionRule | undefined> {
  try {
    const rule = (await context.client.getBucketEncryption(context.bucket)).encryption;
    if (rule?.SSEAlgorithm === undefined || rule.SSEAlgorithm === '') return undefined;
    return { SSEAlgorithm: rule.SSEAlgorithm, ...(rule.KMSMasterKeyID ? { KMSMasterKeyID: rule.KMSMasterKeyID } : {}) };
  } catch (error) {
    if (ossCodeOf(error) === 'NoSuchServerSideEncryptionRule') return undefined;
    throw error;
  }
}

/** Without a key any default encryption will do; with one it must be KMS with that key. */
function satisfies(rule: EncryptionRule | undefined, kmsKeyId: string | undefined): boolean {
  if (rule === undefined) return false;
  if (kmsKeyId === undefined) return true;
  return rule.SSEAlgorithm === 'KMS' && rule.KMSMasterKeyID === kmsKeyId;
}

function describeRule(rule: EncryptionRule): string {
  return rule.KMSMasterKeyID === undefined ? rule.SSEAlgorithm : `${rule.SSEAlgorithm} with key ${rule.KMSMasterKeyID}`;
}

/**
 * Default server-side encryption: KMS with `kmsKeyId` when given, else AES256. Without a key,
 * any existing default (AES256, KMS, SM4) is kept as `already`. Read back after the change.
 */
export async function ensureEncryption(context: BucketStepContext, kmsKeyId: string | undefined): Promise<BootstrapStep> {
  const { bucket } = context;
  const wanted: EncryptionRule = kmsKeyId === undefined ? { SSEAlgorithm: 'AES256' } : { SSEAlgorithm: 'KMS', KMSMasterKeyID: kmsKeyId };
  if (context.bucketMissing) return bootstrapStep(NAME, bucket, 'would-create', `default encryption ${describeRule(wanted)} would be set`);
  try {
    const rule = await readRule(context);
    if (satisfies(rule, kmsKeyId)) return bootstrapStep(NAME, bucket, 'already', `default encryption is ${describeRule(rule as EncryptionRule)}`);
    const before = rule === undefined ? 'no default encryption' : `default encryption is ${describeRule(rule)}`;
    const outcome = changeOutcome(context.dryRun, rule !== undefined && !context.bucketCreated);
    if (context.dryRun) return bootstrapStep(NAME, bucket, outcome, `${before}; ${describeRule(wanted)} would be set`);
    await context.client.putBucketEncryption(bucket, wanted);
    if (!satisfies(await readRule(context), kmsKeyId)) {
      return bootstrapStep(NAME, bucket, 'unsupported-by-server', `the server accepted PutBucketEncryption but does not report ${describeRule(wanted)} afterwards`);
    }
    return bootstrapStep(NAME, bucket, outcome, `${before}; set ${describeRule(wanted)}`);
  } catch (error) {
    if (isNotImplemented(error)) {
      return bootstrapStep(NAME, bucket, 'unsupported-by-server', `the server does not implement bucket encryption (it answered ${describeAnswer(error)})`);
    }
    throw ossError(error, `set default encryption on bucket "${bucket}"`, bucket);
  }
}
