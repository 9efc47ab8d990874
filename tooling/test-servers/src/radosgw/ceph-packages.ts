import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { runCommand } from './run-command.js';

/** Programs the throwaway cluster runs, and the Debian package that ships each one. */
const requiredPrograms: Record<string, string> = {
  'ceph-mon': 'ceph-mon',
  'ceph-osd': 'ceph-osd',
  radosgw: 'radosgw',
  'radosgw-admin': 'radosgw',
  monmaptool: 'ceph-mon',
  'ceph-authtool': 'ceph-mon',
  ceph: 'ceph-mon',
  setpriv: 'util-linux',
};

const installCommand = 'apt-get update && apt-get install -y --no-install-recommends ceph-mon ceph-osd radosgw';

let installation: Promise<void> | undefined;

/**
 * Makes sure the Ceph programs are installed. When some are missing and the process runs as root on a
 * machine with apt-get, installs them (once per process); otherwise rejects with the command to run.
 */
export function ensureCephPackages(): Promise<void> {
  installation ??= installMissingPackages().catch((error: unknown) => {
    installation = undefined;
    throw error;
  });
  return installation;
}

async function installMissingPackages(): Promise<void> {
  const missing = await missingPrograms();
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((program) => requiredPrograms[program]))].join(', ');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !(await findProgram('apt-get'))) {
    throw new Error(
      `The S3 test server needs Ceph (radosgw), but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing ` +
        `(packages: ${packages}). Install them once as root: sudo sh -c '${installCommand}'`,
    );
  }
  // Other test processes may install at the same moment: wait for the dpkg lock instead of failing.
  const environment = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lockWait = ['-o', 'DPkg::Lock::Timeout=300'];
  await runCommand('apt-get', [...lockWait, 'update', '-qq'], { timeoutMs: 300_000, env: environment });
  await runCommand('apt-get', [...lockWait, 'install', '-y', '-qq', '--no-install-recommends', 'ceph-mon', 'ceph-osd', 'radosgw'], {
    timeoutMs: 600_000,
    env: environment,
  });
  const stillMissing = await missingPrograms();
  if (stillMissing.length > 0) {
    throw new Error(`apt-get installed the Ceph packages but ${stillMissing.join(', ')} still cannot be found on PATH.`);
  }
}

async function missingPrograms(): Promise<string[]> {
  const programs = Object.keys(requiredPrograms);
  const found = await Promise.all(programs.map(findProgram));
  return programs.filter((_, index) => !found[index]);
}

/** Whether an executable of that name is on PATH (Ceph's daemons live in /usr/bin). */
async function findProgram(name: string): Promise<boolean> {
  const directories = (process.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').split(delimiter);
  for (const directory of directories) {
    try {
      await access(join(directory, name), constants.X_OK);
      return true;
    } catch {
      // not in this directory; try the next one
    }
  }
  return false;
}
