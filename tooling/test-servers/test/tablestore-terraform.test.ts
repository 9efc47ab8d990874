import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOssServer, type OssServer } from '../src/oss/index.js';
import { startRadosgw, type S3Server } from '../src/radosgw/index.js';
import { startTableStoreServer, type TableStoreServer } from '../src/tablestore/index.js';
import { attributeValues, clientFor, condition, createLockTable, type TableStoreClient } from './tablestore-sdk.js';

/**
 * Terraform v1.11.4's oss backend (Go TableStore SDK aliyun-tablestore-go-sdk v4.1.2) against the
 * TableStore server, with the OSS server in front of radosgw for the state objects. Lock rows
 * written by Terraform are read with the Node SDK and the other way round.
 */
const terraformFound = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
const inContinuousIntegration = process.env.CI === 'true';
if (!terraformFound && !inContinuousIntegration) {
  console.warn('\n*** SKIPPING the Terraform TableStore tests: `terraform` (v1.11.4) is not on PATH. ***\n');
}

const bucket = 'tfstate-locks';
const tableName = 'terraform_locks';
const defaultLockPath = `${bucket}/env:/terraform.tfstate`;

describe('terraform on PATH', () => {
  it.runIf(inContinuousIntegration)('is required in CI', () => {
    expect(terraformFound, 'CI must provide terraform v1.11.4 on PATH').toBe(true);
  });
});

