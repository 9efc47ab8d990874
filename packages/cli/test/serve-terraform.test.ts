import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { generateLockId } from '@x/backend-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryDirectory } from './helpers/run-tfstate.js';
import { terraformLockBody, terraformRequest } from './helpers/serve-client.js';
import { startServeProcess, type ServeProcess } from './helpers/serve-process.js';
import { lockStatuses, runTerraform, writeHttpBackendConfig } from './helpers/serve-terraform.js';
import { terraform, terraformAvailable } from './helpers/terraform.js';

let stateDirectory: string;
let server: ServeProcess;

beforeAll(async () => {
  stateDirectory = await mkdtemp(join(tmpdir(), 'tfstate-serve-tf-'));
  server = await startServeProcess(['serve', '--listen', '127.0.0.1:0'], { cwd: stateDirectory });
});

afterAll(async () => {
  expect(await server.stop()).toBe(0);
  await rm(stateDirectory, { recursive: true, force: true });
});

/** A configuration directory whose http backend points at a fresh workspace of the server. */
async function project(): Promise<{ cwd: string; url: string; path: string }> {
  const cwd = await temporaryDirectory();
  const path = `/tf-${randomBytes(4).toString('hex')}`;
  const url = `${server.url}${path}`;
  await writeHttpBackendConfig(cwd, url);
  await terraform(cwd, 'init', '-input=false');
  return { cwd, url, path };
}

async function serialOf(url: string): Promise<number> {
  const answer = await terraformRequest('GET', url);
  expect(answer.status).toBe(200);
  return (JSON.parse(answer.text) as { serial: number }).serial;
}

/** Resolves once the server has answered `count` LOCK requests on `path` with 423. */
async function refusedLocks(path: string, count: number): Promise<void> {
  while (lockStatuses(server.stderr(), path).filter((status) => status === 423).length < count) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.runIf(terraformAvailable())('real terraform 1.11 against tfstate serve', () => {
  it('inits, applies, reads the state back with state pull, and keeps one state per path', async () => {
    const first = await project();
    await terraform(first.cwd, 'apply', '-auto-approve', '-input=false', '-var', 'value=alpha');
    const stored = await terraformRequest('GET', first.url);
    expect(stored.status).toBe(200);
    const pulled = await terraform(first.cwd, 'state', 'pull');
    expect(JSON.parse(pulled.stdout)).toEqual(JSON.parse(stored.text));
    expect(JSON.parse(stored.text)).toMatchObject({ outputs: { value: { value: 'alpha' } } });
    expect((await terraformRequest('GET', `${first.url}/lock`)).status).toBe(404);

    const second = await project();
    await terraform(second.cwd, 'apply', '-auto-approve', '-input=false', '-var', 'value=beta');
    const output = await terraform(first.cwd, 'output', '-raw', 'value');
    expect(output.stdout).toBe('alpha');
    expect(JSON.parse((await terraformRequest('GET', second.url)).text)).toMatchObject({ outputs: { value: { value: 'beta' } } });

    const workspaces = await runTerraform(first.cwd, ['workspace', 'new', 'x']);
    expect(workspaces.code).not.toBe(0);
    expect(workspaces.stderr + workspaces.stdout).toContain('workspaces not supported');
  });

  it('plan -lock-timeout retries LOCK against a held lock, then fails naming the holder', async () => {
    const { cwd, url, path } = await project();
    const holderId = generateLockId();
    expect((await terraformRequest('LOCK', url, { body: terraformLockBody(holderId) })).status).toBe(200);

    const plan = await runTerraform(cwd, ['plan', '-input=false', '-lock-timeout=3s']);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('Error acquiring the state lock');
    expect(plan.stderr).toContain(holderId);
    expect(lockStatuses(server.stderr(), path).filter((status) => status === 423).length).toBeGreaterThanOrEqual(2);
    expect((await terraformRequest('GET', `${url}/lock`)).text).toBe(terraformLockBody(holderId));
  });

  it('plan -lock-timeout succeeds when the lock is released while it waits', async () => {
    const { cwd, url, path } = await project();
    const holder = terraformLockBody(generateLockId());
    expect((await terraformRequest('LOCK', url, { body: holder })).status).toBe(200);
    const plan = runTerraform(cwd, ['plan', '-input=false', '-lock-timeout=60s']);
    await refusedLocks(path, 1);
    expect((await terraformRequest('UNLOCK', url, { body: holder })).status).toBe(200);
    const result = await plan;
    expect(result.code, result.stderr).toBe(0);
    expect(lockStatuses(server.stderr(), path).at(-1)).toBe(200);
    expect((await terraformRequest('GET', `${url}/lock`)).status).toBe(404);
  });

  it('force-unlock releases a lock held by someone else (Terraform sends an empty UNLOCK body)', async () => {
    const { cwd, url } = await project();
    const holderId = generateLockId();
    expect((await terraformRequest('LOCK', url, { body: terraformLockBody(holderId) })).status).toBe(200);
    const unlocked = await terraform(cwd, 'force-unlock', '-force', holderId);
    expect(unlocked.stdout).toContain('successfully unlocked');
    expect((await terraformRequest('GET', `${url}/lock`)).status).toBe(404);
    await terraform(cwd, 'apply', '-auto-approve', '-input=false');
  });

  it('two applies at once on one workspace: one waits for the other, both succeed, the serial counts both', async () => {
    const { cwd, url, path } = await project();
    await terraform(cwd, 'apply', '-auto-approve', '-input=false', '-var', 'value=base');
    const before = await serialOf(url);

    // Hold the lock until both applies have been refused once, so they really contend.
    const holder = terraformLockBody(generateLockId());
    expect((await terraformRequest('LOCK', url, { body: holder })).status).toBe(200);
    const applies = ['left', 'right'].map((value) =>
      runTerraform(cwd, ['apply', '-auto-approve', '-input=false', '-lock-timeout=120s', '-var', `value=${value}`]),
    );
    await refusedLocks(path, 2);
    expect((await terraformRequest('UNLOCK', url, { body: holder })).status).toBe(200);
    const results = await Promise.all(applies);
    for (const result of results) expect(result.code, result.stderr).toBe(0);

    expect(await serialOf(url)).toBe(before + 2);
    const final = JSON.parse((await terraformRequest('GET', url)).text) as { outputs: { value: { value: string } } };
    expect(['left', 'right']).toContain(final.outputs.value.value);
    expect((await terraformRequest('GET', `${url}/lock`)).status).toBe(404);
  });
});
