import { BackendError, createLockInfo, type StateBackend } from '@x/backend-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '@x/test-servers';
import { listItemIds, listObjectKeys } from './support/s3-harness.js';
import { backendWith } from './support/providers.js';
import { createBucket, createLockTable, dynamoClient, s3Client, servers, uniqueName } from './support/test-stores.js';

// Lock-file modes on an unversioned bucket: radosgw 16 ignores If-None-Match in versioned ones.
const bucket = uniqueName('lock-modes');
const versionedBucket = uniqueName('lock-modes-versioned');
const table = uniqueName('lock-modes');
const admin = s3Client();
const adminTable = dynamoClient();

beforeAll(async () => {
  await Promise.all([createBucket(bucket, { versioned: false }), createBucket(versionedBucket), createLockTable(table)]);
});

function inNamespace(namespace: string, mode: 'dynamodb' | 'lockfile' | 'both', endpoints: { s3?: string; dynamodb?: string } = {}): StateBackend {
  return backendWith(
    {
      bucket,
      key: `${namespace}/terraform.tfstate`,
      useLockfile: mode !== 'dynamodb',
      dynamodbTable: mode === 'lockfile' ? undefined : table,
    },
    endpoints,
  );
}

async function rawRecords(namespace: string): Promise<string[]> {
  const objects = await listObjectKeys(admin, bucket, `${namespace}/`);
  const items = await listItemIds(adminTable, table, `${bucket}/${namespace}/`);
  return [...objects, ...items.map((id) => `dynamodb:${id}`)].sort();
}

describe('mixed lock modes on one state', () => {
  it('both vs lockfile-only: each refuses the other, and a refused "both" leaves no DynamoDB item', async () => {
    const namespace = uniqueName('mixed-file');
    const both = inNamespace(namespace, 'both');
    const fileOnly = inNamespace(namespace, 'lockfile');
    const held = await both.lock('default', { Operation: 'OperationTypeApply' });
    await expect(fileOnly.lock('default')).rejects.toMatchObject({ code: 'LOCK_CONFLICT', lock: { ID: held } });
    await both.unlock('default', held);

    const fileHeld = await fileOnly.lock('default', { Operation: 'OperationTypePlan' });
    await expect(both.lock('default')).rejects.toMatchObject({ code: 'LOCK_CONFLICT', lock: { ID: fileHeld } });
    expect(await rawRecords(namespace)).toEqual([`${namespace}/terraform.tfstate.tflock`]);
    await fileOnly.unlock('default', fileHeld);
    expect(await rawRecords(namespace)).toEqual([]);
  });

  it('DynamoDB vs both: a refused "both" removes the lock file it created; the reverse conflicts too', async () => {
    const namespace = uniqueName('mixed-table');
    const both = inNamespace(namespace, 'both');
    const tableOnly = inNamespace(namespace, 'dynamodb');
    const held = await tableOnly.lock('default', { Operation: 'OperationTypeApply' });
    await expect(both.lock('default')).rejects.toMatchObject({ code: 'LOCK_CONFLICT', lock: { ID: held } });
    expect(await rawRecords(namespace)).toEqual([`dynamodb:${bucket}/${namespace}/terraform.tfstate`]);
    await tableOnly.unlock('default', held);

    const bothHeld = await both.lock('default');
    await expect(tableOnly.lock('default')).rejects.toMatchObject({ code: 'LOCK_CONFLICT', lock: { ID: bothHeld } });
    await both.unlock('default', bothHeld);
    expect(await rawRecords(namespace)).toEqual([]);
  });

  it('a missing lock table is a configuration error, not a conflict, and leaves no object behind', async () => {
    const namespace = uniqueName('no-table');
    const backend = backendWith({ bucket, key: `${namespace}/terraform.tfstate`, useLockfile: true, dynamodbTable: uniqueName('missing') });
    const error = await backend.lock('default').then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(BackendError.hasCode(error, 'INVALID_CONFIG')).toBe(true);
    expect((error as Error).message).toContain('does not exist');
    expect(await listObjectKeys(admin, bucket, `${namespace}/`)).toEqual([]);
  });

  it('an S3 lock whose DynamoDB half is gone: unlock releases the file and reports the DynamoDB half', async () => {
    const namespace = uniqueName('half-gone');
    const both = inNamespace(namespace, 'both');
    const id = await both.lock('default');
    const { DeleteItemCommand } = await import('@aws-sdk/client-dynamodb');
    await adminTable.send(new DeleteItemCommand({ TableName: table, Key: { LockID: { S: `${bucket}/${namespace}/terraform.tfstate` } } }));
    const error = await both.unlock('default', id).then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(BackendError.hasCode(error, 'LOCK_NOT_HELD')).toBe(true);
    expect((error as Error).message).toMatch(/^failed to unlock DynamoDB: /);
    expect(await rawRecords(namespace)).toEqual([]);
  });
});

