import type { TableStoreServer } from '@x/test-servers';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, runProcess, runTfstate, temporaryDirectory, type RunResult } from './helpers/run-tfstate.js';
import {
  createDynamoLockTable,
  createS3Bucket,
  createTableStoreLockTable,
  hclText,
  ossBackendSettings,
  s3BackendSettings,
  startTableStoreForOss,
  type S3Lock,
} from './helpers/remote-backends.js';
import { stateFile } from './helpers/state-files.js';
import { terraform, terraformAvailable } from './helpers/terraform.js';

const hasTerraform = terraformAvailable();

// States terraform 1.11.4 wrote for one configuration applied twice (see state-diff.test.ts).
const fixtures = new URL('fixtures/state-diff/', import.meta.url);
const lineage = '8bd2807f-5943-c28e-e2f5-eb0e808e968f';

interface VersionRow {
  versionId: string;
  lastModified: string;
  size: number;
  isLatest: boolean;
  isDeleteMarker: boolean;
  serial?: number;
  lineage?: string;
}

type Run = (...args: string[]) => Promise<RunResult>;

describe('versions on s3 with a versioned bucket', () => {
  it('lists, shows, diffs and restores versions; terraform reads the restored state', async () => {
    const { cwd, run } = await s3Project({ versioned: true });
    await copyFile(new URL('before.tfstate', fixtures), join(cwd, 'before.tfstate'));
    await copyFile(new URL('after.tfstate', fixtures), join(cwd, 'after.tfstate'));
    succeeded(await run('state', 'push', 'before.tfstate'));
    const firstBytes = (await run('state', 'pull')).stdoutBytes;
    succeeded(await run('state', 'push', 'after.tfstate'));
    const secondBytes = (await run('state', 'pull')).stdoutBytes;

    // Newest first; without --details only the current version is read.
    const listed = await listVersions(run);
    expect(listed.map((row) => [row.isLatest, row.isDeleteMarker, row.size])).toEqual([
      [true, false, secondBytes.byteLength],
      [false, false, firstBytes.byteLength],
    ]);
    expect(listed[0]).toMatchObject({ serial: 15, lineage });
    expect(listed[1]!.serial).toBeUndefined();
    expect(Date.parse(listed[0]!.lastModified)).toBeGreaterThanOrEqual(Date.parse(listed[1]!.lastModified));
    const detailed = await listVersions(run, '--details');
    expect(detailed.map((row) => [row.versionId, row.serial, row.lineage])).toEqual([
      [listed[0]!.versionId, 15, lineage],
      [listed[1]!.versionId, 7, lineage],
    ]);
    const [newest, oldest] = listed.map((row) => row.versionId) as [string, string];

    const table = await run('versions', 'list');
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^VERSION ID +LAST MODIFIED +SIZE +SERIAL +LINEAGE$/);
    expect(lines[1]).toContain(newest);
    expect(lines[1]).toMatch(new RegExp(` 15  ${lineage}  current$`));
    expect(lines[2]!.startsWith(oldest)).toBe(true);

    // show: the bytes as stored, on stdout or into a file.
    expect((await run('versions', 'show', oldest)).stdoutBytes.equals(firstBytes)).toBe(true);
    expect((await run('versions', 'show', 'current')).stdoutBytes.equals(secondBytes)).toBe(true);
    const written = await run('versions', 'show', oldest, '-o', 'old.tfstate', '--json');
    expect(JSON.parse(written.stdout)).toMatchObject({ version: oldest, bytes: firstBytes.byteLength });
    expect((await readFile(join(cwd, 'old.tfstate'))).equals(firstBytes)).toBe(true);

    // diff: resource-level, never a sensitive value.
    const diff = await run('versions', 'diff', oldest, 'current');
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('Serial 7 -> 15, lineage 8bd2807f-5943-c28e-e2f5-eb0e808e968f');
    expect(diff.stdout).toContain('\n+ terraform_data.web[2]\n');
    expect(diff.stdout).toContain('\n- terraform_data.app["green"]\n');
    expect(diff.stdout).toContain('\n~ terraform_data.secret (attributes: input, output; sensitive: input)\n');
    expect(diff.stdout).toContain('\n~ output.db_password (sensitive; changed: value)\n');
    expect(diff.stdout).not.toContain('hunter2');
    const diffJson = JSON.parse((await run('versions', 'diff', newest, oldest, '--json')).stdout) as {
      from: string;
      diff: { resources: { removed: Array<{ address: string }> }; outputs: { added: unknown[] } };
    };
    expect(diffJson.from).toBe(newest);
    expect(diffJson.diff.resources.removed.map((instance) => instance.address)).toEqual([
      'terraform_data.app["red"]',
      'terraform_data.web[2]',
      'module.network["us"].terraform_data.vpc',
    ]);
    expect(diffJson.diff.outputs.added).toEqual([{ name: 'removed_later', sensitive: false, value: 'bye' }]);

    // Unknown ids name the fix.
    const missing = await run('versions', 'show', 'no-such-version');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('has no version "no-such-version"');
    expect(missing.stderr).toContain('tfstate versions list');

    // restore: refused without a terminal unless --yes; then the version's bytes with the next serial.
    const unconfirmed = await run('versions', 'restore', oldest);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('--yes');
    expect(await listVersions(run)).toHaveLength(2);
    const restored = await run('versions', 'restore', oldest, '--yes', '--json');
    expect(restored.code).toBe(0);
    const restoredReport = JSON.parse(restored.stdout) as Record<string, unknown>;
    expect(restoredReport).toMatchObject({ version: oldest, written: true, serial: 16, lineage });
    const pulled = (await run('state', 'pull')).stdoutBytes;
    expect(pulled.toString()).toBe(firstBytes.toString().replace('"serial": 7,', '"serial": 16,'));
    const afterRestore = await listVersions(run);
    expect(afterRestore).toHaveLength(3);
    expect(afterRestore[0]).toMatchObject({ versionId: restoredReport.newVersionId, isLatest: true, serial: 16 });
    expect((await run('versions', 'diff', oldest, 'current', '--json')).stdout).toContain('"changed": []');

    // Restoring the same content again writes nothing.
    expect(JSON.parse((await run('versions', 'restore', afterRestore[0]!.versionId, '--yes', '--json')).stdout)).toMatchObject({
      written: false,
      serial: 16,
    });

    if (hasTerraform) {
      const project = join(cwd, 'terraform-project');
      await mkdir(project);
      await writeFile(join(project, 'main.tf'), 'terraform {\n  backend "s3" {}\n}\n');
      await copyFile(join(cwd, 'backend.hcl'), join(project, 'backend.hcl'));
      await terraform(project, 'init', '-input=false', '-no-color', '-backend-config=backend.hcl');
      const terraformPull = await terraform(project, 'state', 'pull');
      expect(JSON.parse(terraformPull.stdout)).toEqual(JSON.parse(pulled.toString()));
    }
  });

  it('refuses a version from another lineage unless --force', async () => {
    const { cwd, run } = await s3Project({ versioned: true });
    await writeFile(join(cwd, 'first.tfstate'), stateFile({ serial: 3, lineage, outputs: { color: { value: 'blue', type: 'string' } } }));
    await writeFile(join(cwd, 'other.tfstate'), stateFile({ serial: 1, outputs: { color: { value: 'red', type: 'string' } } }));
    succeeded(await run('state', 'push', 'first.tfstate'));
    succeeded(await run('state', 'push', '--force', 'other.tfstate'));
    const [, oldest] = (await listVersions(run)).map((row) => row.versionId) as [string, string];

    const refused = await run('versions', 'restore', oldest, '--yes');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('belongs to another history');
    expect(refused.stderr).toContain('--force');
    expect(await listVersions(run)).toHaveLength(2);

    const forced = await run('versions', 'restore', oldest, '--yes', '--force', '--json');
    expect(JSON.parse(forced.stdout)).toMatchObject({ written: true, serial: 3, lineage });
    expect(JSON.parse((await run('state', 'pull')).stdout)).toMatchObject({ lineage, serial: 3, outputs: { color: { value: 'blue' } } });
  });

  it('waits for a held lock no longer than --lock-timeout', async () => {
    const { cwd, run } = await s3Project({ versioned: true });
    await writeFile(join(cwd, 'one.tfstate'), stateFile({ serial: 1, lineage }));
    await writeFile(join(cwd, 'two.tfstate'), stateFile({ serial: 2, lineage, outputs: { n: { value: 2, type: 'number' } } }));
    succeeded(await run('state', 'push', 'one.tfstate'));
    succeeded(await run('state', 'push', 'two.tfstate'));
    const [, oldest] = (await listVersions(run)).map((row) => row.versionId) as [string, string];
    const { id } = JSON.parse((await run('lock', 'acquire', '--json')).stdout) as { id: string };

    const blocked = await run('--lock-timeout', '1s', 'versions', 'restore', oldest, '--yes');
    expect(blocked.code).toBe(3);
    expect(blocked.stderr).toContain(id);
    expect(await listVersions(run)).toHaveLength(2);
    succeeded(await run('unlock', id));
    succeeded(await run('versions', 'restore', oldest, '--yes'));
    expect(JSON.parse((await run('state', 'pull')).stdout)).toMatchObject({ serial: 4, outputs: {} });
  });
});

