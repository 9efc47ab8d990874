import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { removeLeftoverClusters } from '../src/radosgw/leftover-clusters.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A long-running process whose command line names `directory`, standing in for a Ceph daemon. */
function fakeDaemon(directory: string) {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', directory], { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  cleanups.push(async () => {
    child.kill('SIGKILL');
    await exited;
  });
  return { pid: child.pid ?? -1, exited };
}

/** The PID of a process that has already ended: the owner of an abandoned cluster. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid ?? -1;
}

test('kills the daemons of a cluster whose owner died and deletes its folder, but leaves live clusters alone', async () => {
  const root = await mkdtemp(join(tmpdir(), 'leftovers-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const abandoned = join(root, 'radosgw-abandoned');
  const live = join(root, 'radosgw-live');
  const unrelatedFolder = join(root, 'something-else');
  for (const folder of [abandoned, live, unrelatedFolder]) await mkdir(folder);
  const abandonedDaemon = fakeDaemon(abandoned);
  const liveDaemon = fakeDaemon(live);
  // A PID that is alive but runs something else must survive even when listed.
  const bystander = fakeDaemon(unrelatedFolder);
  await writeFile(join(abandoned, 'owner.json'), JSON.stringify({ ownerPid: await deadPid(), daemonPids: [abandonedDaemon.pid, bystander.pid] }));
  await writeFile(join(live, 'owner.json'), JSON.stringify({ ownerPid: process.pid, daemonPids: [liveDaemon.pid] }));

  await removeLeftoverClusters(root);

  expect(await abandonedDaemon.exited).toBe('SIGKILL');
  expect((await readdir(root)).sort()).toEqual(['radosgw-live', 'something-else']);
  expect(() => process.kill(liveDaemon.pid, 0)).not.toThrow();
  expect(() => process.kill(bystander.pid, 0)).not.toThrow();
});

test('ignores a missing root folder', async () => {
  await expect(removeLeftoverClusters(join(tmpdir(), 'no-such-folder-for-leftovers'))).resolves.toBeUndefined();
});