describe('lost responses (fault proxy)', () => {
  let s3Proxy: FaultProxy;
  let dynamoProxy: FaultProxy;

  beforeAll(async () => {
    const s3Url = new URL(servers().s3.endpoint);
    const dynamoUrl = new URL(servers().dynamodb.endpoint);
    s3Proxy = await startFaultProxy({ host: s3Url.hostname, port: Number(s3Url.port) });
    dynamoProxy = await startFaultProxy({ host: dynamoUrl.hostname, port: Number(dynamoUrl.port) });
  });

  afterAll(async () => {
    await s3Proxy.stop();
    await dynamoProxy.stop();
  });

  it("a lock-file PUT that succeeded but whose answer was lost is retried, refused (412) and recognised as our own", async () => {
    const namespace = uniqueName('self-collision');
    const backend = inNamespace(namespace, 'lockfile', { s3: s3Proxy.endpoint });
    s3Proxy.resetCounters();
    s3Proxy.setFaults({ dropResponses: 1, match: { method: 'PUT', path: /\.tflock/ } });
    const info = createLockInfo({ operation: 'OperationTypeApply' });
    expect(await backend.lock('default', info)).toBe(info.ID);
    const counters = s3Proxy.counters();
    expect(counters.faults.droppedResponses).toBe(1);
    expect(counters.requestLog.filter((request) => request.method === 'PUT').length).toBeGreaterThanOrEqual(2);
    expect((await backend.readLock('default'))?.ID).toBe(info.ID);
    await backend.unlock('default', info.ID);
    expect(await rawRecords(namespace)).toEqual([]);
  });

  it("the holder's DynamoDB unlock is one conditional DeleteItem; another client's unlock reads first", async () => {
    const namespace = uniqueName('unlock-requests');
    const holder = inNamespace(namespace, 'dynamodb', { dynamodb: dynamoProxy.endpoint });
    const other = inNamespace(namespace, 'dynamodb', { dynamodb: dynamoProxy.endpoint });
    const id = await holder.lock('default');
    dynamoProxy.resetCounters();
    await holder.unlock('default', id);
    expect(dynamoProxy.counters().requestLog).toHaveLength(1);
    const second = await holder.lock('default');
    dynamoProxy.resetCounters();
    await other.unlock('default', second);
    expect(dynamoProxy.counters().requestLog).toHaveLength(2);
    expect(await rawRecords(namespace)).toEqual([]);
  });

  it('a DynamoDB lock PutItem whose answer was lost is recognised as our own', async () => {
    const namespace = uniqueName('self-collision-table');
    const backend = inNamespace(namespace, 'dynamodb', { dynamodb: dynamoProxy.endpoint });
    dynamoProxy.setFaults({ dropResponses: 1 });
    const id = await backend.lock('default');
    expect(dynamoProxy.counters().faults.droppedResponses).toBe(1);
    expect((await backend.readLock('default'))?.ID).toBe(id);
    await backend.unlock('default', id);
    expect(await rawRecords(namespace)).toEqual([]);
  });
});

describe('stores that ignore If-None-Match', () => {
  // radosgw 16 itself: in a versioned bucket a second conditional create succeeds.
  it('lock-file locking is refused at the first lock, leaving no lock file, and probe() says why', async () => {
    const backend = backendWith({ bucket: versionedBucket, key: 'ignored/terraform.tfstate', useLockfile: true });
    const error = await backend.lock('default').then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(BackendError.hasCode(error, 'INVALID_CONFIG')).toBe(true);
    expect((error as Error).message).toContain('ignores "If-None-Match: *"');
    expect(await listObjectKeys(admin, versionedBucket, 'ignored/')).toEqual([]);
    await expect(backend.lock('default')).rejects.toMatchObject({ code: 'INVALID_CONFIG' });

    const report = await backendWith({ bucket: versionedBucket, key: 'probed/terraform.tfstate', useLockfile: true }).probe();
    expect(report.observed.locking).toBe(false);
    const check = report.checks.find((item) => item.id === 'conditional-writes');
    expect(check).toMatchObject({ ok: false, severity: 'error' });
    expect(await listObjectKeys(admin, versionedBucket, 'probed/')).toEqual([]);
  });

  it('the same store honours If-None-Match in an unversioned bucket: probe() finds locking usable', async () => {
    const report = await backendWith({ bucket, key: 'probe-ok/terraform.tfstate', useLockfile: true, dynamodbTable: table }).probe();
    expect(report.checks.find((item) => item.id === 'conditional-writes')?.ok).toBe(true);
    expect(report.checks.find((item) => item.id === 'if-match')?.ok).toBe(true);
    expect(report.checks.find((item) => item.id === 'lock-table')?.ok).toBe(true);
    expect(report.observed.locking).toBeUndefined();
    expect(report.observed.versions).toBe(false);
    expect(await listObjectKeys(admin, bucket, 'probe-ok/')).toEqual([]);
  });
});