describe('versions restore on a terminal', () => {
  it('shows what changes and restores only when the answer is yes', async () => {
    const { cwd, run } = await s3Project({ versioned: true });
    await writeFile(join(cwd, 'one.tfstate'), stateFile({ serial: 1, lineage, outputs: { color: { value: 'blue', type: 'string' } } }));
    await writeFile(join(cwd, 'two.tfstate'), stateFile({ serial: 2, lineage, outputs: { color: { value: 'red', type: 'string' } } }));
    succeeded(await run('state', 'push', 'one.tfstate'));
    succeeded(await run('state', 'push', 'two.tfstate'));
    const [, oldest] = (await listVersions(run)).map((row) => row.versionId) as [string, string];
    // `script` runs the command on a pseudo-terminal and types the answer into it.
    const command = [process.execPath, binPath, '--backend', 's3', '-c', 'backend.hcl', 'versions', 'restore', oldest].map(shellQuote).join(' ');
    const onTerminal = (answer: string) => runProcess('script', ['-qec', command, '/dev/null'], { cwd, input: `${answer}\n` });

    const declined = await onTerminal('no');
    expect(declined.code).toBe(1);
    expect(declined.stdout).toContain('~ output.color: "red" -> "blue"');
    expect(declined.stdout).toContain(`Do you want to restore version ${oldest} as serial 4?`);
    expect(declined.stdout).toContain('restore cancelled; the state was not changed');
    expect(await listVersions(run)).toHaveLength(2);

    const accepted = await onTerminal('yes');
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain(`Restored version ${oldest} of workspace "default" as serial 4`);
    expect(JSON.parse((await run('state', 'pull')).stdout)).toMatchObject({ serial: 4, lineage, outputs: { color: { value: 'blue' } } });
  });
});

