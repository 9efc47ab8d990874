import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendError, createLockInfo, createStateBackend, encodeLockInfo, type StateBackend } from '@x/backend-core';
import {
  backendConfig,
  createBucket,
  createLockTable,
  providerFromConfig,
  readRow,
  uniqueBucketName,
  uniqueName,
  testServers,
  uniqueTableName,
  type TableStoreTarget,
} from './support/oss-fixtures.js';
// Not exported by @x/test-servers yet (see global-setup.ts).
import { startTableStoreServer, type TableStoreServer } from '@x/test-servers';
import { TERRAFORM_VERSION, installedTerraformVersion, runTerraform, startConsole, terraformProject } from './support/terraform.js';

const version = installedTerraformVersion();
const inCi = process.env.CI === 'true';

if (version === undefined) {
  if (inCi) {
    it('terraform is installed (required in CI)', () => {
      throw new Error(`terraform ${TERRAFORM_VERSION} is not on PATH; the oss backend interop tests need it in CI`);
    });
  } else {
    console.warn(`SKIPPING oss backend terraform interop tests: terraform ${TERRAFORM_VERSION} is not on PATH`);
  }
}

const bucket = uniqueBucketName();
const table = uniqueTableName();
// Terraform 1.11 has no tablestore_instance_name: it takes the first label of the endpoint
// host, which for http://127.0.0.1:PORT is "127". This server answers to that instance.
let tablestoreServer: TableStoreServer | undefined;
let tablestore: TableStoreTarget;

/** One project: the same settings for terraform's backend block and for our provider. */
async function project(lockMode: 'tablestore' | 'lockfile' = 'tablestore'): Promise<{ directory: string; backend: StateBackend; prefix: string }> {
  const prefix = uniqueName('tf');
  const settings = backendConfig({ bucket, prefix, lockMode, table });
  if (lockMode === 'tablestore') {
    settings.tablestore_endpoint = tablestore.endpoint;
    delete settings.tablestore_instance_name;
  }
  const directory = await terraformProject(settings);
  return { directory, backend: createStateBackend(await providerFromConfig(settings)), prefix };
}

