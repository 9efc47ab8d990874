import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { encodeLockInfo, type LockInfo } from '@x/backend-core';
import { createHash, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { listObjectKeys } from './support/s3-harness.js';
import { backendWith } from './support/providers.js';
import { createBucket, createLockTable, dynamoClient, s3Client, servers, uniqueName } from './support/test-stores.js';

// What Terraform and OpenTofu read, byte for byte (spec §1-4, §6.3).
const bucket = uniqueName('raw-interop');
const table = uniqueName('raw-interop');
const admin = s3Client();
const adminTable = dynamoClient();

beforeAll(async () => {
  await Promise.all([createBucket(bucket, { versioned: false }), createLockTable(table)]);
});

const holder: Omit<LockInfo, 'Path'> = {
  ID: 'f2c1ab44-1c2d-6e7f-8091-a2b3c4d5e6f7',
  Operation: 'OperationTypeApply',
  Info: 'a <tricky> & "quoted" info',
  Who: 'alice@build-7',
  Version: '1.11.4',
  Created: '2026-11-21T10:20:30.1234Z',
};

async function objectBytes(key: string, extra: Record<string, string> = {}): Promise<Buffer> {
  const response = await admin.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...extra }));
  return Buffer.from(await (response.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())));
}

async function item(lockId: string) {
  return (await adminTable.send(new GetItemCommand({ TableName: table, Key: { LockID: { S: lockId } }, ConsistentRead: true }))).Item;
}

describe('keys, lock records and digests as Terraform writes them', () => {
  it('default key verbatim, env:/<ws>/<key> for others, <key>.tflock beside it, the same Go-JSON LockInfo in the lock file and DynamoDB', async () => {
    const backend = backendWith({ bucket, key: 'app/terraform.tfstate', useLockfile: true, dynamodbTable: table });
    const state = new TextEncoder().encode('{"version":4,"serial":1}\n');
    await backend.writeState('default', state);
    await backend.writeState('dev', state);
    expect(await listObjectKeys(admin, bucket, '')).toEqual(expect.arrayContaining(['app/terraform.tfstate', 'env:/dev/app/terraform.tfstate']));

    const head = await admin.send(new HeadObjectCommand({ Bucket: bucket, Key: 'env:/dev/app/terraform.tfstate' }));
    expect(head.ContentType).toBe('application/json');
    const md5 = createHash('md5').update(state).digest('hex');
    expect((await item(`${bucket}/env:/dev/app/terraform.tfstate-md5`))?.Digest?.S).toBe(md5);
    expect((await item(`${bucket}/app/terraform.tfstate-md5`))?.Digest?.S).toBe(md5);

    await backend.lock('dev', holder);
    const expected = encodeLockInfo({ ...holder, Path: `${bucket}/env:/dev/app/terraform.tfstate` });
    expect(expected).toContain('\\u003ctricky\\u003e \\u0026');
    const lockFile = await objectBytes('env:/dev/app/terraform.tfstate.tflock');
    expect(lockFile.toString('utf8')).toBe(expected);
    const lockHead = await admin.send(new HeadObjectCommand({ Bucket: bucket, Key: 'env:/dev/app/terraform.tfstate.tflock' }));
    expect(lockHead.ContentType).toBe('application/json');
    const lockItem = await item(`${bucket}/env:/dev/app/terraform.tfstate`);
    expect(lockItem?.Info?.S).toBe(expected);
    expect(Object.keys(lockItem ?? {}).sort()).toEqual(['Info', 'LockID']);
    await backend.unlock('dev', holder.ID);
    expect(await item(`${bucket}/env:/dev/app/terraform.tfstate`)).toBeUndefined();

    await backend.deleteWorkspace('dev');
    expect(await item(`${bucket}/env:/dev/app/terraform.tfstate-md5`)).toBeUndefined();
    expect(await listObjectKeys(admin, bucket, 'env:/')).toEqual([]);
  });

  it('an empty workspace_key_prefix puts workspaces at <ws>/<key>, and listing skips strays as Terraform does', async () => {
    const prefix = uniqueName('flat');
    const backend = backendWith({ bucket, key: 'terraform.tfstate', workspaceKeyPrefix: '' });
    await backend.writeState(prefix, new TextEncoder().encode('flat'));
    expect(await listObjectKeys(admin, bucket, `${prefix}/`)).toEqual([`${prefix}/terraform.tfstate`]);
    expect(await backend.listWorkspaces()).toContain(prefix);

    const nested = backendWith({ bucket, key: 'terraform.tfstate', workspaceKeyPrefix: `${prefix}-p/env:` });
    await nested.writeState('s2', new TextEncoder().encode('s2'));
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    for (const stray of [`${prefix}-p/env:/error`, `${prefix}-p/env:/s2/notTestState`, `${prefix}-p/env:/s3/`, `${prefix}-p/env:/s4/terraform.tfstate.tflock`]) {
      await admin.send(new PutObjectCommand({ Bucket: bucket, Key: stray, Body: 'x' }));
    }
    expect(await nested.listWorkspaces()).toEqual(['default', 's2']);
  });

  it('a lock file and DynamoDB item written by Terraform/OpenTofu (Go-JSON) are read, refused and released', async () => {
    const namespace = uniqueName('foreign');
    const key = `${namespace}/terraform.tfstate`;
    const foreign = encodeLockInfo({ ...holder, Path: `${bucket}/${key}` });
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    const { PutItemCommand } = await import('@aws-sdk/client-dynamodb');
    await admin.send(new PutObjectCommand({ Bucket: bucket, Key: `${key}.tflock`, Body: foreign, ContentType: 'application/json' }));
    await adminTable.send(new PutItemCommand({ TableName: table, Item: { LockID: { S: `${bucket}/${key}` }, Info: { S: foreign } } }));
    const backend = backendWith({ bucket, key, useLockfile: true, dynamodbTable: table });
    expect(await backend.readLock('default')).toEqual({ ...holder, Path: `${bucket}/${key}` });
    await expect(backend.lock('default')).rejects.toMatchObject({ code: 'LOCK_CONFLICT', lock: { ID: holder.ID } });
    await expect(backend.unlock('default', 'not-the-id')).rejects.toMatchObject({ code: 'LOCK_ID_MISMATCH' });
    await backend.forceUnlock('default', holder.ID);
    expect(await listObjectKeys(admin, bucket, `${namespace}/`)).toEqual([]);
    expect(await item(`${bucket}/${key}`)).toBeUndefined();
  });
});

