import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { TableStoreServer } from '@x/test-servers';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorItem, DoctorJson } from './helpers/doctor-report.js';
import {
  createDynamoLockTable,
  createS3Bucket,
  createTableStoreLockTable,
  dynamoClient,
  hclText,
  ossBackendSettings,
  requireServers,
  s3BackendSettings,
  startTableStoreForOss,
  tableStoreClient,
  tableStoreSdk,
} from './helpers/remote-backends.js';
import { runTfstate, temporaryDirectory, type RunResult } from './helpers/run-tfstate.js';
import { stateFile } from './helpers/state-files.js';

describe('tfstate doctor on s3 (radosgw, dynalite)', () => {
  it('an unversioned bucket with a lockfile: versioning warns, conditional writes pass, exit 0', async () => {
    const cwd = await setUp(await s3Config({ versioned: false, lockfile: true }));
    const result = await tfstate(cwd, 's3', 'doctor', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as DoctorJson;
    expect(report).toMatchObject({ backend: 's3', workspaces: ['default'], safe: true, summary: { fail: 0 } });
    expect(item(report, 'bucket').status).toBe('ok');
    expect(item(report, 'versioning')).toMatchObject({ status: 'warn', fix: expect.stringContaining('Enable versioning') });
    expect(item(report, 'conditional-writes').status).toBe('ok');
    expect(item(report, 'encryption').status).toBe('ok');
    expect(item(report, 'identity-s3').message).toMatch(/^S3: region \S+, endpoint http:\/\/.+, access key …/);
    expect(item(report, 'identity-sts').message).toContain('STS: region');
    // radosgw answers no STS calls: the provider's identity check warns, which is not fatal.
    expect(item(report, 'identity').status).toBe('warn');
    expect(item(report, 'locks')).toMatchObject({ status: 'ok', message: 'no held lock (1 workspace checked)' });
    expect(report.items.some((entry) => entry.id === 'digest')).toBe(false);

    const human = await tfstate(cwd, 's3', 'doctor');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('tfstate doctor: s3 backend, workspace "default"');
    expect(human.stdout).toMatch(/^\[WARN\] versioning: .*\n {7}fix: Enable versioning/m);
    expect(human.stdout).toMatch(/^\[ok {2}\] conditional-writes: /m);
    expect(human.stdout).toMatch(/\d+ ok, 2 warnings, 0 failures\n$/);
  });

  it('a versioned bucket with a DynamoDB table: versioning and digest pass; a corrupted digest fails with the fix, exit 1', async () => {
    const table = await createDynamoLockTable({ stem: 'doctor-locks' });
    const config = await s3Config({ versioned: true, lockfile: false, table });
    const cwd = await setUp(config.text);
    const state = stateFile({ serial: 3 });
    await writeFile(join(cwd, 'state.tfstate'), state);
    expect(await tfstate(cwd, 's3', 'state', 'push', 'state.tfstate')).toMatchObject({ code: 0 });

    const healthy = JSON.parse((await tfstate(cwd, 's3', 'doctor', '--json')).stdout) as DoctorJson;
    expect(item(healthy, 'versioning').status).toBe('ok');
    expect(item(healthy, 'lock-table').status).toBe('ok');
    expect(item(healthy, 'identity-dynamodb').message).toContain('DynamoDB: region');
    const md5 = createHash('md5').update(await pulledBytes(cwd)).digest('hex');
    expect(item(healthy, 'digest')).toMatchObject({ status: 'ok', workspace: 'default' });
    expect(item(healthy, 'digest').message).toContain(md5);

    const digestId = `${config.bucket}/app/terraform.tfstate-md5`;
    expect((await dynamoClient().send(new GetItemCommand({ TableName: table, Key: { LockID: { S: digestId } } }))).Item?.Digest?.S).toBe(md5);
    await dynamoClient().send(new PutItemCommand({ TableName: table, Item: { LockID: { S: digestId }, Digest: { S: '0'.repeat(32) } } }));
    const broken = await tfstate(cwd, 's3', 'doctor', '--json');
    expect(broken.code).toBe(1);
    const report = JSON.parse(broken.stdout) as DoctorJson;
    expect(report.safe).toBe(false);
    expect(item(report, 'digest')).toMatchObject({ status: 'fail', workspace: 'default' });
    expect(item(report, 'digest').message).toContain(`has MD5 ${md5}, but DynamoDB item "${digestId}" records ${'0'.repeat(32)}`);
    expect(item(report, 'digest').fix).toContain(`to ${md5}`);
    expect(broken.stderr).toContain('Error: doctor found 1 problem that make');
    expect(broken.stderr).toContain('digest (default)');
  });

  it('a lock table with the wrong key fails the lock-table item, exit 1', async () => {
    const table = await createDynamoLockTable({ stem: 'doctor-locks', keyName: 'id' });
    const cwd = await setUp((await s3Config({ versioned: false, lockfile: false, table })).text);
    const result = await tfstate(cwd, 's3', 'doctor', '--json');
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as DoctorJson;
    expect(item(report, 'lock-table')).toMatchObject({ status: 'fail', fix: expect.stringContaining('"LockID" (String)') });
    expect(report.observed).toMatchObject({ locking: false, digest: false });
  });

  it('flags a lock older than --stale-after with the force-unlock command, and finds a lock without a state with --all-workspaces', async () => {
    const cwd = await setUp((await s3Config({ versioned: false, lockfile: true })).text);
    const held = JSON.parse((await tfstate(cwd, 's3', 'lock', 'acquire', '--operation', 'ci-deploy', '--json')).stdout) as { id: string };
    const ghost = JSON.parse((await tfstate(cwd, 's3', '-w', 'ghost', 'lock', 'acquire', '--json')).stdout) as { id: string };

    const fresh = JSON.parse((await tfstate(cwd, 's3', 'doctor', '--json')).stdout) as DoctorJson;
    expect(item(fresh, 'held-lock')).toMatchObject({ status: 'ok', workspace: 'default' });
    expect(item(fresh, 'held-lock').message).toContain(`ci-deploy, ID ${held.id}`);

    const stale = await tfstate(cwd, 's3', 'doctor', '--stale-after', '0s', '--all-workspaces', '--json');
    expect(stale.code).toBe(0);
    const report = JSON.parse(stale.stdout) as DoctorJson;
    expect(report.workspaces).toEqual(['default']);
    const flagged = report.items.filter((entry) => entry.id === 'stale-lock');
    expect(flagged.map((entry) => entry.workspace)).toEqual(['default', 'ghost']);
    expect(flagged[0]!.status).toBe('warn');
    expect(flagged[0]!.fix).toContain(`-w default force-unlock ${held.id} --yes`);
    expect(flagged[1]!.fix).toContain(`-w ghost force-unlock ${ghost.id} --yes`);

    expect(await tfstate(cwd, 's3', 'doctor', '--stale-after', 'soon')).toMatchObject({ code: 2 });
  });
});

describe('tfstate doctor on oss with TableStore', () => {
  let tablestore: TableStoreServer;
  beforeAll(async () => {
    tablestore = await startTableStoreForOss();
  });
  afterAll(() => tablestore?.stop());

  it('checks the table and the digest, and fails on a corrupted digest row', async () => {
    const { bucket, table, text } = await ossConfig(tablestore);
    const cwd = await setUp(text);
    await writeFile(join(cwd, 'state.tfstate'), stateFile({ serial: 2 }));
    const pushed = await tfstate(cwd, 'oss', 'state', 'push', 'state.tfstate');
    expect(pushed, pushed.stderr).toMatchObject({ code: 0 });

    const healthy = await tfstate(cwd, 'oss', 'doctor', '--json');
    expect(healthy.code).toBe(0);
    const report = JSON.parse(healthy.stdout) as DoctorJson;
    expect(item(report, 'lock-table').status).toBe('ok');
    expect(item(report, 'identity-oss').message).toContain(`OSS: bucket "${bucket}"`);
    expect(item(report, 'identity-tablestore').message).toContain(`table "${table}"`);
    const md5 = createHash('md5').update(await pulledBytes(cwd, 'oss')).digest('hex');
    expect(item(report, 'digest')).toMatchObject({ status: 'ok' });
    expect(item(report, 'digest').message).toContain(md5);

    const digestRow = `${bucket}/env:/terraform.tfstate-md5`;
    await tableStoreClient(tablestore).putRow({
      tableName: table,
      condition: new tableStoreSdk.Condition(tableStoreSdk.RowExistenceExpectation.IGNORE, null),
      primaryKey: [{ LockID: digestRow }],
      attributeColumns: [{ Digest: 'f'.repeat(32) }],
    });
    const broken = await tfstate(cwd, 'oss', 'doctor', '--json');
    expect(broken.code).toBe(1);
    expect(item(JSON.parse(broken.stdout) as DoctorJson, 'digest')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining(`TableStore row "${digestRow}" records ${'f'.repeat(32)}`),
    });
  });

  it('lock status --all --scan-lock-table finds a TableStore lock of a workspace without a state', async () => {
    const { bucket, text } = await ossConfig(tablestore);
    const cwd = await setUp(text);
    const ghost = JSON.parse((await tfstate(cwd, 'oss', '-w', 'ghost', 'lock', 'acquire', '--json')).stdout) as { id: string };
    expect((await tfstate(cwd, 'oss', 'lock', 'status', '--all')).stdout).toBe('No held lock (1 workspace checked).\n');
    const scanned = await tfstate(cwd, 'oss', 'lock', 'status', '--all', '--scan-lock-table', '--json');
    expect(scanned.code).toBe(0);
    const json = JSON.parse(scanned.stdout) as { locks: Array<Record<string, unknown>>; coverage: string };
    expect(json.locks).toEqual([expect.objectContaining({ workspace: 'ghost', id: ghost.id })]);
    expect(json.coverage).toContain(`every TableStore lock row under "${bucket}/env:/"`);
    expect(await tfstate(cwd, 'oss', '-w', 'ghost', 'unlock', ghost.id)).toMatchObject({ code: 0 });
  });
});

