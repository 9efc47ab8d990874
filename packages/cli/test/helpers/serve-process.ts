import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll } from 'vitest';
import { binPath, cleanEnvironment } from './run-tfstate.js';

/** A `tfstate serve` child process and the URL it printed. */
export interface ServeProcess {
  url: string;
  child: ChildProcessWithoutNullStreams;
  /** Everything written to stderr so far (the request log and notes). */
  stderr(): string;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<ChildProcessWithoutNullStreams>();

/**
 * Starts the built `tfstate ... serve` with `args` (global options first, then `serve` and its
 * options) and waits for its `listening on URL` line. Rejects with the stderr when it exits first.
 */
export function startServeProcess(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<ServeProcess> {
  const child = spawn(process.execPath, [binPath, ...args], {
    cwd: options.cwd,
    env: { ...cleanEnvironment(), ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = /listening on (\S+)/.exec(stderr);
      if (match) {
        resolve({
          url: match[1]!,
          child,
          stderr: () => stderr,
          stop: (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`tfstate serve exited (${code}) before listening:\n${stderr}`)));
  });
}

/** Runs `tfstate serve` expecting it to refuse to start; resolves with its exit code and stderr. */
export async function serveRefusal(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number | null; stderr: string }> {
  try {
    const server = await startServeProcess(args, options);
    await server.stop();
    throw new Error(`tfstate serve started on ${server.url} although it should have refused`);
  } catch (error) {
    const match = /exited \((\S+)\) before listening:\n([\s\S]*)$/.exec((error as Error).message);
    if (!match) throw error;
    return { code: match[1] === 'null' ? null : Number(match[1]), stderr: match[2]! };
  }
}

// afterAll, not afterEach: a file may share one server between its tests.
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});
