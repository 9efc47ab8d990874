import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

const script = fileURLToPath(new URL('../fixtures/hold-lock.mjs', import.meta.url));
const holders: ChildProcessWithoutNullStreams[] = [];

/** Another process holding the local backend's lock on `workspace`. */
export interface LockHolder {
  id: string;
  release(): Promise<void>;
}

/** Starts a process that takes the lock and keeps it until `release()`. */
export async function holdLock(directory: string, workspace = 'default'): Promise<LockHolder> {
  const child = spawn(process.execPath, [script, directory, workspace], { stdio: ['pipe', 'pipe', 'pipe'] });
  holders.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [line] = (await Promise.race([
    once(child.stdout, 'data'),
    once(child, 'exit').then(() => {
      throw new Error(`lock holder exited early: ${stderr}`);
    }),
  ])) as [Buffer];
  const { id } = JSON.parse(line.toString()) as { id: string };
  return {
    id,
    release: async () => {
      const exited = once(child, 'exit');
      child.stdin.write('release\n');
      await exited;
    },
  };
}

afterEach(() => {
  for (const child of holders.splice(0)) if (child.exitCode === null) child.kill();
});
