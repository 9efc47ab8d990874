import { access, constants } from 'node:fs/promises';
import { aptGetInstall, aptGetInstallCommand, mayRunAptGet } from '../apt-get-install.js';
import { memoizeUntilFailure } from '../memoize-until-failure.js';

/** Where Debian's `chromium` package puts the browser; the browser tests drive this binary. */
export const chromiumExecutablePath = '/usr/bin/chromium';

/**
 * Debian packages the browser tests need: the browser itself, and a font so that rendered text
 * (and the screenshots) is legible on a minimal image that ships none.
 */
const chromiumPackages = ['chromium', 'fonts-dejavu-core'];

/**
 * Makes sure a headless-capable Chromium is installed and resolves with its path. When it is
 * missing and the process runs as root on a machine with apt-get (a clean Debian CI image),
 * installs it once per process; otherwise rejects with the command to run.
 */
export const ensureChromium: () => Promise<string> = memoizeUntilFailure(installWhenMissing);

async function installWhenMissing(): Promise<string> {
  if (await isExecutable(chromiumExecutablePath)) return chromiumExecutablePath;
  if (!(await mayRunAptGet())) {
    throw new Error(
      `The browser tests need Chromium at ${chromiumExecutablePath}, which is missing. ` +
        `Install it once as root: sudo sh -c '${aptGetInstallCommand(chromiumPackages)}'`,
    );
  }
  await aptGetInstall(chromiumPackages, { timeoutMs: 900_000 });
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
