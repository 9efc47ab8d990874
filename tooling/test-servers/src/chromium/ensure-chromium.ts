import { access, constants } from 'node:fs/promises';
import { runCommand } from '../radosgw/run-command.js';

/** Where Debian's `chromium` package puts the browser; the browser tests drive this binary. */
export const chromiumExecutablePath = '/usr/bin/chromium';

/**
 * Debian packages the browser tests need: the browser itself, and a font so that rendered text
 * (and the screenshots) is legible on a minimal image that ships none.
 */
const chromiumPackages = ['chromium', 'fonts-dejavu-core'];

const installCommand = `apt-get update && apt-get install -y --no-install-recommends ${chromiumPackages.join(' ')}`;

let installation: Promise<string> | undefined;

/**
 * Makes sure a headless-capable Chromium is installed and resolves with its path. When it is
 * missing and the process runs as root on a machine with apt-get (a clean Debian CI image),
 * installs it once per process; otherwise rejects with the command to run.
 */
export function ensureChromium(): Promise<string> {
  installation ??= installWhenMissing().catch((error: unknown) => {
    installation = undefined;
    throw error;
  });
  return installation;
}

async function installWhenMissing(): Promise<string> {
  if (await isExecutable(chromiumExecutablePath)) return chromiumExecutablePath;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !(await isExecutable('/usr/bin/apt-get'))) {
    throw new Error(
      `The browser tests need Chromium at ${chromiumExecutablePath}, which is missing. ` +
        `Install it once as root: sudo sh -c '${installCommand}'`,
    );
  }
  // Other test processes (the Ceph installer) may hold the dpkg lock: wait for it instead of failing.
  const environment = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lockWait = ['-o', 'DPkg::Lock::Timeout=300'];
  await runCommand('apt-get', [...lockWait, 'update', '-qq'], { timeoutMs: 300_000, env: environment });
  await runCommand('apt-get', [...lockWait, 'install', '-y', '-qq', '--no-install-recommends', ...chromiumPackages], {
    timeoutMs: 900_000,
    env: environment,
  });
  if (!(await isExecutable(chromiumExecutablePath))) {
    throw new Error(`apt-get installed ${chromiumPackages.join(', ')} but ${chromiumExecutablePath} is still missing.`);
  }
  return chromiumExecutablePath;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
