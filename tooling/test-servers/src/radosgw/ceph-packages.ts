import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { aptGetInstall, aptGetInstallCommand, mayRunAptGet } from '../apt-get-install.js';
import { memoizeUntilFailure } from '../memoize-until-failure.js';

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

/** What apt-get installs; util-linux (setpriv) is on every Debian system already. */
const cephPackages = ['ceph-mon', 'ceph-osd', 'radosgw'];

/**
 * Makes sure the Ceph programs are installed. When some are missing and the process runs as root on a
 * machine with apt-get, installs them (once per process); otherwise rejects with the command to run.
 */
export const ensureCephPackages: () => Promise<void> = memoizeUntilFailure(installMissingPackages);

async function installMissingPackages(): Promise<void> {
  const missing = await missingPrograms();
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((program) => requiredPrograms[program]))].join(', ');
  if (!(await mayRunAptGet())) {
    throw new Error(
      `The S3 test server needs Ceph (radosgw), but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing ` +
        `(packages: ${packages}). Install them once as root: sudo sh -c '${aptGetInstallCommand(cephPackages)}'`,
    );
  }
  await aptGetInstall(cephPackages, { timeoutMs: 600_000 });
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
