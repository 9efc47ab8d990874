import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The local-client fixture, run as a separate Node process against the built package. */
export const clientScript = fileURLToPath(new URL('../fixtures/local-client.mjs', import.meta.url));

/** Environment of child clients; `classic` makes them use process-wide fcntl locks. */
export function childEnvironment(flavour: 'auto' | 'classic' = 'auto'): NodeJS.ProcessEnv {
  return { ...process.env, LOCAL_LOCK_FLAVOUR: flavour };
}

/** Starts a child that prints `ready` lines on stdout; resolves when `line` appears. */
export async function startChild(args: string[], line: string, flavour: 'auto' | 'classic' = 'auto'): Promise<ChildProcess> {
  const child = spawn(process.execPath, [clientScript, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: childEnvironment(flavour),
  });
  let output = '';
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`${line}\n`)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`child exited with ${code} before "${line}": ${errors}`)));
  });
  return child;
}

/** Forks a child with an IPC channel (the `race` command). */
export function forkChild(args: string[]): ChildProcess {
  return fork(clientScript, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: childEnvironment() });
}

/** Kills with SIGKILL and waits until the process is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** Runs a child to completion; rejects unless it exits 0. */
export async function runChild(args: string[]): Promise<void> {
  const child = spawn(process.execPath, [clientScript, ...args], { stdio: ['ignore', 'inherit', 'pipe'], env: childEnvironment() });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`child ${args.join(' ')} exited with ${code}: ${errors}`);
}
