import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { generateLockId } from '@x/backend-core';
import type { TestServers } from '@x/test-servers';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runTfstate, temporaryDirectory } from './helpers/run-tfstate.js';
import { stateFile } from './helpers/state-files.js';

const servers: TestServers = inject('testServers');

/** A backend the CLI reaches through `--backend NAME -c FILE`, on a fresh bucket (and table). */
interface RemoteBackend {
  name: 's3' | 'oss';
  label: string;
  configure(): Promise<string>;
}

const remoteBackends: RemoteBackend[] = [
  { name: 's3', label: 's3 with an S3 lockfile', configure: () => s3Config({ lockfile: true }) },
  { name: 's3', label: 's3 with a DynamoDB lock table', configure: () => s3Config({ lockfile: false }) },
  { name: 'oss', label: 'oss with an OSS lockfile', configure: ossConfig },
];

describe.each(remoteBackends)('tfstate on $label', (backend) => {
  it('pushes, pulls, lists workspaces and reads outputs', async () => {
    const cwd = await setUp(backend);
    const run = (...args: string[]) => runTfstate(['--backend', backend.name, '-c', 'backend.hcl', ...args], { cwd });
    expect((await run('workspace', 'list', '--json')).stdout).toBe(
      `${JSON.stringify({ current: 'default', workspaces: ['default'] }, null, 2)}\n`,
    );

    const pushed = stateFile({ serial: 7, outputs: { region: { value: 'eu-west-1', type: 'string' } } });
    await writeFile(join(cwd, 'pushed.tfstate'), pushed);
    expect(await run('state', 'push', 'pushed.tfstate')).toMatchObject({ code: 0 });
    const pulled = await run('state', 'pull');
    expect(pulled.code).toBe(0);
    expect(JSON.parse(pulled.stdout)).toMatchObject({ serial: 7, outputs: { region: { value: 'eu-west-1' } } });
    expect(await run('outputs', 'region', '--raw')).toMatchObject({ code: 0, stdout: 'eu-west-1' });

    expect(await run('workspace', 'new', 'dev')).toMatchObject({ code: 0 });
    expect(JSON.parse((await run('workspace', 'list', '--json')).stdout)).toEqual({ current: 'default', workspaces: ['default', 'dev'] });
    expect(await run('workspace', 'delete', 'dev')).toMatchObject({ code: 0 });
    expect(JSON.parse((await run('workspace', 'list', '--json')).stdout)).toEqual({ current: 'default', workspaces: ['default'] });
  });

  it('keeps a lock taken by lock acquire across processes until unlock or force-unlock', async () => {
    const cwd = await setUp(backend);
    const run = (...args: string[]) => runTfstate(['--backend', backend.name, '-c', 'backend.hcl', ...args], { cwd });
    await writeFile(join(cwd, 'state.tfstate'), stateFile({ serial: 1 }));

    const acquired = await run('lock', 'acquire', '--operation', 'ci-deploy', '--json');
    expect(acquired.code).toBe(0);
    const { id } = JSON.parse(acquired.stdout) as { id: string };
    const status = JSON.parse((await run('lock', 'status', '--json')).stdout) as Record<string, unknown>;
    expect(status).toMatchObject({ locked: true, id, operation: 'ci-deploy' });

    const blocked = await run('state', 'push', 'state.tfstate');
    expect(blocked.code).toBe(3);
    expect(blocked.stderr).toContain(id);
    expect(await run('unlock', generateLockId())).toMatchObject({ code: 1 });
    expect(await run('lock', 'acquire')).toMatchObject({ code: 3 });

    expect(await run('unlock', id)).toMatchObject({ code: 0 });
    expect(JSON.parse((await run('lock', 'status', '--json')).stdout)).toEqual({ locked: false });

    const second = JSON.parse((await run('lock', 'acquire', '--json')).stdout) as { id: string };
    const refused = await run('force-unlock', second.id);
    expect(refused.code).toBe(2);
    expect(JSON.parse((await run('lock', 'status', '--json')).stdout)).toMatchObject({ locked: true, id: second.id });
    expect(await run('force-unlock', second.id, '--yes')).toMatchObject({ code: 0 });
    expect(await run('state', 'push', 'state.tfstate')).toMatchObject({ code: 0 });
  });
});

async function setUp(backend: RemoteBackend): Promise<string> {
  const cwd = await temporaryDirectory();
  await writeFile(join(cwd, 'backend.hcl'), await backend.configure());
  return cwd;
}

async function s3Config(options: { lockfile: boolean }): Promise<string> {
  const { s3, dynamodb } = required();
  const bucket = await createBucket('cli');
  const lines = [
    `bucket = "${bucket}"`,
    'key = "app/terraform.tfstate"',
    `region = "${s3.region}"`,
    `access_key = "${s3.accessKeyId}"`,
    `secret_key = "${s3.secretAccessKey}"`,
    'use_path_style = true',
    'skip_credentials_validation = true',
    'skip_requesting_account_id = true',
    'skip_s3_checksum = true',
  ];
  if (options.lockfile) {
    lines.push('use_lockfile = true', `endpoints = { s3 = "${s3.endpoint}" }`);
  } else {
    const table = uniqueName('locks');
    const tables = new DynamoDBClient({
      region: dynamodb.region,
      endpoint: dynamodb.endpoint,
      credentials: { accessKeyId: dynamodb.accessKeyId, secretAccessKey: dynamodb.secretAccessKey },
    });
    await tables.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [{ AttributeName: 'LockID', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'LockID', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await waitUntilTableExists({ client: tables, maxWaitTime: 30 }, { TableName: table });
    tables.destroy();
    lines.push(`dynamodb_table = "${table}"`, `endpoints = { s3 = "${s3.endpoint}", dynamodb = "${dynamodb.endpoint}" }`);
  }
  return `${lines.join('\n')}\n`;
}

async function ossConfig(): Promise<string> {
  const { oss } = required();
  // The OSS server keeps its objects in radosgw, so the bucket is created there.
  const bucket = await createBucket('cli-oss');
  return [
    `bucket = "${bucket}"`,
    `endpoint = "${oss.endpoint}"`,
    `region = "${oss.region}"`,
    `access_key = "${oss.accessKeyId}"`,
    `secret_key = "${oss.accessKeySecret}"`,
    'prefix = "env:"',
    'use_lockfile = true',
    '',
  ].join('\n');
}

function required() {
  const { s3, dynamodb, oss } = servers;
  if (!s3 || !dynamodb || !oss) throw new Error('these tests need TFSTATE_TEST_SERVERS=s3,dynamodb,oss (see vitest.config.ts)');
  return { s3, dynamodb, oss };
}

/** A fresh bucket on radosgw (which also stores the OSS server's objects). */
async function createBucket(stem: string): Promise<string> {
  const { s3 } = required();
  const bucket = uniqueName(stem);
  const client = new S3Client({
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  return bucket;
}

function uniqueName(stem: string): string {
  return `${stem}-${randomBytes(5).toString('hex')}`;
}