describe.runIf(terraformFound)('Terraform oss backend with TableStore locking', () => {
  let s3: S3Server;
  let oss: OssServer;
  let tableStore: TableStoreServer;
  let client: TableStoreClient;
  let workingDirectory: string;

  // The servers run in this process, so Terraform must run asynchronously (spawnSync would block them).
  const terraform = (args: string[]) =>
    new Promise<{ status: number | null; output: string }>((resolve, reject) => {
      const child = spawn('terraform', args, { cwd: workingDirectory, env: terraformEnvironment(workingDirectory), stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, output }));
    });
  const readRow = async (lockId: string) =>
    (await client.getRow({ tableName, primaryKey: [{ LockID: lockId }], columnsToGet: ['LockID', 'Info', 'Digest'], maxVersions: 1 })).row;

  beforeAll(async () => {
    s3 = await startRadosgw();
    oss = await startOssServer({ s3 });
    // Terraform v1.11.4 has no tablestore_instance_name (it came in v1.12): the instance is the
    // first DNS label of tablestore_endpoint, which for http://127.0.0.1:PORT is "127".
    // Terraform signs TableStore requests with the same access key as OSS requests.
    tableStore = await startTableStoreServer({
      instanceName: '127',
      credentials: [{ accessKeyId: oss.accessKeyId, accessKeySecret: oss.accessKeySecret }],
    });
    client = clientFor(tableStore);
    await createLockTable(client, tableName);
    const s3Client = s3ClientFor(s3);
    await s3Client.send(new CreateBucketCommand({ Bucket: bucket }));
    s3Client.destroy();
    workingDirectory = await mkdtemp(join(tmpdir(), 'tablestore-terraform-'));
    await writeFile(join(workingDirectory, 'main.tf'), configuration(oss, tableStore));
  });
  afterAll(async () => {
    await tableStore?.stop();
    await oss?.stop();
    await s3?.stop();
    if (workingDirectory) await rm(workingDirectory, { recursive: true, force: true });
  });

  it('initialises and applies, locking through TableStore and writing the digest row', async () => {
    const init = await terraform(['init', '-input=false', '-no-color']);
    expect(init.output).toContain('Successfully configured the backend "oss"');
    expect(init.status).toBe(0);
    const apply = await terraform(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(apply.output).toContain('Apply complete!');
    expect(apply.status).toBe(0);

    const goRequests = tableStore.requestLog().filter((entry) => entry.userAgent?.startsWith('aliyun-tablestore-sdk-golang'));
    const succeeded = (operation: string) => goRequests.some((entry) => entry.operation === operation && entry.status === 200);
    expect(succeeded('DescribeTable')).toBe(true);
    expect(succeeded('PutRow')).toBe(true);
    expect(succeeded('GetRow')).toBe(true);
    expect(succeeded('DeleteRow')).toBe(true);
    expect(goRequests.filter((entry) => entry.status !== 200)).toEqual([]);

    expect(await readRow(defaultLockPath)).toEqual({});
    const s3Client = s3ClientFor(s3);
    const state = await (await s3Client.send(new GetObjectCommand({ Bucket: bucket, Key: 'env:/terraform.tfstate' }))).Body?.transformToByteArray();
    s3Client.destroy();
    const digest = createHash('md5').update(state ?? new Uint8Array()).digest('hex');
    expect(attributeValues(await readRow(`${defaultLockPath}-md5`))).toEqual([['Digest', digest]]);
  });

  it('lets the Node SDK read the lock row Terraform holds while it waits for approval', async () => {
    // -replace guarantees a plan with changes, so Terraform stops at the approval prompt.
    const child = spawn('terraform', ['apply', '-replace=terraform_data.example', '-no-color'], { cwd: workingDirectory, env: terraformEnvironment(workingDirectory) });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Enter a value:')) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('close', () => reject(new Error(`terraform exited before asking for approval:\n${output}`)));
    });
    const held = await readRow(defaultLockPath);
    const info = JSON.parse(String(attributeValues(held).find(([name]) => name === 'Info')?.[1])) as Record<string, string>;
    expect(Object.keys(info)).toEqual(['ID', 'Operation', 'Info', 'Who', 'Version', 'Created', 'Path']);
    expect(info.Operation).toBe('OperationTypeApply');
    expect(info.Path).toBe(defaultLockPath);
    expect(info.Version).toBe('1.11.4');
    child.stdin.end('no\n');
    await exited;
    expect(output).toContain('Apply cancelled.');
    expect(await readRow(defaultLockPath)).toEqual({});
  });

  it('reports a lock the Node SDK wrote, and force-unlock removes it', async () => {
    const lockId = '7f0c6a52-2a8b-4c5e-9f1e-0a1b2c3d4e5f';
    const lockInfo = JSON.stringify({
      ID: lockId,
      Operation: 'OperationTypeApply',
      Info: '',
      Who: 'node@sdk',
      Version: '1.11.4',
      Created: new Date().toISOString(),
      Path: defaultLockPath,
    });
    await client.putRow({ tableName, condition: condition('EXPECT_NOT_EXIST'), primaryKey: [{ LockID: defaultLockPath }], attributeColumns: [{ Info: lockInfo }] });

    const blocked = await terraform(['apply', '-auto-approve', '-input=false', '-no-color', '-lock-timeout=0s']);
    expect(blocked.status).not.toBe(0);
    expect(blocked.output).toContain('Error acquiring the state lock');
    expect(blocked.output).toContain(lockId);
    expect(blocked.output).toContain('node@sdk');
    expect(blocked.output).toContain('OTSConditionCheckFail');

    const unlock = await terraform(['force-unlock', '-force', '-no-color', lockId]);
    expect(unlock.output).toContain('successfully unlocked');
    expect(unlock.status).toBe(0);
    expect(await readRow(defaultLockPath)).toEqual({});
  });

  it('creates a workspace under its own lock path', async () => {
    const created = await terraform(['workspace', 'new', '-no-color', 'dev']);
    expect(created.output).toContain('Created and switched to workspace "dev"');
    expect(created.status).toBe(0);
    const listed = await terraform(['workspace', 'list', '-no-color']);
    expect(listed.output).toMatch(/default[\s\S]*\* dev/);
    const apply = await terraform(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(apply.status).toBe(0);
  });

  it('reads the digest row for the dev workspace with the Node SDK', async () => {
    const digest = await readRow(`${bucket}/env:/dev/terraform.tfstate-md5`);
    expect(attributeValues(digest).map(([name]) => name)).toEqual(['Digest']);
    expect(String(attributeValues(digest)[0]?.[1])).toMatch(/^[0-9a-f]{32}$/);
  });
});

function configuration(oss: OssServer, tableStore: TableStoreServer): string {
  return `terraform {
  backend "oss" {
    bucket                   = "${bucket}"
    region                   = "${oss.region}"
    endpoint                 = "${oss.endpoint}"
    access_key               = "${oss.accessKeyId}"
    secret_key               = "${oss.accessKeySecret}"
    tablestore_endpoint      = "${tableStore.endpoint}"
    tablestore_table         = "${tableName}"
  }
}

resource "terraform_data" "example" {
  input = terraform.workspace
}
`;
}

/** A clean environment: no Alibaba credentials or profiles from the machine, no checkpoint calls. */
function terraformEnvironment(workingDirectory: string): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(ALICLOUD_|ALIBABA_CLOUD_|TF_)/.test(name)) environment[name] = value;
  }
  return { ...environment, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_DATA_DIR: join(workingDirectory, '.terraform'), HOME: workingDirectory };
}

function s3ClientFor(s3: S3Server): S3Client {
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
}
