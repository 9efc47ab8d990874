import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Name prefix of every cluster folder, so leftovers can be recognised under the shared root. */
export const clusterFolderPrefix = 'radosgw-';
const ownerFile = 'owner.json';

interface OwnerRecord {
  ownerPid: number;
  daemonPids: number[];
}

/** Records which process owns the cluster and which daemons it started. */
export async function recordOwner(clusterDirectory: string, daemonPids: number[]): Promise<void> {
  const record: OwnerRecord = { ownerPid: process.pid, daemonPids };
  await writeFile(join(clusterDirectory, ownerFile), JSON.stringify(record));
}

/**
 * Removes clusters left under `root` by test runs that died without stopping them. The daemons die
 * with their parent already (pdeathsig); this is the second line for anything that escaped that,
 * e.g. a machine where the starter was a short-lived worker thread. A daemon is only killed when
 * its command line names the leftover cluster's folder, so a recycled PID is never hit.
 */
export async function removeLeftoverClusters(root: string): Promise<void> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  await Promise.all(
    entries
      .filter((entry) => entry.isDirectory() && entry.name.startsWith(clusterFolderPrefix))
      .map((entry) => removeIfAbandoned(join(root, entry.name))),
  );
}

async function removeIfAbandoned(clusterDirectory: string): Promise<void> {
  let record: OwnerRecord;
  try {
    record = JSON.parse(await readFile(join(clusterDirectory, ownerFile), 'utf8')) as OwnerRecord;
  } catch {
    // No record yet: a cluster being created right now, or a folder that is not ours. Leave it.
    return;
  }
  if (isAlive(record.ownerPid)) return;
  for (const pid of record.daemonPids) {
    const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (commandLine.includes(clusterDirectory)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  await rm(clusterDirectory, { recursive: true, force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
