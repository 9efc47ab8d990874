import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetBucketVersioningCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import type { BootstrapReport } from '@x/backend-core';
import type { TableStoreServer } from '@x/test-servers';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientsForFile,
  createDynamoLockTable,
  hclText,
  ossBackendSettings,
  s3BackendSettings,
  startTableStoreForOss,
  uniqueName,
} from './helpers/remote-backends.js';
import { runTfstate, temporaryDirectory, type RunResult } from './helpers/run-tfstate.js';
import { stateFile } from './helpers/state-files.js';

const { s3, dynamodb } = clientsForFile();
let tablestore: TableStoreServer;
beforeAll(async () => {
  tablestore = await startTableStoreForOss();
});
afterAll(async () => {
  await tablestore?.stop();
});

function outcomes(result: RunResult): Record<string, string> {
  expect(result.stdout.startsWith('{'), result.stderr).toBe(true);
  const report = JSON.parse(result.stdout) as BootstrapReport;
  return Object.fromEntries(report.steps.map((step) => [step.step, step.outcome]));
}

function s3Settings(bucket: string, table: string): string {
  return hclText(s3BackendSettings({ bucket, lock: { kind: 'dynamodb', table } }));
}

function ossSettings(bucket: string, table: string): string {
  return hclText(ossBackendSettings({ bucket, lock: { kind: 'tablestore', server: tablestore, table } }));
}

/**
 * Takes and releases a lock that outlives the process (remote backends only), pushes a state
 * (which locks again), then pulls it: the backend works end to end.
 */
async function pushAndPull(run: (...args: string[]) => Promise<RunResult>, cwd: string, options: { heldLock: boolean }): Promise<void> {
  await writeFile(join(cwd, 'pushed.tfstate'), stateFile({ serial: 3, outputs: { answer: { value: '42', type: 'string' } } }));
  if (options.heldLock) {
    const acquired = await run('lock', 'acquire', '--json');
    expect(acquired.code, acquired.stderr).toBe(0);
    const { id } = JSON.parse(acquired.stdout) as { id: string };
    expect(await run('unlock', id)).toMatchObject({ code: 0 });
  }
  const pushed = await run('state', 'push', 'pushed.tfstate');
  expect(pushed.code, pushed.stderr).toBe(0);
  expect(JSON.parse((await run('state', 'pull')).stdout)).toMatchObject({ serial: 3, outputs: { answer: { value: '42' } } });
}

