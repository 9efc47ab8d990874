import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStateBackend, encodeLockInfo, type StateBackend } from '@x/backend-core';
import { LOCAL_CAPABILITIES, createLocalProvider, type LocalProviderOptions } from '../src/index.js';

function freshDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'local-layout-'));
}

function backendOn(options: LocalProviderOptions): StateBackend {
  return createStateBackend(createLocalProvider(options));
}

function filesUnder(directory: string): string[] {
  return (readdirSync(directory, { recursive: true }) as string[]).sort();
}

describe("Terraform's local layout", () => {
  it('puts default in terraform.tfstate and others in terraform.tfstate.d/<name>/terraform.tfstate', async () => {
    const directory = freshDirectory();
    const backend = backendOn({ directory });
    await backend.writeState('default', Buffer.from('{"serial":1}'));
    await backend.writeState('prod', Buffer.from('{"serial":2}'));
    expect(readFileSync(join(directory, 'terraform.tfstate'), 'utf8')).toBe('{"serial":1}');
    expect(readFileSync(join(directory, 'terraform.tfstate.d', 'prod', 'terraform.tfstate'), 'utf8')).toBe('{"serial":2}');
    expect(filesUnder(directory)).toEqual(['terraform.tfstate', 'terraform.tfstate.d', 'terraform.tfstate.d/prod', 'terraform.tfstate.d/prod/terraform.tfstate']);
  });

  it('honours statePath and workspaceDirectory', async () => {
    const directory = freshDirectory();
    const backend = backendOn({ directory, statePath: 'states/main.tfstate', workspaceDirectory: 'envs' });
    await backend.writeState('default', Buffer.from('a'));
    await backend.writeState('dev', Buffer.from('b'));
    expect(readFileSync(join(directory, 'states', 'main.tfstate'), 'utf8')).toBe('a');
    expect(readFileSync(join(directory, 'envs', 'dev', 'terraform.tfstate'), 'utf8')).toBe('b');
    const id = await backend.lock('default');
    expect(JSON.parse(readFileSync(join(directory, 'states', '.main.tfstate.lock.info'), 'utf8')).Path).toBe('states/main.tfstate');
    await backend.unlock('default', id);
    expect(await backend.listWorkspaces()).toEqual(['default', 'dev']);
  });

  it('keeps the previous state in terraform.tfstate.backup, written before the new state', async () => {
    const directory = freshDirectory();
    const backend = backendOn({ directory });
    await backend.writeState('default', Buffer.from('first'));
    expect(existsSync(join(directory, 'terraform.tfstate.backup'))).toBe(false);
    await backend.writeState('default', Buffer.from('second'));
    expect(readFileSync(join(directory, 'terraform.tfstate.backup'), 'utf8')).toBe('first');
    await backend.deleteState('default');
    expect(await backend.readState('default')).toBeUndefined();
    expect(readFileSync(join(directory, 'terraform.tfstate.backup'), 'utf8')).toBe('second');
  });

  it('lists every directory under terraform.tfstate.d (not files, not names no call could address)', async () => {
    const directory = freshDirectory();
    mkdirSync(join(directory, 'terraform.tfstate.d', 'made-by-workspace-new'), { recursive: true });
    mkdirSync(join(directory, 'terraform.tfstate.d', 'two words'));
    writeFileSync(join(directory, 'terraform.tfstate.d', 'stray-file'), '');
    expect(await backendOn({ directory }).listWorkspaces()).toEqual(['default', 'made-by-workspace-new']);
  });

  it('deleteWorkspace removes the directory with its state, backup and lock info', async () => {
    const directory = freshDirectory();
    const backend = backendOn({ directory });
    await backend.writeState('doomed', Buffer.from('1'));
    await backend.writeState('doomed', Buffer.from('2'));
    writeFileSync(join(directory, 'terraform.tfstate.d', 'doomed', '.terraform.tfstate.lock.info'), '{}');
    await backend.deleteWorkspace('doomed');
    expect(existsSync(join(directory, 'terraform.tfstate.d', 'doomed'))).toBe(false);
    expect(await backend.listWorkspaces()).toEqual(['default']);
  });

  it('writes the LockInfo as Go JSON with Path, and removes it on unlock', async () => {
    const directory = freshDirectory();
    const backend = backendOn({ directory });
    const id = await backend.lock('stage', { Operation: 'OperationTypeApply', Info: '<&>' });
    const stored = await backend.readLock('stage');
    expect(stored?.Path).toBe(join('terraform.tfstate.d', 'stage', 'terraform.tfstate'));
    const lockFile = join(directory, 'terraform.tfstate.d', 'stage', '.terraform.tfstate.lock.info');
    expect(readFileSync(lockFile, 'utf8')).toBe(encodeLockInfo(stored!));
    await backend.unlock('stage', id);
    expect(existsSync(lockFile)).toBe(false);
  });

  it('lock and unlock without a write leave no file, directory or workspace behind', async () => {
    const directory = freshDirectory();
    const backend = backendOn({ directory });
    for (const workspace of ['default', 'ghost']) {
      const id = await backend.lock(workspace);
      await backend.unlock(workspace, id);
    }
    expect(filesUnder(directory)).toEqual([]);
    expect(await backend.listWorkspaces()).toEqual(['default']);
    expect(await backend.readState('ghost')).toBeUndefined();
  });

  it('a lock info file without an OS lock (left by a crash) is not a lock', async () => {
    const directory = freshDirectory();
    writeFileSync(join(directory, 'terraform.tfstate'), '{"serial":1}');
    writeFileSync(
      join(directory, '.terraform.tfstate.lock.info'),
      '{"ID":"dead","Operation":"OperationTypeApply","Info":"","Who":"gone@host","Version":"1.11.4","Created":"2020-01-01T00:00:00Z","Path":"terraform.tfstate"}',
    );
    const backend = backendOn({ directory });
    expect(await backend.readLock('default')).toBeUndefined();
    await backend.writeState('default', Buffer.from('{"serial":2}'));
    const id = await backend.lock('default');
    await backend.unlock('default', id);
  });

  it('claims exactly its capabilities and refuses force-unlock with UNSUPPORTED', async () => {
    expect(LOCAL_CAPABILITIES).toEqual({
      locking: true,
      forceUnlock: false,
      lockSurvivesCrash: false,
      writeChecksLock: true,
      digest: false,
      conditionalWrite: false,
      versions: false,
      probe: false,
      unicodeWorkspaceNames: false,
    });
    const provider = createLocalProvider({ directory: freshDirectory() });
    await expect(provider.forceUnlock('default', 'some-id')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('refuses bad options with INVALID_CONFIG', () => {
    expect(() => createLocalProvider({ statePath: '' })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
    expect(() => createLocalProvider({ lockFlavour: 'weird' as 'auto' })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
});