function stateJson(bytes: Uint8Array | undefined): { serial: number; lineage: string; outputs: Record<string, { value: unknown }> } {
  return JSON.parse(Buffer.from(bytes ?? []).toString('utf8'));
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe.runIf(version !== undefined)(`interop with terraform ${version ?? '(missing)'} (oss backend)`, () => {
  beforeAll(async () => {
    const { accessKeyId, accessKeySecret } = testServers().tablestore;
    tablestoreServer = await startTableStoreServer({ instanceName: '127', credentials: [{ accessKeyId, accessKeySecret }] });
    tablestore = { endpoint: tablestoreServer.endpoint, instanceName: tablestoreServer.instanceName };
    await createBucket(bucket, { versioning: 'Off' });
    await createLockTable(table, undefined, tablestore);
  });

  afterAll(async () => {
    await tablestoreServer?.stop();
  });

  it(`is terraform ${TERRAFORM_VERSION}`, () => {
    expect(version).toBe(TERRAFORM_VERSION);
  });

  it('reads the states, workspaces and digest rows terraform wrote', async () => {
    const { directory, backend, prefix } = await project();
    expect((await runTerraform(directory, ['apply', '-auto-approve', '-input=false', '-no-color'])).status).toBe(0);
    expect((await runTerraform(directory, ['workspace', 'new', '-no-color', 'staging'])).status).toBe(0);
    expect((await runTerraform(directory, ['apply', '-auto-approve', '-input=false', '-no-color'])).status).toBe(0);
    expect(await backend.listWorkspaces()).toEqual(['default', 'staging']);
    const main = await backend.readState('default');
    expect(stateJson(main?.bytes).outputs.greeting?.value).toBe('hello');
    expect(main?.digest).toBe(await readRow(table, `${bucket}/${prefix}/terraform.tfstate-md5`, 'Digest', tablestore));
    expect(stateJson((await backend.readState('staging'))?.bytes).outputs.greeting?.value).toBe('hello');
    await backend.close();
  });

  it('writes states terraform reads, past its digest check (output -json, workspace list)', async () => {
    const { directory, backend } = await project();
    const state = {
      version: 4,
      terraform_version: TERRAFORM_VERSION,
      serial: 7,
      lineage: '0b7e5f3c-6a41-4c2e-9d8b-3f1e2a4b5c6d',
      outputs: { greeting: { value: 'written by tfstate', type: 'string' } },
      resources: [],
      check_results: null,
    };
    await backend.writeState('default', new TextEncoder().encode(`${JSON.stringify(state, null, 2)}\n`));
    await backend.writeState('from-us', new TextEncoder().encode(`${JSON.stringify({ ...state, serial: 1 }, null, 2)}\n`));
    const output = await runTerraform(directory, ['output', '-json', '-no-color']);
    expect(output.status).toBe(0);
    expect(JSON.parse(output.stdout)).toEqual({ greeting: { sensitive: false, type: 'string', value: 'written by tfstate' } });
    expect((await runTerraform(directory, ['workspace', 'list', '-no-color'])).stdout).toMatch(/^\* default\n\s+from-us\n/);
    await backend.close();
  });

  it('holds terraform off with our lock, showing our LockInfo, until terraform force-unlock releases it', async () => {
    const { directory, backend, prefix } = await project();
    const lockId = await backend.lock('default', { Operation: 'OperationTypeApply', Who: 'tfstate-test@interop', Info: 'held by the oss provider' });
    const plan = await runTerraform(directory, ['plan', '-input=false', '-no-color', '-lock-timeout=0s']);
    expect(plan.status).toBe(1);
    expect(plan.stderr).toContain('Error acquiring the state lock');
    expect(plan.stderr).toContain(`ID:        ${lockId}`);
    expect(plan.stderr).toContain('Who:       tfstate-test@interop');
    expect(plan.stderr).toContain(`Path:      ${bucket}/${prefix}/terraform.tfstate`);
    const forced = await runTerraform(directory, ['force-unlock', '-force', '-no-color', lockId]);
    expect(forced.status).toBe(0);
    expect(await backend.readLock('default')).toBeUndefined();
    await expect(backend.unlock('default', lockId)).rejects.toMatchObject({ code: 'LOCK_NOT_HELD' });
    expect((await runTerraform(directory, ['plan', '-input=false', '-no-color', '-lock-timeout=0s'])).status).toBe(0);
    await backend.close();
  });

  it("shows terraform's lock (its exact row), conflicts with it, and releases the lock a killed terraform left", async () => {
    const { directory, backend, prefix } = await project();
    expect((await runTerraform(directory, ['apply', '-auto-approve', '-input=false', '-no-color'])).status).toBe(0);
    const console = startConsole(directory);
    const held = await until(() => backend.readLock('default'), 'terraform console to take the lock');
    expect(held).toMatchObject({ Version: TERRAFORM_VERSION, Path: `${bucket}/${prefix}/terraform.tfstate` });
    expect(await readRow(table, `${bucket}/${prefix}/terraform.tfstate`, 'Info', tablestore)).toBe(encodeLockInfo(held));
    const conflict = await backend.lock('default').catch((error: unknown) => error);
    expect(BackendError.hasCode(conflict, 'LOCK_CONFLICT')).toBe(true);
    expect((conflict as { lock: { ID: string } }).lock.ID).toBe(held.ID);
    console.kill('SIGKILL');
    await once(console, 'exit');
    expect((await backend.readLock('default'))?.ID).toBe(held.ID);
    await expect(backend.forceUnlock('default', 'not-the-id')).rejects.toMatchObject({ code: 'LOCK_ID_MISMATCH' });
    await backend.forceUnlock('default', held.ID);
    expect(await backend.readLock('default')).toBeUndefined();
    const apply = await runTerraform(directory, ['apply', '-auto-approve', '-input=false', '-no-color', '-lock-timeout=0s']);
    expect(apply.status).toBe(0);
    await backend.close();
  });

  it('waits for terraform to unlock, then takes the lock; terraform then waits for ours', async () => {
    const { directory, backend } = await project();
    const console = startConsole(directory);
    const held = await until(() => backend.readLock('default'), 'terraform console to take the lock');
    console.stdin?.end();
    await once(console, 'exit');
    expect(await backend.readLock('default')).toBeUndefined();
    const ours = await backend.lock('default', createLockInfo({ operation: 'OperationTypePlan' }));
    expect(ours).not.toBe(held.ID);
    const blocked = await runTerraform(directory, ['plan', '-input=false', '-no-color', '-lock-timeout=0s']);
    expect(blocked.status).toBe(1);
    await backend.unlock('default', ours);
    await backend.close();
  });

  it('is not seen by terraform in use_lockfile mode (documented: only TableStore rows are)', async () => {
    const { directory, backend } = await project('lockfile');
    const lockId = await backend.lock('default', { Operation: 'OperationTypeApply' });
    const plan = await runTerraform(directory, ['plan', '-input=false', '-no-color', '-lock-timeout=0s']);
    expect(plan.status).toBe(0);
    await backend.unlock('default', lockId);
    await backend.close();
  });
});
