import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LockWaitReporter } from '../src/support/lock-wait-reporter.js';
import { holdLock } from './helpers/lock-holder.js';
import { createS3Bucket, hclText, s3BackendSettings } from './helpers/remote-backends.js';
import { binPath, cleanEnvironment, runTfstate, temporaryDirectory } from './helpers/run-tfstate.js';
import { stateFile } from './helpers/state-files.js';

/** A running tfstate whose stderr can be watched while it runs. */
interface RunningTfstate {
  stderr(): string;
  /** Resolves once stderr matches `pattern` (or rejects when the process exits first). */
  waitForStderr(pattern: RegExp): Promise<void>;
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function startTfstate(args: string[], cwd: string): RunningTfstate {
  const child = spawn(process.execPath, [binPath, ...args], { cwd, env: cleanEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'close').then(([code]) => ({ code: code as number | null, stdout, stderr }));
  return {
    stderr: () => stderr,
    exited,
    waitForStderr: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(stderr)) return;
          child.stderr.off('data', check);
          resolve();
        };
        child.stderr.on('data', check);
        exited.then(() => reject(new Error(`tfstate exited before stderr matched ${pattern}: ${stderr}`)), reject);
        check();
      }),
  };
}

describe('waiting for a held lock', () => {
  it('a locking command with --lock-timeout names the holder and the time waited, one plain line every few seconds, then succeeds', async () => {
    const cwd = await temporaryDirectory();
    await writeFile(join(cwd, 'pushed.tfstate'), stateFile({ serial: 4 }));
    const holder = await holdLock(cwd);
    const push = startTfstate(['--lock-timeout', '2m', 'state', 'push', 'pushed.tfstate'], cwd);
    const line = new RegExp(`^Waiting for the state lock held by holder@test \\(operation OperationTypeApply, lock ID ${holder.id}\\): waited (\\d+)s of 2m0s$`, 'm');
    await push.waitForStderr(line);
    // A second line only after a few seconds: not a line per retry or per second.
    await push.waitForStderr(new RegExp(`${line.source}[\\s\\S]*${line.source}`, 'm'));
    await holder.release();
    const result = await push.exited;
    expect(result.code).toBe(0);
    const waited = [...result.stderr.matchAll(new RegExp(line.source, 'gm'))].map((match) => Number(match[1]));
    expect(waited.length).toBeGreaterThanOrEqual(2);
    expect(waited[1]! - waited[0]!).toBeGreaterThanOrEqual(4);
    expect(result.stderr).not.toContain('\u001b[');
    const pulled = await runTfstate(['state', 'pull'], { cwd });
    expect(JSON.parse(pulled.stdout)).toMatchObject({ serial: 4 });
  });

  it('gives up after --lock-timeout with exit 3, having said who holds the lock', async () => {
    const cwd = await temporaryDirectory();
    await writeFile(join(cwd, 'pushed.tfstate'), stateFile({ serial: 1 }));
    const holder = await holdLock(cwd);
    const result = await runTfstate(['--lock-timeout', '1s', 'state', 'push', 'pushed.tfstate'], { cwd });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`Waiting for the state lock held by holder@test (operation OperationTypeApply, lock ID ${holder.id}): waited 0s of 1s`);
    await holder.release();
  });

  it('lock acquire --wait waits without limit until the holder unlocks, then holds the lock itself', async () => {
    const cwd = await temporaryDirectory();
    await writeFile(join(cwd, 'backend.hcl'), await s3LockfileConfig());
    const base = ['--backend', 's3', '-c', 'backend.hcl'];
    const first = JSON.parse((await runTfstate([...base, 'lock', 'acquire', '--operation', 'first-run', '--json'], { cwd })).stdout) as { id: string };
    const waiting = startTfstate([...base, 'lock', 'acquire', '--wait', '--json'], cwd);
    await waiting.waitForStderr(new RegExp(`Waiting for the state lock held by \\S+@\\S+ \\(operation first-run, lock ID ${first.id}\\): waited \\d+s\\n`));
    expect(waiting.stderr()).not.toMatch(/waited \d+s of /);
    expect(await runTfstate([...base, 'unlock', first.id], { cwd })).toMatchObject({ code: 0 });
    const result = await waiting.exited;
    expect(result.code).toBe(0);
    const second = JSON.parse(result.stdout) as { id: string };
    expect(second.id).not.toBe(first.id);
    const status = JSON.parse((await runTfstate([...base, 'lock', 'status', '--json'], { cwd })).stdout) as { id: string };
    expect(status.id).toBe(second.id);
    expect(await runTfstate([...base, 'unlock', second.id], { cwd })).toMatchObject({ code: 0 });
  });
});

describe('LockWaitReporter on a terminal', () => {
  it('rewrites its one line in place: cursor up and clear before every later line', async () => {
    const stream = new PassThrough();
    let written = '';
    stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const reporter = new LockWaitReporter({ stream, terminal: true, timeoutMs: 60_000 });
    const holder = { ID: 'abc', Operation: 'OperationTypePlan', Info: '', Who: 'ana@build', Version: '1.11.4', Created: '', Path: 'p' };
    reporter.onWait({ holder, elapsedMs: 0, attempt: 1, nextDelayMs: 5_000 });
    reporter.onWait({ holder, elapsedMs: 2_000, attempt: 2, nextDelayMs: 5_000 });
    reporter.stop();
    await new Promise((resolve) => setImmediate(resolve));
    const text = 'Waiting for the state lock held by ana@build (operation OperationTypePlan, lock ID abc): waited 0s of 1m0s\n';
    expect(written).toBe(`${text}\u001b[1A\u001b[2K${text}`);
  });
});

async function s3LockfileConfig(): Promise<string> {
  const bucket = await createS3Bucket('lock-wait');
  return hclText(s3BackendSettings({ bucket, lock: { kind: 'lockfile' } }));
}
