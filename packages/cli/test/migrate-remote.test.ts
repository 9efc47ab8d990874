import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import type { TableStoreServer } from '@x/test-servers';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDynamoLockTable,
  createS3Bucket,
  createTableStoreLockTable,
  dynamoClient,
  ossBackendSettings,
  requireServers,
  s3BackendSettings,
  s3Client,
  startTableStoreForOss,
} from './helpers/remote-backends.js';
import { binPath, cleanEnvironment, runProcess, runTfstate, temporaryDirectory, type RunResult } from './helpers/run-tfstate.js';
import { terraformAvailable } from './helpers/terraform.js';
import { stateFile } from './helpers/state-files.js';

const haveTerraform = terraformAvailable();

/** Terraform offline: empty CLI config, and the checksum modes radosgw accepts (as packages/backend-s3/test does). */
async function terraform(cwd: string, ...args: string[]): Promise<RunResult> {
  const config = join(cwd, '.empty.tfrc');
  await writeFile(config, '');
  const result = await runProcess('terraform', [...args, '-no-color'], {
    cwd,
    env: {
      TF_CLI_CONFIG_FILE: config,
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
      AWS_REQUEST_CHECKSUM_CALCULATION: 'when_required',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'when_required',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  if (result.code !== 0 && !(args[0] === 'plan' && result.code === 2)) {
    throw new Error(`terraform ${args.join(' ')} failed (${result.code}):\n${result.stderr}${result.stdout}`);
  }
  return result;
}

const configuration = `resource "terraform_data" "item" {
  input = "item-\${terraform.workspace}"
}

output "workspace" {
  value = terraform.workspace
}

output "item" {
  value = terraform_data.item.output
}

output "settings" {
  value = { name = terraform.workspace, sizes = [1, 2, 3], enabled = true }
}

output "secret" {
  value     = "s3cr3t-\${terraform.workspace}"
  sensitive = true
}
`;

const workspaces = ['default', 'dev', 'prod-eu', 'prod-us'];

/** The s3 backend settings (HCL attributes) for radosgw with a DynamoDB lock table; Terraform and tfstate read the same lines. */
function s3Settings(bucket: string, table: string): string {
  const lines = s3BackendSettings({ bucket, lock: { kind: 'dynamodb', table } });
  return [...lines, 'skip_metadata_api_check = true', 'skip_region_validation = true'].join('\n');
}

/**
 * Terraform 1.11's oss backend has no tablestore_instance_name: it takes the first label of the
 * endpoint host, "127" for http://127.0.0.1:PORT. So these tests start a TableStore server that
 * answers to that instance and accepts the OSS key, which the oss backend uses for both stores.
 */
let tablestoreServer: TableStoreServer | undefined;

function ossSettings(bucket: string, table: string): string {
  const lock = { kind: 'tablestore', server: tablestoreServer!, table, withInstanceName: false } as const;
  return ossBackendSettings({ bucket, prefix: 'migrated', key: 'terraform.tfstate', lock }).join('\n');
}

/** A Terraform project directory with the shared configuration and the given backend block. */
async function project(backend?: { type: string; settings: string }): Promise<string> {
  const directory = await temporaryDirectory();
  const block = backend === undefined ? '' : `terraform {\n  backend "${backend.type}" {\n${backend.settings.replace(/^/gm, '    ')}\n  }\n}\n\n`;
  await writeFile(join(directory, 'main.tf'), `${block}${configuration}`);
  return directory;
}

/** `terraform output -json` of every workspace (with sensitive values, as -json shows them). */
async function outputsByWorkspace(directory: string): Promise<Record<string, unknown>> {
  const outputs: Record<string, unknown> = {};
  for (const workspace of workspaces) {
    await terraform(directory, 'workspace', 'select', workspace);
    outputs[workspace] = JSON.parse((await terraform(directory, 'output', '-json')).stdout);
  }
  return outputs;
}

/** Terraform, initialised on the target, sees every workspace, the same outputs, and nothing to change. */
async function expectTerraformReadsMigration(directory: string, expected: Record<string, unknown>): Promise<void> {
  await terraform(directory, 'init', '-input=false');
  const list = await terraform(directory, 'workspace', 'list');
  expect(list.stdout.split('\n').map((line) => line.replace(/^\*?\s+/, '').trim()).filter(Boolean)).toEqual(workspaces);
  expect(await outputsByWorkspace(directory)).toEqual(expected);
  await terraform(directory, 'workspace', 'select', 'prod-eu');
  const plan = await terraform(directory, 'plan', '-input=false', '-detailed-exitcode', '-lock-timeout=10s');
  expect(plan.code).toBe(0);
}

function localStateFile(directory: string, workspace: string): string {
  return workspace === 'default' ? join(directory, 'terraform.tfstate') : join(directory, 'terraform.tfstate.d', workspace, 'terraform.tfstate');
}

interface MigrationSummary {
  complete: boolean;
  resumed: boolean;
  workspaces: Array<{ workspace: string; result: string; source: { serial: number; lineage: string; md5: string } | null }>;
}

function resultsOf(result: RunResult): Record<string, string> {
  const summary = JSON.parse(result.stdout) as MigrationSummary;
  return Object.fromEntries(summary.workspaces.map((workspace) => [workspace.workspace, workspace.result]));
}

beforeAll(async () => {
  const { tablestore } = requireServers('tablestore');
  tablestoreServer = await startTableStoreForOss({
    instanceName: '127',
    credentials: [{ accessKeyId: tablestore.accessKeyId, accessKeySecret: tablestore.accessKeySecret }],
  });
});

afterAll(async () => {
  await tablestoreServer?.stop();
});

describe.runIf(haveTerraform)('tfstate migrate across backends, read back by terraform', () => {
  it('moves terraform-made workspaces local -> s3 (DynamoDB locks) -> oss (TableStore locks) -> local, verified at each hop', async () => {
    // The source: a local project where the real terraform applied four workspaces (dev twice).
    const source = await project();
    await terraform(source, 'init', '-input=false');
    await terraform(source, 'apply', '-auto-approve', '-input=false');
    for (const workspace of workspaces.slice(1)) {
      await terraform(source, 'workspace', 'new', workspace);
      await terraform(source, 'apply', '-auto-approve', '-input=false');
    }
    await terraform(source, 'workspace', 'select', 'dev');
    await terraform(source, 'apply', '-auto-approve', '-input=false', '-replace=terraform_data.item');
    const expected = await outputsByWorkspace(source);
    const sourceBytes = Object.fromEntries(await Promise.all(workspaces.map(async (workspace) => [workspace, await readFile(localStateFile(source, workspace), 'utf8')] as const)));
    expect((JSON.parse(sourceBytes.dev!) as { serial: number }).serial).toBeGreaterThan((JSON.parse(sourceBytes.default!) as { serial: number }).serial);

    // Hop 1: local -> s3, target settings from a -backend-config style file.
    const s3Block = s3Settings(await createS3Bucket('migrate'), await createDynamoLockTable());
    await writeFile(join(source, 's3.hcl'), `${s3Block}\n`);
    const dryRun = await runTfstate(['migrate', '--to-backend', 's3', '--to-config', 's3.hcl', '--dry-run', '--json'], { cwd: source });
    expect(dryRun.code).toBe(0);
    expect(resultsOf(dryRun)).toEqual({ default: 'copy', dev: 'copy', 'prod-eu': 'copy', 'prod-us': 'copy' });
    const toS3 = await runTfstate(['migrate', '--to-backend', 's3', '--to-config', 's3.hcl', '--json'], { cwd: source });
    expect(toS3.code, toS3.stderr).toBe(0);
    expect(resultsOf(toS3)).toEqual({ default: 'copied', dev: 'copied', 'prod-eu': 'copied', 'prod-us': 'copied' });
    for (const summary of (JSON.parse(toS3.stdout) as MigrationSummary).workspaces) {
      expect(summary.source?.lineage).toBe((JSON.parse(sourceBytes[summary.workspace]!) as { lineage: string }).lineage);
    }
    const s3Project = await project({ type: 's3', settings: s3Block });
    await expectTerraformReadsMigration(s3Project, expected);

    // Hop 2: s3 -> oss, target type and settings from the .tf file of a terraform project.
    const ossBlock = ossSettings(await createS3Bucket('migrate-oss'), await createTableStoreLockTable(tablestoreServer!));
    const ossProject = await project({ type: 'oss', settings: ossBlock });
    const toOss = await runTfstate(['--backend', 's3', '-c', join(source, 's3.hcl'), 'migrate', '--to-config', join(ossProject, 'main.tf'), '--json'], {
      cwd: await temporaryDirectory(),
    });
    expect(toOss.code, toOss.stderr).toBe(0);
    expect(resultsOf(toOss)).toEqual({ default: 'copied', dev: 'copied', 'prod-eu': 'copied', 'prod-us': 'copied' });
    await expectTerraformReadsMigration(ossProject, expected);

    // Hop 3: oss -> local, in a fresh project directory; the bytes come back exactly as terraform wrote them.
    const back = await project();
    await writeFile(join(back, 'oss.hcl'), `${ossBlock}\n`);
    const toLocal = await runTfstate(['--backend', 'oss', '-c', 'oss.hcl', 'migrate', '--to-backend', 'local'], { cwd: back });
    expect(toLocal.code, toLocal.stderr).toBe(0);
    expect(toLocal.stdout).toContain('4 workspaces: 4 copied; every workspace verified on the target.');
    for (const workspace of workspaces) expect(await readFile(localStateFile(back, workspace), 'utf8')).toBe(sourceBytes[workspace]);
    await expectTerraformReadsMigration(back, expected);

    // A rerun finds everything in place and writes nothing.
    const again = await runTfstate(['migrate', '--to-backend', 's3', '--to-config', 's3.hcl', '--json'], { cwd: source });
    expect(again.code).toBe(0);
    expect(resultsOf(again)).toEqual({ default: 'already-present', dev: 'already-present', 'prod-eu': 'already-present', 'prod-us': 'already-present' });
  }, 600_000);
});

describe('tfstate migrate interrupted and resumed (local -> s3 with DynamoDB locks, versioned bucket)', () => {
  it('resumes after SIGKILL from the journal: every workspace written once, verified, no lock left', async () => {
    const cwd = await temporaryDirectory();
    const names = Array.from({ length: 16 }, (_, index) => (index === 0 ? 'default' : `ws-${String(index).padStart(2, '0')}`));
    const states: Record<string, string> = {};
    for (const [index, workspace] of names.entries()) {
      // About 1.5 MB each, so the copy takes long enough to be stopped half way.
      const payload = randomBytes(768 * 1024).toString('hex');
      const resource = {
        mode: 'managed',
        type: 'terraform_data',
        name: 'blob',
        provider: 'provider["terraform.io/builtin/terraform"]',
        instances: [{ schema_version: 0, attributes: { id: `id-${index}`, input: payload, output: payload, triggers_replace: null }, sensitive_attributes: [] }],
      };
      states[workspace] = stateFile({ serial: index + 1, resources: [resource] });
      const file = localStateFile(cwd, workspace);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, states[workspace]!);
    }
    const bucket = await createS3Bucket('migrate-resume', { versioned: true });
    const table = await createDynamoLockTable();
    await writeFile(join(cwd, 's3.hcl'), `${s3Settings(bucket, table)}\n`);
    const command = ['migrate', '--to-backend', 's3', '--to-config', 's3.hcl', '--json'];
    const client = s3Client();
    const stateKey = (workspace: string) => (workspace === 'default' ? 'app/terraform.tfstate' : `env:/${workspace}/app/terraform.tfstate`);
    const landed = async () => {
      const listing = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      return new Set((listing.Contents ?? []).map((object) => object.Key!));
    };

    const child = spawn(process.execPath, [binPath, ...command], { cwd, env: cleanEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
    let killedAfter = new Set<string>();
    for (;;) {
      killedAfter = await landed();
      if (killedAfter.size >= 4 || child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    await once(child, 'close');
    // A PUT radosgw had fully received when the client died still completes: wait until the listing stops changing.
    for (let previous = new Set<string>(); ; previous = killedAfter) {
      killedAfter = await landed();
      if (killedAfter.size === previous.size) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(killedAfter.size, 'the migration finished before it could be interrupted').toBeLessThan(names.length);

    const journalText = await readFile(join(cwd, '.tfstate-migrate.json'), 'utf8');
    expect(journalText).not.toContain(requireServers('s3').s3.secretAccessKey);
    const journal = JSON.parse(journalText) as { id: string; workspaces: Array<{ name: string; status: string }> };
    expect(journal.workspaces.map((entry) => entry.name)).toEqual(names);
    expect(journal.workspaces.filter((entry) => entry.status === 'verified').length).toBeGreaterThanOrEqual(3);

    // A lock a killed run of this journal left on a workspace not yet copied: the rerun must release it itself.
    const pending = names.filter((workspace) => !killedAfter.has(stateKey(workspace))).at(-1)!;
    const stale = await runTfstate(
      ['--backend', 's3', '-c', 's3.hcl', '-w', pending, 'lock', 'acquire', '--operation', 'migrate', '--info', `tfstate migrate journal ${journal.id} (pid ${child.pid} on ${hostname()})`, '--json'],
      { cwd },
    );
    expect(stale.code, stale.stderr).toBe(0);
    const staleId = (JSON.parse(stale.stdout) as { id: string }).id;

    const resumed = await runTfstate(command, { cwd });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`Released the target lock ${staleId} of "${pending}" left by the interrupted run.`);
    const summary = JSON.parse(resumed.stdout) as MigrationSummary;
    expect(summary).toMatchObject({ resumed: true, complete: true });
    const results = resultsOf(resumed);
    expect(Object.keys(results)).toEqual(names);
    for (const workspace of names) {
      const status = journal.workspaces.find((entry) => entry.name === workspace)!.status;
      if (status === 'verified') expect(results[workspace]).toBe('verified-earlier');
      else expect(['copied', 'already-present']).toContain(results[workspace]);
      if (!killedAfter.has(stateKey(workspace))) expect(results[workspace]).toBe('copied');
    }
    await expect(readFile(join(cwd, '.tfstate-migrate.json'))).rejects.toMatchObject({ code: 'ENOENT' });

    for (const workspace of names) {
      const versions = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: stateKey(workspace) }));
      const ofKey = (versions.Versions ?? []).filter((version) => version.Key === stateKey(workspace));
      expect(ofKey.length, `versions of ${workspace}`).toBe(1);
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: stateKey(workspace) }));
      expect(await object.Body!.transformToString(), workspace).toBe(states[workspace]);
    }
    client.destroy();
    const dynamo = dynamoClient();
    const rows = await dynamo.send(new ScanCommand({ TableName: table }));
    dynamo.destroy();
    const lockIds = (rows.Items ?? []).map((item) => item.LockID!.S!);
    expect(lockIds.filter((id) => !id.endsWith('-md5')), 'locks left in the table').toEqual([]);
    expect(lockIds.filter((id) => id.endsWith('-md5')).length).toBe(names.length);
  }, 300_000);
});