describe('tfstate lock status --all', () => {
  it('lists two held locks, one on a workspace without a state, with holder, operation, id and age', async () => {
    const cwd = await setUp((await s3Config({ versioned: false, lockfile: true })).text);
    await writeFile(join(cwd, 'state.tfstate'), stateFile({ serial: 1 }));
    expect(await tfstate(cwd, 's3', '-w', 'dev', 'state', 'push', 'state.tfstate')).toMatchObject({ code: 0 });
    const dev = JSON.parse((await tfstate(cwd, 's3', '-w', 'dev', 'lock', 'acquire', '--operation', 'apply-dev', '--json')).stdout) as { id: string };
    const ghost = JSON.parse((await tfstate(cwd, 's3', '-w', 'ghost', 'lock', 'acquire', '--json')).stdout) as { id: string };

    const listed = await tfstate(cwd, 's3', 'lock', 'status', '--all', '--json');
    expect(listed.code).toBe(0);
    const json = JSON.parse(listed.stdout) as { locks: Array<Record<string, unknown>>; checked: string[]; coverage: string; unreadable: unknown[] };
    expect(json.checked).toEqual(['default', 'dev', 'ghost']);
    expect(json.locks).toEqual([
      expect.objectContaining({ workspace: 'dev', id: dev.id, operation: 'apply-dev', ageSeconds: expect.any(Number) }),
      expect.objectContaining({ workspace: 'ghost', id: ghost.id, operation: 'tfstate-lock-acquire' }),
    ]);
    expect(json.locks[0]!.who).toMatch(/@/);
    expect(json.coverage).toContain('every S3 lock file under "env:/"');
    expect(json.unreadable).toEqual([]);

    const human = await tfstate(cwd, 's3', 'lock', 'status', '--all');
    expect(human.stdout.split('\n')[0]).toMatch(/^WORKSPACE +WHO +OPERATION +LOCK ID +AGE$/);
    expect(human.stdout).toMatch(new RegExp(`^dev +\\S+@\\S+ +apply-dev +${dev.id} +\\d+s$`, 'm'));
    expect(human.stdout).toContain(ghost.id);
    expect(human.stderr).toContain('Checked: workspaces with a state');

    expect(await tfstate(cwd, 's3', '-w', 'dev', 'unlock', dev.id)).toMatchObject({ code: 0 });
    expect(await tfstate(cwd, 's3', '-w', 'ghost', 'unlock', ghost.id)).toMatchObject({ code: 0 });
    expect((await tfstate(cwd, 's3', 'lock', 'status', '--all')).stdout).toBe('No held lock (2 workspaces checked).\n');
  });

  it('finds a DynamoDB lock of a workspace without a state only with --scan-lock-table, in lock status and doctor', async () => {
    const table = await createDynamoLockTable({ stem: 'scan-locks' });
    const cwd = await setUp(await s3Config({ versioned: false, lockfile: false, table }));
    const ghost = JSON.parse((await tfstate(cwd, 's3', '-w', 'ghost', 'lock', 'acquire', '--json')).stdout) as { id: string };

    const unscanned = await tfstate(cwd, 's3', 'lock', 'status', '--all');
    expect(unscanned.stdout).toBe('No held lock (1 workspace checked).\n');
    expect(unscanned.stderr).toContain('Add --scan-lock-table to read the whole lock table too.');

    const scanned = await tfstate(cwd, 's3', 'lock', 'status', '--all', '--scan-lock-table', '--json');
    expect(scanned.code).toBe(0);
    const json = JSON.parse(scanned.stdout) as { locks: Array<Record<string, unknown>>; checked: string[]; coverage: string };
    expect(json.checked).toEqual(['default', 'ghost']);
    expect(json.locks).toEqual([expect.objectContaining({ workspace: 'ghost', id: ghost.id })]);
    expect(json.coverage).toContain(`every DynamoDB lock item of this bucket in "${table}" (a scan of the whole table)`);

    const doctor = JSON.parse((await tfstate(cwd, 's3', 'doctor', '--all-workspaces', '--scan-lock-table', '--stale-after', '0s', '--json')).stdout) as DoctorJson;
    expect(doctor.items.filter((entry) => entry.id === 'stale-lock').map((entry) => entry.workspace)).toEqual(['ghost']);

    const misplaced = await tfstate(cwd, 's3', 'lock', 'status', '--scan-lock-table');
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain('--scan-lock-table only applies with --all');
    expect(await tfstate(cwd, 's3', 'doctor', '--scan-lock-table')).toMatchObject({ code: 2 });
    expect(await tfstate(cwd, 's3', '-w', 'ghost', 'unlock', ghost.id)).toMatchObject({ code: 0 });
  });

  it('refuses --scan-lock-table where there is no lock table, instead of ignoring it', async () => {
    const cwd = await setUp(await s3Config({ versioned: false, lockfile: true }));
    for (const args of [
      ['lock', 'status', '--all', '--scan-lock-table'],
      ['doctor', '--all-workspaces', '--scan-lock-table'],
    ]) {
      const refused = await tfstate(cwd, 's3', ...args);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('--scan-lock-table: the s3 backend has no lock table to read');
      expect(refused.stdout).toBe('');
    }
    const local = await runTfstate(['doctor', '--all-workspaces', '--scan-lock-table'], { cwd: await temporaryDirectory() });
    expect(local.code).toBe(2);
    expect(local.stderr).toContain('--scan-lock-table: the local backend has no lock table to read');
    const localStatus = await runTfstate(['lock', 'status', '--all', '--scan-lock-table'], { cwd: await temporaryDirectory() });
    expect(localStatus.code).toBe(2);
  });
});

