import { access, constants } from 'node:fs/promises';
import { runCommand } from './radosgw/run-command.js';

/** The command to run once as root, for error messages when the tests may not install `packages` themselves. */
export function aptGetInstallCommand(packages: readonly string[]): string {
  return `apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

/**
 * Whether this process may install Debian packages itself: it runs as root on a machine with apt-get, as on a clean
 * Debian CI image. Elsewhere the tests ask a person to install them instead of trying sudo.
 */
export async function mayRunAptGet(): Promise<boolean> {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) return false;
  try {
    await access('/usr/bin/apt-get', constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Refreshes the package lists and installs `packages` without prompts or recommended extras. */
export async function aptGetInstall(packages: readonly string[], options: { timeoutMs: number }): Promise<void> {
  const environment = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Other test processes (the Ceph and Chromium installers) may hold the dpkg lock: wait for it instead of failing.
  const lockWait = ['-o', 'DPkg::Lock::Timeout=300'];
  await runCommand('apt-get', [...lockWait, 'update', '-qq'], { timeoutMs: 300_000, env: environment });
  await runCommand('apt-get', [...lockWait, 'install', '-y', '-qq', '--no-install-recommends', ...packages], {
    timeoutMs: options.timeoutMs,
    env: environment,
  });
}