describe('versions where the store keeps none', () => {
  it('names bucket versioning as the fix on an unversioned s3 bucket', async () => {
    const { cwd, run } = await s3Project({ versioned: false });
    await writeFile(join(cwd, 'state.tfstate'), stateFile({ serial: 1 }));
    succeeded(await run('state', 'push', 'state.tfstate'));
    const listed = await run('versions', 'list');
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain('bucket versioning is not enabled');
    expect(listed.stderr).toContain('put-bucket-versioning');
    expect(listed.stderr).toContain('tfstate doctor');
  });

  it('explains that the local backend keeps no history', async () => {
    const cwd = await temporaryDirectory();
    await writeFile(join(cwd, 'terraform.tfstate'), stateFile({ serial: 1 }));
    for (const args of [['list'], ['show', 'current'], ['diff', 'a', 'b'], ['restore', 'a', '--yes']]) {
      const result = await runTfstate(['--backend', 'local', 'versions', ...args], { cwd });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('the local backend, as configured, does not keep earlier states');
      expect(result.stderr).toContain('terraform.tfstate.backup');
    }
  });
});

describe('versions on oss with a versioned bucket and TableStore locking', () => {
  let tableStore: TableStoreServer | undefined;
  beforeAll(async () => {
    tableStore = await startTableStoreForOss();
  });
  afterAll(async () => {
    await tableStore?.stop();
  });

  it('lists, shows, diffs and restores versions', async () => {
    const bucket = await createS3Bucket('cli-versions-oss', { versioned: true });
    const table = await createTableStoreLockTable(tableStore!);
    const cwd = await temporaryDirectory();
    await writeFile(
      join(cwd, 'backend.hcl'),
      hclText(ossBackendSettings({ bucket, prefix: 'team', key: 'app.tfstate', lock: { kind: 'tablestore', server: tableStore!, table } })),
    );
    const run: Run = (...args) => runTfstate(['--backend', 'oss', '-c', 'backend.hcl', ...args], { cwd });
    await copyFile(new URL('before.tfstate', fixtures), join(cwd, 'before.tfstate'));
    await copyFile(new URL('after.tfstate', fixtures), join(cwd, 'after.tfstate'));
    succeeded(await run('state', 'push', 'before.tfstate'));
    const firstBytes = (await run('state', 'pull')).stdoutBytes;
    succeeded(await run('state', 'push', 'after.tfstate'));

    const listed = await listVersions(run, '--details');
    expect(listed.map((row) => [row.isLatest, row.serial, row.lineage])).toEqual([
      [true, 15, lineage],
      [false, 7, lineage],
    ]);
    const oldest = listed[1]!.versionId;
    expect((await run('versions', 'show', oldest)).stdoutBytes.equals(firstBytes)).toBe(true);
    const diff = succeeded(await run('versions', 'diff', oldest, 'current'));
    expect(diff.stdout).toContain('Resources: 3 added, 1 removed, 2 changed. Outputs: 2 added, 1 removed, 2 changed.');
    const missing = await run('versions', 'diff', 'CAEQbogus', 'current');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('tfstate versions list');

    succeeded(await run('versions', 'restore', oldest, '--yes'));
    const pulled = (await run('state', 'pull')).stdoutBytes;
    expect(pulled.toString()).toBe(firstBytes.toString().replace('"serial": 7,', '"serial": 16,'));
    expect((await listVersions(run))[0]).toMatchObject({ isLatest: true, serial: 16, lineage });
  });
});