describe('server-side encryption on the state and the lock file', () => {
  it('encrypt + kms_key_id: aws:kms with the key on both objects', async () => {
    const kmsKeyId = servers().s3.kmsKeyIds[0];
    expect(kmsKeyId, 'radosgw test server offers a KMS key').toBeDefined();
    const backend = backendWith({ bucket, key: 'kms/terraform.tfstate', useLockfile: true, encrypt: true, kmsKeyId });
    await backend.writeState('default', new TextEncoder().encode('kms'));
    const id = await backend.lock('default');
    for (const key of ['kms/terraform.tfstate', 'kms/terraform.tfstate.tflock']) {
      const head = await admin.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      expect(head.ServerSideEncryption).toBe('aws:kms');
      expect(head.SSEKMSKeyId).toBe(kmsKeyId);
    }
    await backend.unlock('default', id);
  });

  it('encrypt + sse_customer_key: SSE-C on both objects, readable only with the key, holder readable on conflict', async () => {
    const customerKey = randomBytes(32).toString('base64');
    const settings = { bucket, key: 'ssec/terraform.tfstate', useLockfile: true, encrypt: true, sseCustomerKey: customerKey };
    const backend = backendWith(settings);
    const bytes = new TextEncoder().encode('customer-encrypted');
    await backend.writeState('default', bytes);
    expect((await backend.readState('default'))?.bytes).toEqual(bytes);
    const id = await backend.lock('default', { Who: 'ssec@holder' });
    for (const key of ['ssec/terraform.tfstate', 'ssec/terraform.tfstate.tflock']) {
      await expect(admin.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).rejects.toBeDefined();
      const head = await admin.send(
        new HeadObjectCommand({ Bucket: bucket, Key: key, SSECustomerAlgorithm: 'AES256', SSECustomerKey: customerKey }),
      );
      expect(head.SSECustomerAlgorithm).toBe('AES256');
    }
    await expect(backendWith(settings).lock('default')).rejects.toMatchObject({ code: 'LOCK_CONFLICT', lock: { ID: id, Who: 'ssec@holder' } });
    await backend.unlock('default', id);
  });
});
