import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { createStateBackend } from '@x/backend-core';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProviderFromConfig, createStateInspector, type StateInspector } from '../src/index.js';
import { createBucket, createLockTable, dynamoClient, servers, uniqueName } from './support/test-stores.js';

const bucket = uniqueName('inspector');
const table = uniqueName('inspector');

beforeAll(async () => {
  await Promise.all([createBucket(bucket, { versioned: false }), createLockTable(table)]);
});

function config(overrides: Record<string, unknown>): Record<string, unknown> {
  const { s3, dynamodb } = servers();
  return {
    bucket,
    region: 'us-east-1',
    endpoints: { s3: s3.endpoint, dynamodb: dynamodb.endpoint, sts: s3.endpoint },
    access_key: s3.accessKeyId,
    secret_key: s3.secretAccessKey,
    use_path_style: true,
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_s3_checksum: true,
    ...overrides,
  };
}

const context = { workingDirectory: process.cwd(), env: {} };
const opened: StateInspector[] = [];
afterAll(async () => {
  await Promise.all(opened.map((inspector) => inspector.close()));
});

async function inspectorFor(overrides: Record<string, unknown>): Promise<StateInspector> {
  const inspector = await createStateInspector(config(overrides), context);
  opened.push(inspector);
  return inspector;
}