/** Single-quotes a word for `sh -c`. */
function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Fails with the command's stderr, so a failure says why. */
function succeeded(result: RunResult): RunResult {
  if (result.code !== 0) throw new Error(`tfstate failed (${result.code}): ${result.stderr}`);
  return result;
}

async function listVersions(run: Run, ...extra: string[]): Promise<VersionRow[]> {
  const result = await run('versions', 'list', '--json', ...extra);
  if (result.code !== 0) throw new Error(`versions list failed (${result.code}): ${result.stderr}`);
  return (JSON.parse(result.stdout) as { versions: VersionRow[] }).versions;
}

async function s3Project(options: { versioned: boolean }): Promise<{ cwd: string; run: Run }> {
  const bucket = await createS3Bucket('cli-versions', { versioned: options.versioned });
  const cwd = await temporaryDirectory();
  // radosgw ignores If-None-Match in versioned buckets, so the lock lives in a DynamoDB table there.
  const lock: S3Lock = options.versioned ? { kind: 'dynamodb', table: await createDynamoLockTable() } : { kind: 'lockfile' };
  await writeFile(join(cwd, 'backend.hcl'), hclText(s3BackendSettings({ bucket, lock })));
  return { cwd, run: (...args) => runTfstate(['--backend', 's3', '-c', 'backend.hcl', ...args], { cwd }) };
}
