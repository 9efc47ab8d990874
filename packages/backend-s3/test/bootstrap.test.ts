import { DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import {
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { bootstrapComplete, createStateBackend, type BootstrapReport } from '@x/backend-core';
import { describe, expect, it } from 'vitest';
import { bootstrapS3Backend, createProviderFromConfig, SECURE_TRANSPORT_SID } from '../src/index.js';
import { s3BackendArguments } from './support/backend-arguments.js';
import { clientsForFile, createBucket, createLockTable, uniqueName } from './support/test-stores.js';

const { s3, dynamodb } = clientsForFile();

const context = { workingDirectory: process.cwd(), env: {} };

/** Backend arguments for `bucket` on the test servers, the state under `bootstrap/`. */
function config(bucket: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return s3BackendArguments(bucket, 'bootstrap/terraform.tfstate', overrides);
}

function outcomes(report: BootstrapReport): Record<string, string> {
  return Object.fromEntries(report.steps.map((step) => [step.step, step.outcome]));
}

function detailOf(report: BootstrapReport, name: string): string {
  return report.steps.find((step) => step.step === name)?.detail ?? '';
}

async function bucketExists(bucket: string): Promise<boolean> {
  return s3.send(new HeadBucketCommand({ Bucket: bucket })).then(
    () => true,
    () => false,
  );
}

async function tableExists(table: string): Promise<boolean> {
  try {
    await dynamodb.send(new DescribeTableCommand({ TableName: table }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

async function policyOf(bucket: string): Promise<{ Statement: Array<Record<string, unknown>> }> {
  const output = await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }));
  return JSON.parse(output.Policy ?? '{}') as { Statement: Array<Record<string, unknown>> };
}

describe('bootstrapS3Backend on radosgw and dynalite', () => {
  it('a dry run on fresh names creates nothing and plans every step', async () => {
    const bucket = uniqueName('boot-dry');
    const table = uniqueName('boot-dry');
    const report = await bootstrapS3Backend(config(bucket, { dynamodb_table: table }), context, { dryRun: true });
    expect(report).toMatchObject({ backend: 's3', dryRun: true });
    expect(outcomes(report)).toEqual({
      bucket: 'would-create',
      versioning: 'would-create',
      encryption: 'would-create',
      'public-access-block': 'would-create',
      'secure-transport-policy': 'skipped',
      'lock-table': 'would-create',
    });
    expect(await bucketExists(bucket)).toBe(false);
    expect(await tableExists(table)).toBe(false);
  });

  it('creates bucket, settings and lock table; a second run changes nothing; the backend then works', async () => {
    const bucket = uniqueName('boot-fresh');
    const table = uniqueName('boot-fresh');
    const first = await bootstrapS3Backend(config(bucket, { dynamodb_table: table }), context);
    expect(outcomes(first)).toEqual({
      bucket: 'created',
      versioning: 'created',
      // radosgw 16 answers GetBucketEncryption without rules and refuses PutBucketEncryption.
      encryption: 'unsupported-by-server',
      // radosgw 16 refuses every PutObject while BlockPublicAcls is on: the other three stay on.
      'public-access-block': 'unsupported-by-server',
      'secure-transport-policy': 'skipped',
      'lock-table': 'created',
    });
    expect(detailOf(first, 'public-access-block')).toBe(
      'the server refuses ordinary private writes while BlockPublicAcls is on (AWS only refuses public ACLs), so it was left off; IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets are on',
    );
    expect(detailOf(first, 'encryption')).toMatch(/^could not set default encryption AES256: the server does not support it .*InvalidArgument \(HTTP 400\)/);
    expect(detailOf(first, 'secure-transport-policy')).toMatch(/plain HTTP/);
    expect(bootstrapComplete(first)).toBe(false);

    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Enabled');
    expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: false,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const described = (await dynamodb.send(new DescribeTableCommand({ TableName: table }))).Table;
    expect(described?.TableStatus).toBe('ACTIVE');
    expect(described?.KeySchema).toEqual([{ AttributeName: 'LockID', KeyType: 'HASH' }]);
    expect(described?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');

    const second = await bootstrapS3Backend(config(bucket, { dynamodb_table: table }), context);
    expect(outcomes(second)).toEqual({
      bucket: 'already',
      versioning: 'already',
      encryption: 'unsupported-by-server',
      'public-access-block': 'unsupported-by-server',
      'secure-transport-policy': 'skipped',
      'lock-table': 'already',
    });

    const provider = await createProviderFromConfig(config(bucket, { dynamodb_table: table }), context);
    const probe = await provider.probe?.();
    expect(probe?.checks.filter((check) => !check.ok && check.severity === 'error')).toEqual([]);
    expect(probe?.checks.find((check) => check.id === 'versioning')?.ok).toBe(true);
    const backend = createStateBackend(provider);
    const lockId = await backend.lock('default', { Operation: 'OperationTypeApply' });
    await backend.writeState('default', new TextEncoder().encode('{"version":4}\n'), { lockId });
    await backend.unlock('default', lockId);
    expect(new TextDecoder().decode((await backend.readState('default'))?.bytes)).toBe('{"version":4}\n');
    await backend.close();
  });

  it('with kms_key_id the encryption step asks for SSE-KMS with that key', async () => {
    const bucket = uniqueName('boot-kms');
    // kms_key_id must look like an AWS key id; radosgw's own test key names (testkey-1) do not.
    const keyId = 'alias/tfstate-bootstrap';
    const dry = await bootstrapS3Backend(config(bucket, { kms_key_id: keyId, encrypt: true }), context, { dryRun: true, requireSecureTransport: false });
    expect(detailOf(dry, 'encryption')).toContain(`aws:kms with key ${keyId}`);
    expect(dry.steps.find((step) => step.step === 'secure-transport-policy')).toMatchObject({ outcome: 'skipped', detail: expect.stringMatching(/^not asked for/) });
    const fromOption = await bootstrapS3Backend(config(bucket), context, { dryRun: true, kmsKeyId: 'alias/from-option' });
    expect(detailOf(fromOption, 'encryption')).toContain('aws:kms with key alias/from-option');
    const report = await bootstrapS3Backend(config(bucket, { kms_key_id: keyId, encrypt: true }), context);
    expect(outcomes(report).encryption).toBe('unsupported-by-server');
    expect(detailOf(report, 'encryption')).toContain(`aws:kms with key ${keyId}`);
  });

  it('completes a partly set up bucket, merging the TLS-only statement into its policy', async () => {
    const bucket = await createBucket(uniqueName('boot-part'), { versioned: true });
    const table = await createLockTable(uniqueName('boot-part'));
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Suspended' } }));
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false },
      }),
    );
    const keepDelete = { Sid: 'KeepBucket', Effect: 'Deny', Principal: '*', Action: 's3:DeleteBucket', Resource: `arn:aws:s3:::${bucket}` };
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [keepDelete] }) }));
    const settings = config(bucket, { dynamodb_table: table });

    const dry = await bootstrapS3Backend(settings, context, { dryRun: true, requireSecureTransport: true });
    expect(outcomes(dry)).toMatchObject({ versioning: 'would-change', 'public-access-block': 'would-change', 'secure-transport-policy': 'would-change' });
    expect(detailOf(dry, 'public-access-block')).toBe('BlockPublicAcls, BlockPublicPolicy, RestrictPublicBuckets would be turned on');
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Suspended');
    expect((await policyOf(bucket)).Statement).toHaveLength(1);

    const report = await bootstrapS3Backend(settings, context, { requireSecureTransport: true });
    expect(outcomes(report)).toEqual({
      bucket: 'already',
      versioning: 'changed',
      encryption: 'unsupported-by-server',
      'public-access-block': 'unsupported-by-server',
      // radosgw 16 stores the policy but does not enforce aws:SecureTransport.
      'secure-transport-policy': 'unsupported-by-server',
      'lock-table': 'already',
    });
    expect(detailOf(report, 'secure-transport-policy')).toBe(
      'the bucket policy denies requests without TLS, but the server does not enforce aws:SecureTransport: a write over plain HTTP still succeeded',
    );
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Enabled');
    const statements = (await policyOf(bucket)).Statement;
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatchObject(keepDelete);
    expect(statements[1]).toMatchObject({
      Sid: SECURE_TRANSPORT_SID,
      Effect: 'Deny',
      Action: 's3:*',
      Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    await expect(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'plain-http', Body: 'x' }))).resolves.toMatchObject({ ETag: expect.any(String) });

    const again = await bootstrapS3Backend(settings, context, { requireSecureTransport: true });
    expect(outcomes(again)).toEqual({ ...outcomes(report), versioning: 'already' });
    expect((await policyOf(bucket)).Statement).toHaveLength(2);
  });

  it('reports a conflicting policy statement and a wrongly keyed table without changing them', async () => {
    const bucket = await createBucket(uniqueName('boot-conf'), { versioned: true });
    const table = await createLockTable(uniqueName('boot-conf'), { keyName: 'Id' });
    const foreign = { Sid: SECURE_TRANSPORT_SID, Effect: 'Deny', Principal: '*', Action: 's3:DeleteBucket', Resource: `arn:aws:s3:::${bucket}` };
    const original = JSON.stringify({ Version: '2012-10-17', Statement: [foreign] });
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: original }));

    const report = await bootstrapS3Backend(config(bucket, { dynamodb_table: table }), context, { requireSecureTransport: true });
    expect(outcomes(report)).toMatchObject({ 'secure-transport-policy': 'conflict', 'lock-table': 'conflict' });
    expect(detailOf(report, 'secure-transport-policy')).toContain(`statement "${SECURE_TRANSPORT_SID}"`);
    expect(detailOf(report, 'lock-table')).toContain('Id (HASH)');
    expect((await policyOf(bucket)).Statement).toEqual([foreign]);
    expect((await dynamodb.send(new DescribeTableCommand({ TableName: table }))).Table?.KeySchema).toEqual([{ AttributeName: 'Id', KeyType: 'HASH' }]);
  });

  it('refuses bad arguments before touching the store', async () => {
    const bucket = uniqueName('boot-bad');
    await expect(bootstrapS3Backend(config(bucket, { kms_key_id: 'not a key', encrypt: true }), context)).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    expect(await bucketExists(bucket)).toBe(false);
  });
});