describe('createStateInspector', () => {
  it('compares stored digests with the objects once, for each status', async () => {
    const settings = { key: 'digests/terraform.tfstate', dynamodb_table: table };
    const backend = createStateBackend(await createProviderFromConfig(config(settings), context));
    const bytes = new TextEncoder().encode('{"version":4,"serial":1}\n');
    await backend.writeState('default', bytes);
    await backend.writeState('broken', bytes);
    await backend.writeState('plain', bytes);
    await backend.close();
    const md5 = createHash('md5').update(bytes).digest('hex');
    const dynamo = dynamoClient();
    const digestOf = (workspace: string) => `${bucket}/env:/${workspace}/digests/terraform.tfstate-md5`;
    await dynamo.send(new PutItemCommand({ TableName: table, Item: { LockID: { S: digestOf('broken') }, Digest: { S: 'a'.repeat(32) } } }));
    await dynamo.send(new PutItemCommand({ TableName: table, Item: { LockID: { S: digestOf('gone') }, Digest: { S: md5 } } }));
    await dynamo.send(new PutItemCommand({ TableName: table, Item: { LockID: { S: digestOf('plain') }, Digest: { S: 'not hex' } } }));
    dynamo.destroy();

    const inspector = await inspectorFor(settings);
    const comparisons = await inspector.compareDigests(['default', 'broken', 'gone', 'plain', 'never']);
    expect(comparisons).toEqual([
      { workspace: 'default', location: 'digests/terraform.tfstate', record: `${bucket}/digests/terraform.tfstate-md5`, stored: md5, actual: md5, status: 'match' },
      { workspace: 'broken', location: 'env:/broken/digests/terraform.tfstate', record: digestOf('broken'), stored: 'a'.repeat(32), actual: md5, status: 'mismatch' },
      { workspace: 'gone', location: 'env:/gone/digests/terraform.tfstate', record: digestOf('gone'), stored: md5, actual: undefined, status: 'digest-without-state' },
      { workspace: 'plain', location: 'env:/plain/digests/terraform.tfstate', record: digestOf('plain'), stored: undefined, actual: md5, status: 'no-digest' },
      { workspace: 'never', location: 'env:/never/digests/terraform.tfstate', record: digestOf('never'), stored: undefined, actual: undefined, status: 'no-state' },
    ]);
  });

  it('without a table there is no digest to compare', async () => {
    const inspector = await inspectorFor({ key: 'no-table/terraform.tfstate', use_lockfile: true });
    expect(await inspector.compareDigests(['default'])).toEqual([]);
  });

  it('lists lock files under the workspace prefix, including workspaces without a state', async () => {
    const settings = { key: 'locks/terraform.tfstate', use_lockfile: true };
    const backend = createStateBackend(await createProviderFromConfig(config(settings), context));
    await backend.writeState('with-state', new TextEncoder().encode('{"version":4}\n'));
    const ids = [await backend.lock('with-state'), await backend.lock('without-state'), await backend.lock('default')];

    const inspector = await inspectorFor(settings);
    const listing = await inspector.listLockedWorkspaces();
    expect(listing.workspaces.sort()).toEqual(['with-state', 'without-state']);
    expect(listing.coverage).toBe('workspaces with a state, the default workspace, and every S3 lock file under "env:/".');
    expect(listing.lockTable).toBe('none');

    await backend.unlock('with-state', ids[0]!);
    await backend.unlock('without-state', ids[1]!);
    await backend.unlock('default', ids[2]!);
    await backend.close();
    expect((await inspector.listLockedWorkspaces()).workspaces).toEqual([]);
  });

  it('with DynamoDB locking only, says that lock items are not listed', async () => {
    const inspector = await inspectorFor({ key: 'dynamo-only/terraform.tfstate', dynamodb_table: table });
    expect(await inspector.listLockedWorkspaces()).toEqual({
      workspaces: [],
      coverage: `workspaces with a state, and the default workspace. DynamoDB lock items are read only for these workspaces (listing the table would scan all of "${table}").`,
      lockTable: 'skipped',
    });
  });

  it('scans the DynamoDB table for lock items of this bucket and key when asked', async () => {
    // DynamoDB locking only: the scan is the one place these locks can be found.
    const settings = { key: 'scanned/terraform.tfstate', dynamodb_table: table };
    const backend = createStateBackend(await createProviderFromConfig(config(settings), context));
    await backend.writeState('with-state', new TextEncoder().encode('{"version":4}\n'));
    const ids = [await backend.lock('without-state'), await backend.lock('default')];
    // Lock items of another key in the same bucket, and a digest item, are not this backend's locks.
    const other = createStateBackend(await createProviderFromConfig(config({ key: 'elsewhere/terraform.tfstate', dynamodb_table: table }), context));
    const otherId = await other.lock('stranger');

    const inspector = await inspectorFor(settings);
    const scanned = await inspector.listLockedWorkspaces({ scanLockTable: true });
    expect(scanned.workspaces.sort()).toEqual(['default', 'without-state']);
    expect(scanned.coverage).toBe(
      `workspaces with a state, the default workspace, and every DynamoDB lock item of this bucket in "${table}" (a scan of the whole table).`,
    );
    expect(scanned.lockTable).toBe('scanned');
    expect((await inspector.listLockedWorkspaces()).workspaces).toEqual([]);

    await backend.unlock('without-state', ids[0]!);
    await backend.unlock('default', ids[1]!);
    await other.unlock('stranger', otherId);
    await Promise.all([backend.close(), other.close()]);
    expect((await inspector.listLockedWorkspaces({ scanLockTable: true })).workspaces).toEqual([]);
  });
});

describe('probe identity per component', () => {
  it('names region, endpoint and access key of the S3, DynamoDB and STS clients', async () => {
    const { s3, dynamodb } = servers();
    const provider = await createProviderFromConfig(config({ key: 'identity/terraform.tfstate', dynamodb_table: table }), context);
    const report = await createStateBackend(provider).probe();
    await provider.close?.();
    const messages = Object.fromEntries(report.checks.filter((check) => check.id.startsWith('identity-')).map((check) => [check.id, check.message]));
    const key = `access key …${s3.accessKeyId.slice(-4)}`;
    expect(messages).toEqual({
      'identity-s3': `S3: region us-east-1, endpoint ${s3.endpoint}, ${key}`,
      'identity-dynamodb': `DynamoDB: region us-east-1, endpoint ${dynamodb.endpoint}, ${key}`,
      'identity-sts': `STS: region us-east-1, endpoint ${s3.endpoint}, ${key}`,
    });
  });
});
