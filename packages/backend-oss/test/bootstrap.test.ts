import { bootstrapComplete, createStateBackend, type BootstrapReport } from '@x/backend-core';
import { describe, expect, it } from 'vitest';
import { bootstrapOssBackend } from '../src/index.js';
import {
  backendConfig,
  createBucket,
  createLockTable,
  providerFromConfig,
  rawOssClient,
  rawTableStore,
  uniqueBucketName,
  uniqueTableName,
  type LockMode,
} from './support/oss-fixtures.js';

/** Bucket calls made behind bootstrap's back, to set up and to check. */
interface BucketInspector {
  getBucketInfo(name: string): Promise<{ bucket: Record<string, unknown> }>;
  getBucketVersioning(name: string): Promise<{ versionStatus?: string }>;
  putBucketVersioning(name: string, status: string): Promise<unknown>;
  getBucketEncryption(name: string): Promise<{ encryption: Record<string, string> }>;
  getBucketACL(name: string): Promise<{ acl: string }>;
  putBucketACL(name: string, acl: string): Promise<unknown>;
}

interface TableInspector {
  describeTable(params: { tableName: string }): Promise<unknown>;
}

const context = { workingDirectory: process.cwd(), env: {} };

function inspector(bucket: string): BucketInspector {
  return rawOssClient(bucket) as unknown as BucketInspector;
}

function config(bucket: string, lockMode: LockMode, table?: string): Record<string, unknown> {
  return backendConfig({ bucket, prefix: 'bootstrap', lockMode, table });
}

function outcomes(report: BootstrapReport): Record<string, string> {
  return Object.fromEntries(report.steps.map((step) => [step.step, step.outcome]));
}

function detailOf(report: BootstrapReport, name: string): string {
  return report.steps.find((step) => step.step === name)?.detail ?? '';
}

async function describeTable(table: string): Promise<{ tableMeta: unknown; tableOptions: Record<string, unknown>; tableStatus: string } | undefined> {
  try {
    const described = await (rawTableStore() as unknown as TableInspector).describeTable({ tableName: table });
    return JSON.parse(JSON.stringify(described)) as { tableMeta: unknown; tableOptions: Record<string, unknown>; tableStatus: string };
  } catch (error) {
    if (/OTSObjectNotExist/.test(String((error as Error).message))) return undefined;
    throw error;
  }
}

async function bucketExists(bucket: string): Promise<boolean> {
  return inspector(bucket)
    .getBucketInfo(bucket)
    .then(
      () => true,
      (error: { code?: string }) => {
        if (error.code === 'NoSuchBucket') return false;
        throw error;
      },
    );
}

async function writeLockedState(config: Record<string, unknown>): Promise<string> {
  const provider = await providerFromConfig(config);
  const probe = await provider.probe?.();
  expect(probe?.checks.filter((check) => !check.ok && check.severity === 'error')).toEqual([]);
  const backend = createStateBackend(provider);
  const lockId = await backend.lock('default', { Operation: 'OperationTypeApply' });
  await backend.writeState('default', new TextEncoder().encode('{"version":4}\n'), { lockId });
  await backend.unlock('default', lockId);
  const text = new TextDecoder().decode((await backend.readState('default'))?.bytes);
  await backend.close();
  return text;
}

