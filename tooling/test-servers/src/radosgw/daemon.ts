import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lastLines } from './run-command.js';

/** A Ceph daemon running in the foreground as a child of this process. */
export interface Daemon {
  name: string;
  pid: number;
  /** Where the daemon's own stdout and stderr go (its log file is separate, see logTail). */
  consoleFile: string;
  /** Resolves when the process has exited, whatever the reason. */
  exited: Promise<void>;
  /** Set once the process has exited. */
  exitDescription(): string | undefined;
  /** Sends SIGKILL and waits for the exit. */
  kill(): Promise<void>;
}

/**
 * Starts a daemon in the foreground (`-f`) through `setpriv --pdeathsig KILL`, so the kernel kills it
 * when the thread that started it goes away: a crashed or killed test run leaves no daemon behind.
 */
export function startDaemon(name: string, program: string, args: readonly string[], logDirectory: string): Daemon {
  const consoleFile = join(logDirectory, `${name}.console`);
  const output = openSync(consoleFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', program, ...args], { stdio: ['ignore', output, output] });
  } finally {
    closeSync(output);
  }
  let description: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      description = signal ? `killed by ${signal}` : `exited with status ${String(code)}`;
      resolve();
    });
    child.once('error', (error) => {
      description = `could not start: ${error.message}`;
      resolve();
    });
  });
  return {
    name,
    pid: child.pid ?? -1,
    consoleFile,
    exited,
    exitDescription: () => description,
    async kill() {
      if (description === undefined) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The end of a daemon's log and console output, to put into a startup error. */
export async function describeDaemonOutput(daemon: Daemon, logFile: string): Promise<string> {
  const parts: string[] = [];
  for (const file of [daemon.consoleFile, logFile]) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.trim()) parts.push(`--- ${file} (last lines) ---\n${lastLines(text.trimEnd(), 25)}`);
  }
  return parts.join('\n');
}