function item(report: DoctorJson, id: string): DoctorItem {
  const found = report.items.find((entry) => entry.id === id);
  if (found === undefined) throw new Error(`no item "${id}" in ${JSON.stringify(report.items.map((entry) => entry.id))}`);
  return found;
}

function tfstate(cwd: string, backend: string, ...args: string[]): Promise<RunResult> {
  return runTfstate(['--backend', backend, '-c', 'backend.hcl', ...args], { cwd });
}

/** The stored bytes: `state pull` prints them exactly as stored. */
async function pulledBytes(cwd: string, backend = 's3'): Promise<Buffer> {
  const pulled = await tfstate(cwd, backend, 'state', 'pull');
  expect(pulled.code).toBe(0);
  return pulled.stdoutBytes;
}

async function setUp(configText: string | { text: string }): Promise<string> {
  const cwd = await temporaryDirectory();
  await writeFile(join(cwd, 'backend.hcl'), typeof configText === 'string' ? configText : configText.text);
  return cwd;
}

async function s3Config(options: { versioned: boolean; lockfile: boolean; table?: string }): Promise<{ bucket: string; text: string }> {
  const bucket = await createS3Bucket('doctor', { versioned: options.versioned });
  const lines = s3BackendSettings({
    bucket,
    lock: options.table !== undefined ? { kind: 'dynamodb', table: options.table } : options.lockfile ? { kind: 'lockfile' } : { kind: 'none' },
    moreEndpoints: { sts: requireServers('s3').s3.endpoint },
  });
  return { bucket, text: hclText(lines) };
}

async function ossConfig(tablestore: TableStoreServer): Promise<{ bucket: string; table: string; text: string }> {
  // The OSS server keeps its objects in radosgw, so the bucket is created there.
  const bucket = await createS3Bucket('doctor-oss');
  const table = await createTableStoreLockTable(tablestore, 'doctor_locks');
  const text = hclText(ossBackendSettings({ bucket, lock: { kind: 'tablestore', server: tablestore, table } }));
  return { bucket, table, text };
}
