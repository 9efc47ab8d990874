import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BackendError,
  LockConflictError,
  createStateBackend,
  type StateBackend,
} from '@x/backend-core';
import { createLocalProvider } from '../src/index.js';
import {
  TERRAFORM_VERSION,
  installedTerraformVersion,
  runTerraform,
  runTerraformAsync,
  startConsole,
  terraformProject,
} from './support/terraform.js';

const version = installedTerraformVersion();
const inCi = process.env.CI === 'true';

if (version === undefined) {
  if (inCi) {
    it('terraform is installed (required in CI)', () => {
      throw new Error(`terraform ${TERRAFORM_VERSION} is not on PATH; the local backend interop tests need it in CI`);
    });
  } else {
    console.warn(`SKIPPING local backend terraform interop tests: terraform ${TERRAFORM_VERSION} is not on PATH`);
  }
}

const helloConfig = 'output "hello" {\n  value = "world"\n}\n';

function backendOn(directory: string): StateBackend {
  return createStateBackend(createLocalProvider({ directory }));
}

function stateJson(bytes: Uint8Array | undefined): { serial: number; lineage: string; outputs: Record<string, { value: unknown }> } {
  return JSON.parse(Buffer.from(bytes ?? []).toString('utf8'));
}

function providerState(serial: number, greeting: string): Buffer {
  const state = {
    version: 4,
    terraform_version: TERRAFORM_VERSION,
    serial,
    lineage: '5f2b0c8e-1d2a-4b7c-9e3f-0a1b2c3d4e5f',
    outputs: { greeting: { value: greeting, type: 'string' } },
    resources: [],
    check_results: null,
  };
  return Buffer.from(`${JSON.stringify(state, null, 2)}\n`);
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe.runIf(version !== undefined)(`interop with terraform ${version ?? '(missing)'}`, () => {
  it(`is terraform ${TERRAFORM_VERSION}`, () => {
    expect(version).toBe(TERRAFORM_VERSION);
  });

  it('reads states and workspaces terraform wrote', async () => {
    const directory = terraformProject(helloConfig);
    expect(runTerraform(directory, ['apply', '-auto-approve', '-input=false', '-no-color']).status).toBe(0);
    expect(runTerraform(directory, ['workspace', 'new', '-no-color', 'staging']).status).toBe(0);
    expect(runTerraform(directory, ['apply', '-auto-approve', '-input=false', '-no-color']).status).toBe(0);
    expect(runTerraform(directory, ['workspace', 'new', '-no-color', 'empty']).status).toBe(0);
    const backend = backendOn(directory);
    expect(await backend.listWorkspaces()).toEqual(['default', 'empty', 'staging']);
    const main = stateJson((await backend.readState('default'))?.bytes);
    expect(main.outputs.hello?.value).toBe('world');
    expect(stateJson((await backend.readState('staging'))?.bytes).outputs.hello?.value).toBe('world');
    expect(await backend.readState('empty')).toBeUndefined();
    expect(readFileSync(join(directory, 'terraform.tfstate'))).toEqual(Buffer.from((await backend.readState('default'))!.bytes));
  });

  it('writes states terraform reads (output -json, state pull)', async () => {
    const directory = terraformProject(helloConfig);
    const backend = backendOn(directory);
    await backend.writeState('default', providerState(3, 'from the provider'));
    const output = runTerraform(directory, ['output', '-json', '-no-color']);
    expect(output.status, output.stderr).toBe(0);
    expect(JSON.parse(output.stdout)).toEqual({ greeting: { sensitive: false, type: 'string', value: 'from the provider' } });
    const pulled = runTerraform(directory, ['state', 'pull']);
    expect(pulled.status, pulled.stderr).toBe(0);
    expect(JSON.parse(pulled.stdout)).toMatchObject({ serial: 3, lineage: '5f2b0c8e-1d2a-4b7c-9e3f-0a1b2c3d4e5f' });
  });

  it('while the provider holds the lock, terraform fails to lock and shows our lock ID', async () => {
    const directory = terraformProject(helloConfig);
    const backend = backendOn(directory);
    const id = await backend.lock('default', { Operation: 'OperationTypeApply', Who: 'tests@local' });
    try {
      const result = await runTerraformAsync(directory, ['apply', '-auto-approve', '-input=false', '-no-color', '-lock-timeout=0s']);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('Error acquiring the state lock');
      expect(result.stderr).toContain(id);
      expect(result.stderr).toContain('tests@local');
    } finally {
      await backend.unlock('default', id);
    }
    expect(runTerraform(directory, ['apply', '-auto-approve', '-input=false', '-no-color', '-lock-timeout=0s']).status).toBe(0);
  });

  it('while terraform holds the lock, the provider gets LockConflictError with its LockInfo', async () => {
    const directory = terraformProject(helloConfig);
    const backend = backendOn(directory);
    const console = startConsole(directory);
    try {
      const holder = await until(() => backend.readLock('default'), 'terraform console to take the lock');
      expect(holder.Version).toBe(TERRAFORM_VERSION);
      const error = await backend.lock('default').then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(LockConflictError);
      expect((error as LockConflictError).lock.ID).toBe(holder.ID);
      await expect(backend.writeState('default', providerState(1, 'refused'))).rejects.toMatchObject({ code: 'LOCK_CONFLICT' });
      await expect(backend.forceUnlock('default', holder.ID)).rejects.toSatisfy(
        (caught: unknown) => BackendError.hasCode(caught, 'UNSUPPORTED'),
      );
    } finally {
      const exited = once(console, 'exit');
      console.stdin?.end();
      await exited;
    }
    const id = await backend.lock('default');
    await backend.unlock('default', id);
  });

  it('terraform waiting with -lock-timeout proceeds after our write+unlock and its result is in the file', async () => {
    const directory = terraformProject(helloConfig);
    const backend = backendOn(directory);
    const id = await backend.lock('default', { Operation: 'OperationTypeApply' });
    let waiting!: () => void;
    const terraformWaits = new Promise<void>((resolve) => {
      waiting = resolve;
    });
    const apply = runTerraformAsync(
      directory,
      ['apply', '-auto-approve', '-input=false', '-no-color', '-lock-timeout=30s'],
      (stdout) => {
        if (stdout.includes('Acquiring state lock')) waiting();
      },
    );
    await terraformWaits;
    // Give terraform time to open the state file and fail its first attempt; our write then
    // lands in the very file (inode) it keeps open, which a rename would have orphaned.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await backend.writeState('default', providerState(5, 'written while terraform waited'), { lockId: id });
    await backend.unlock('default', id);
    const result = await apply;
    expect(result.status, result.stderr).toBe(0);
    const final = stateJson((await backend.readState('default'))?.bytes);
    expect(final.outputs.hello?.value).toBe('world');
    expect(final.lineage).toBe('5f2b0c8e-1d2a-4b7c-9e3f-0a1b2c3d4e5f');
    expect(final.serial).toBeGreaterThan(5);
  });

  it('lock and unlock without a write leave no state file, like terraform', async () => {
    const directory = terraformProject(helloConfig);
    const backend = backendOn(directory);
    const id = await backend.lock('fresh');
    await backend.unlock('fresh', id);
    expect(await backend.listWorkspaces()).toEqual(['default']);
    const defaultId = await backend.lock('default');
    await backend.unlock('default', defaultId);
    const listed = runTerraform(directory, ['workspace', 'list', '-no-color']);
    expect(listed.stdout.trim()).toBe('* default');
    expect(runTerraform(directory, ['state', 'pull']).stdout.trim()).toBe('');
  });
});