describe('tfstate bootstrap', () => {
  it('local: creates the state and workspace directories; --dry-run creates nothing', async () => {
    const cwd = await temporaryDirectory();
    const run = (...args: string[]) => runTfstate(['--backend', 'local', '-c', 'path=states/prod/terraform.tfstate', '-c', 'workspace_dir=envs', ...args], { cwd });
    const dry = await run('bootstrap', '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toBe(
      [
        'Bootstrap plan for the local backend (dry run: nothing was changed):',
        '  would create  state-directory (states/prod): would create directory "states/prod"',
        '  would create  workspace-directory (envs): would create directory "envs"',
        '',
      ].join('\n'),
    );
    await expect(stat(join(cwd, 'states'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(outcomes(await run('bootstrap', '--json'))).toEqual({ 'state-directory': 'created', 'workspace-directory': 'created' });
    expect((await stat(join(cwd, 'states', 'prod'))).isDirectory()).toBe(true);
    expect((await stat(join(cwd, 'envs'))).isDirectory()).toBe(true);
    expect(outcomes(await run('bootstrap', '--json'))).toEqual({ 'state-directory': 'already', 'workspace-directory': 'already' });
    await pushAndPull(run, cwd, { heldLock: false });
    expect((await stat(join(cwd, 'states', 'prod', 'terraform.tfstate'))).isFile()).toBe(true);
  });

  it('s3: plans, creates bucket and lock table, reports what radosgw cannot do, and the backend then works', async () => {
    const cwd = await temporaryDirectory();
    const bucket = uniqueName('cli-boot');
    const table = uniqueName('cli-boot');
    await writeFile(join(cwd, 'backend.hcl'), s3Settings(bucket, table));
    const run = (...args: string[]) => runTfstate(['--backend', 's3', '-c', 'backend.hcl', ...args], { cwd });

    const dry = await run('bootstrap', '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    expect(outcomes(dry)).toEqual({
      bucket: 'would-create',
      versioning: 'would-create',
      encryption: 'would-create',
      'public-access-block': 'would-create',
      'secure-transport-policy': 'skipped',
      'lock-table': 'would-create',
    });
    await expect(s3.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });

    const first = await run('bootstrap');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Bootstrap for the s3 backend:\n/);
    expect(first.stdout).toContain(`  created      bucket (${bucket}): created bucket "${bucket}" in us-east-1\n`);
    expect(first.stdout).toContain(`  UNSUPPORTED  encryption (${bucket}): could not set default encryption AES256`);
    expect(first.stdout).toContain(`  created      lock-table (${table}): created DynamoDB table "${table}"`);
    expect(first.stderr).toContain('Warning: the store does not support encryption, public-access-block; those settings are not in place.');
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Enabled');
    expect((await dynamodb.send(new DescribeTableCommand({ TableName: table }))).Table?.TableStatus).toBe('ACTIVE');

    const second = await run('bootstrap', '--json');
    expect(second.code, second.stderr).toBe(0);
    expect(outcomes(second)).toEqual({
      bucket: 'already',
      versioning: 'already',
      encryption: 'unsupported-by-server',
      'public-access-block': 'unsupported-by-server',
      'secure-transport-policy': 'skipped',
      'lock-table': 'already',
    });
    await pushAndPull(run, cwd, { heldLock: true });
  });

  it('s3: --tls-policy sets the policy; a lock table with another key is a conflict (exit 1) and is left alone', async () => {
    const cwd = await temporaryDirectory();
    const table = await createDynamoLockTable({ stem: 'cli-conflict', keyName: 'Key' });
    await writeFile(join(cwd, 'backend.hcl'), s3Settings(uniqueName('cli-conflict'), table));
    const result = await runTfstate(['--backend', 's3', '-c', 'backend.hcl', 'bootstrap', '--tls-policy'], { cwd });
    expect(result.code).toBe(1);
    // --tls-policy sets the policy despite the plain-HTTP endpoint; radosgw keeps it but does not enforce it.
    expect(result.stdout).toMatch(/\n {2}UNSUPPORTED {2}secure-transport-policy \(cli-conflict-[0-9a-f]+\): the bucket policy denies requests without TLS, but the server does not enforce/);
    expect(result.stdout).toContain(`  CONFLICT     lock-table (${table}): DynamoDB table "${table}" exists but its key is Key (HASH)`);
    expect(result.stderr).toContain(`bootstrap found existing resources that contradict the backend: lock-table (${table})`);
    expect((await dynamodb.send(new DescribeTableCommand({ TableName: table }))).Table?.KeySchema).toEqual([{ AttributeName: 'Key', KeyType: 'HASH' }]);
  });

  it('oss: creates bucket (KMS with --kms-key-id) and TableStore table; a second run changes nothing; the backend then works', async () => {
    const cwd = await temporaryDirectory();
    const bucket = uniqueName('cli-oss-boot');
    const table = uniqueName('cli_boot').replace(/-/g, '_');
    await writeFile(join(cwd, 'backend.hcl'), ossSettings(bucket, table));
    const run = (...args: string[]) => runTfstate(['--backend', 'oss', '-c', 'backend.hcl', ...args], { cwd });

    const dry = await run('bootstrap', '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    expect(outcomes(dry)).toEqual({ bucket: 'would-create', versioning: 'would-create', encryption: 'would-create', acl: 'would-create', 'lock-table': 'would-create' });
    await expect(s3.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });

    const first = await run('bootstrap', '--kms-key-id', 'key-cli-1', '--json');
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as BootstrapReport;
    expect(report.steps.find((step) => step.step === 'encryption')).toEqual({
      step: 'encryption',
      resource: bucket,
      outcome: 'created',
      detail: 'no default encryption; set KMS with key key-cli-1',
    });
    expect(outcomes(first)).toEqual({ bucket: 'created', versioning: 'created', encryption: 'created', acl: 'created', 'lock-table': 'created' });
    // The OSS server keeps its buckets in radosgw.
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Enabled');

    const second = await run('bootstrap');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout.split('\n').slice(1, -1).every((line) => line.startsWith('  ok  '))).toBe(true);
    expect(second.stderr).not.toContain('Warning');
    await pushAndPull(run, cwd, { heldLock: true });
  });

  it('bad settings fail before anything is created', async () => {
    const cwd = await temporaryDirectory();
    const result = await runTfstate(['--backend', 'local', '-c', 'directory=x', 'bootstrap'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the local backend has no setting "directory"');
  });
});