describe('bootstrapOssBackend on the OSS and TableStore servers', () => {
  it('a dry run on fresh names creates nothing and plans every step', async () => {
    const bucket = uniqueBucketName();
    const table = uniqueTableName();
    const report = await bootstrapOssBackend(config(bucket, 'tablestore', table), context, { dryRun: true });
    expect(report).toMatchObject({ backend: 'oss', dryRun: true });
    expect(outcomes(report)).toEqual({
      bucket: 'would-create',
      versioning: 'would-create',
      encryption: 'would-create',
      acl: 'would-create',
      'lock-table': 'would-create',
    });
    expect(await bucketExists(bucket)).toBe(false);
    expect(await describeTable(table)).toBeUndefined();
  });

  it('creates bucket, settings and TableStore table; a second run changes nothing; the backend then works', async () => {
    const bucket = uniqueBucketName();
    const table = uniqueTableName();
    const first = await bootstrapOssBackend(config(bucket, 'tablestore', table), context);
    expect(outcomes(first)).toEqual({ bucket: 'created', versioning: 'created', encryption: 'created', acl: 'created', 'lock-table': 'created' });
    expect(bootstrapComplete(first)).toBe(true);
    const raw = inspector(bucket);
    expect((await raw.getBucketVersioning(bucket)).versionStatus).toBe('Enabled');
    expect((await raw.getBucketEncryption(bucket)).encryption).toEqual({ SSEAlgorithm: 'AES256' });
    expect((await raw.getBucketACL(bucket)).acl).toBe('private');
    expect(await describeTable(table)).toMatchObject({
      tableMeta: { primaryKey: [{ name: 'LockID', type: 'STRING' }] },
      tableOptions: { timeToLive: -1, maxVersions: 1 },
      tableStatus: 'ACTIVE',
    });

    const second = await bootstrapOssBackend(config(bucket, 'tablestore', table), context);
    expect(outcomes(second)).toEqual({ bucket: 'already', versioning: 'already', encryption: 'already', acl: 'already', 'lock-table': 'already' });

    expect(await writeLockedState(config(bucket, 'tablestore', table))).toBe('{"version":4}\n');
  });

  it('with use_lockfile leaves versioning off, and the lockfile then locks', async () => {
    const bucket = uniqueBucketName();
    const report = await bootstrapOssBackend(config(bucket, 'lockfile'), context);
    expect(outcomes(report)).toEqual({ bucket: 'created', versioning: 'skipped', encryption: 'created', acl: 'created' });
    expect(detailOf(report, 'versioning')).toMatch(/^use_lockfile needs a bucket that never had versioning/);
    expect((await inspector(bucket).getBucketVersioning(bucket)).versionStatus).toBeUndefined();
    expect(outcomes(await bootstrapOssBackend(config(bucket, 'lockfile'), context))).toEqual({
      bucket: 'already',
      versioning: 'skipped',
      encryption: 'already',
      acl: 'already',
    });
    expect(await writeLockedState(config(bucket, 'lockfile'))).toBe('{"version":4}\n');
  });

  it('with use_lockfile, a bucket that has versioning is a conflict and stays as it is', async () => {
    const bucket = await createBucket(uniqueBucketName(), { versioning: 'Suspended' });
    const report = await bootstrapOssBackend(config(bucket, 'lockfile'), context);
    expect(outcomes(report).versioning).toBe('conflict');
    expect(detailOf(report, 'versioning')).toContain('versioning is Suspended');
    expect(bootstrapComplete(report)).toBe(false);
    expect((await inspector(bucket).getBucketVersioning(bucket)).versionStatus).toBe('Suspended');
  });

  it('completes a partly set up bucket and table; a dry run first changes nothing', async () => {
    const bucket = await createBucket(uniqueBucketName(), { versioning: 'Suspended' });
    await inspector(bucket).putBucketACL(bucket, 'public-read');
    const table = uniqueTableName();
    await rawTableStore().createTable({
      tableMeta: { tableName: table, primaryKey: [{ name: 'LockID', type: 'STRING' }] },
      reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
      tableOptions: { timeToLive: 86_400, maxVersions: 3 },
    });
    const settings = config(bucket, 'tablestore', table);

    const dry = await bootstrapOssBackend(settings, context, { dryRun: true });
    expect(outcomes(dry)).toEqual({
      bucket: 'already',
      versioning: 'would-change',
      encryption: 'would-create',
      acl: 'would-change',
      'lock-table': 'would-change',
    });
    expect(detailOf(dry, 'lock-table')).toContain('TTL 86400 s (lock rows would expire) and max versions 3');
    expect((await inspector(bucket).getBucketACL(bucket)).acl).toBe('public-read');
    expect((await describeTable(table))?.tableOptions).toMatchObject({ timeToLive: 86_400, maxVersions: 3 });

    const report = await bootstrapOssBackend(settings, context);
    expect(outcomes(report)).toEqual({ bucket: 'already', versioning: 'changed', encryption: 'created', acl: 'changed', 'lock-table': 'changed' });
    expect((await inspector(bucket).getBucketVersioning(bucket)).versionStatus).toBe('Enabled');
    expect((await inspector(bucket).getBucketACL(bucket)).acl).toBe('private');
    expect((await describeTable(table))?.tableOptions).toMatchObject({ timeToLive: -1, maxVersions: 1 });

    const again = await bootstrapOssBackend(settings, context);
    expect(again.steps.every((step) => step.outcome === 'already')).toBe(true);
  });

  it('sets KMS with the given key, and keeps an existing default encryption when none is asked for', async () => {
    const bucket = uniqueBucketName();
    const withKey = await bootstrapOssBackend(config(bucket, 'none'), context, { kmsKeyId: 'key-bootstrap-1' });
    expect(outcomes(withKey).encryption).toBe('created');
    expect((await inspector(bucket).getBucketEncryption(bucket)).encryption).toEqual({ SSEAlgorithm: 'KMS', KMSMasterKeyID: 'key-bootstrap-1' });
    const plain = await bootstrapOssBackend(config(bucket, 'none'), context);
    expect(outcomes(plain).encryption).toBe('already');
    expect(detailOf(plain, 'encryption')).toBe('default encryption is KMS with key key-bootstrap-1');
    const otherKey = await bootstrapOssBackend(config(bucket, 'none'), context, { kmsKeyId: 'key-bootstrap-2' });
    expect(outcomes(otherKey).encryption).toBe('changed');
    expect((await inspector(bucket).getBucketEncryption(bucket)).encryption).toEqual({ SSEAlgorithm: 'KMS', KMSMasterKeyID: 'key-bootstrap-2' });
  });

  it('a table with another primary key is a conflict and stays as it is', async () => {
    const bucket = uniqueBucketName();
    const table = await createLockTable(uniqueTableName(), [{ name: 'Id', type: 'STRING' }]);
    const report = await bootstrapOssBackend(config(bucket, 'tablestore', table), context);
    expect(outcomes(report)['lock-table']).toBe('conflict');
    expect(detailOf(report, 'lock-table')).toContain('Id (STRING)');
    expect(await describeTable(table)).toMatchObject({ tableMeta: { primaryKey: [{ name: 'Id', type: 'STRING' }] } });
  });

  it('refuses bad arguments before creating anything', async () => {
    const bucket = uniqueBucketName();
    await expect(bootstrapOssBackend({ ...config(bucket, 'none'), no_such_argument: 'x' }, context)).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    expect(await bucketExists(bucket)).toBe(false);
  });
});
