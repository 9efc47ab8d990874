import { encodeLockInfo, createLockInfo } from '@x/backend-core';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { holdLock } from './helpers/lock-holder.js';
import type { DoctorJson } from './helpers/doctor-report.js';
import { runTfstate, temporaryDirectory } from './helpers/run-tfstate.js';
import { stateFile } from './helpers/state-files.js';

async function doctor(cwd: string, ...args: string[]): Promise<{ code: number | null; report: DoctorJson; stderr: string }> {
  const result = await runTfstate(['doctor', '--json', ...args], { cwd });
  return { code: result.code, report: JSON.parse(result.stdout) as DoctorJson, stderr: result.stderr };
}

describe('tfstate doctor on the local backend', () => {
  it('a fresh directory: writable, the lock works, nothing pending; exit 0', async () => {
    const cwd = await temporaryDirectory();
    const { code, report } = await doctor(cwd);
    expect(code).toBe(0);
    expect(report).toMatchObject({ backend: 'local', workspaces: ['default'], safe: true, summary: { warn: 0, fail: 0 } });
    expect(report.items.map((item) => [item.id, item.status])).toEqual([
      ['directory-writable', 'ok'],
      ['lock', 'ok'],
      ['journal', 'ok'],
    ]);
    // The lock check leaves nothing behind in an empty directory.
    await expect(access(join(cwd, 'terraform.tfstate'))).rejects.toThrow();

    const human = await runTfstate(['doctor'], { cwd });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('tfstate doctor: local backend, workspace "default"');
    expect(human.stdout).toContain('[ok  ] lock: the lock of workspace "default" can be taken and released');
    expect(human.stdout).toMatch(/3 ok, 0 warnings, 0 failures\n$/);
  });

  it('warns about a lock-info file left by a crashed run and about set-aside journals', async () => {
    const cwd = await temporaryDirectory();
    await writeFile(join(cwd, 'terraform.tfstate'), stateFile({ serial: 1 }));
    const leftover = { ...createLockInfo({ operation: 'OperationTypeApply' }), Who: 'crashed@ci', Path: 'terraform.tfstate' };
    await writeFile(join(cwd, '.terraform.tfstate.lock.info'), encodeLockInfo(leftover));
    await writeFile(join(cwd, '.terraform.tfstate.journal.stale-20260101T000000Z'), 'old journal');

    const { code, report } = await doctor(cwd);
    expect(code).toBe(0);
    const stale = report.items.find((item) => item.id === 'stale-lock-info');
    expect(stale).toMatchObject({ status: 'warn', workspace: 'default' });
    expect(stale?.message).toContain(`crashed@ci (OperationTypeApply, ID ${leftover.ID})`);
    const journals = report.items.find((item) => item.id === 'stale-journal');
    expect(journals).toMatchObject({ status: 'warn', fix: expect.stringContaining('inspect them') });
    expect(journals?.message).toContain('.terraform.tfstate.journal.stale-20260101T000000Z');
    expect(report.summary).toEqual({ ok: 2, warn: 2, fail: 0 });
  });

  it('reports a lock held by a running process, stale after --stale-after, for every workspace with --all-workspaces', async () => {
    const cwd = await temporaryDirectory();
    await writeFile(join(cwd, 'terraform.tfstate'), stateFile({ serial: 1 }));
    await mkdir(join(cwd, 'terraform.tfstate.d', 'dev'), { recursive: true });
    await writeFile(join(cwd, 'terraform.tfstate.d', 'dev', 'terraform.tfstate'), stateFile({ serial: 1 }));
    const holder = await holdLock(cwd, 'dev');

    const fresh = await doctor(cwd, '--all-workspaces');
    expect(fresh.code).toBe(0);
    expect(fresh.report.workspaces).toEqual(['default', 'dev']);
    const held = fresh.report.items.find((item) => item.workspace === 'dev' && item.id === 'held-lock');
    expect(held?.status).toBe('ok');
    expect(held?.message).toContain(`holder@test (OperationTypeApply, ID ${holder.id})`);
    expect(fresh.report.items.filter((item) => item.id === 'lock').map((item) => item.workspace)).toEqual(['default']);

    const stale = await doctor(cwd, '--all-workspaces', '--stale-after', '0s');
    expect(stale.code).toBe(0);
    expect(stale.report.items.find((item) => item.workspace === 'dev' && item.id === 'stale-lock')).toMatchObject({
      status: 'warn',
      fix: expect.stringContaining('stop that process'),
    });
    await holder.release();
    expect((await doctor(cwd, '-w', 'dev')).report.items.find((item) => item.id === 'lock')).toMatchObject({ status: 'ok', workspace: 'dev' });
  });

  it('fails with exit 1 when the state cannot be written', async () => {
    const cwd = await temporaryDirectory();
    // A file where the state's directory should be: even root cannot write there (tests may run as root).
    await writeFile(join(cwd, 'blocker'), 'not a directory');
    const result = await runTfstate(['-c', 'path=blocker/terraform.tfstate', 'doctor', '--json'], { cwd });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as DoctorJson;
    expect(report.safe).toBe(false);
    expect(report.items.find((item) => item.id === 'directory-writable')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining(`${join(cwd, 'blocker')} is not writable (ENOTDIR)`),
      fix: expect.stringContaining('is a file where a directory should be'),
    });
    expect(report.items.find((item) => item.id === 'lock')?.status).toBe('fail');
    expect(result.stderr).toContain('Error: doctor found 2 problems that make the backend unsafe: directory-writable, lock (default)');
  });
});
