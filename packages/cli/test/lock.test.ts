import { describe, expect, it } from 'vitest';
import { holdLock } from './helpers/lock-holder.js';
import { runTfstate, temporaryDirectory } from './helpers/run-tfstate.js';

describe('tfstate lock', () => {
  it('reports a free lock with exit 0 and {locked:false}', async () => {
    const cwd = await temporaryDirectory();
    const json = await runTfstate(['lock', 'status', '--json'], { cwd });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ locked: false });
    const human = await runTfstate(['lock', 'status'], { cwd });
    expect(human).toMatchObject({ code: 0, stdout: 'Workspace "default" is not locked.\n' });
  });

  it('shows the holder, operation, who, created and age of a held lock', async () => {
    const cwd = await temporaryDirectory();
    const holder = await holdLock(cwd, 'dev');
    const json = await runTfstate(['-w', 'dev', 'lock', 'status', '--json'], { cwd });
    expect(json.code).toBe(0);
    const status = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(status).toMatchObject({ locked: true, id: holder.id, operation: 'OperationTypeApply', who: 'holder@test' });
    expect(status.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(status.ageSeconds).toBeGreaterThanOrEqual(0);
    const human = await runTfstate(['-w', 'dev', 'lock', 'status'], { cwd });
    expect(human.stdout).toContain('Workspace "dev" is locked.\nLock Info:\n');
    expect(human.stdout).toContain(`  ID:        ${holder.id}`);
    expect(human.stdout).toMatch(/ {2}Age: {7}\d+s\n$/);
    await holder.release();
    expect(JSON.parse((await runTfstate(['-w', 'dev', 'lock', 'status', '--json'], { cwd })).stdout)).toEqual({ locked: false });
  });

  it('refuses lock acquire on the local backend, whose lock dies with the process', async () => {
    const cwd = await temporaryDirectory();
    const result = await runTfstate(['lock', 'acquire', '--info', 'ci'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'Error: lock acquire is not possible with the local backend: its lock is released when the process that took it exits',
    );
    expect(JSON.parse((await runTfstate(['lock', 'status', '--json'], { cwd })).stdout)).toEqual({ locked: false });
  });

  it('refuses to unlock with an id that is not the holder, and the lock stays', async () => {
    const cwd = await temporaryDirectory();
    const holder = await holdLock(cwd);
    const result = await runTfstate(['unlock', '00000000-0000-0000-0000-000000000000'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: /);
    const status = JSON.parse((await runTfstate(['lock', 'status', '--json'], { cwd })).stdout) as { id: string };
    expect(status.id).toBe(holder.id);
    await holder.release();
  });

  it('explains that the local lock cannot be force-unlocked', async () => {
    const cwd = await temporaryDirectory();
    const holder = await holdLock(cwd);
    const result = await runTfstate(['force-unlock', holder.id, '--yes'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: the local backend cannot force-unlock: its lock belongs to a running process');
    expect(JSON.parse((await runTfstate(['lock', 'status', '--json'], { cwd })).stdout)).toMatchObject({ locked: true, id: holder.id });
    await holder.release();
  });
});
