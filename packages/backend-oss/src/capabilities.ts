import { defineCapabilities, type BackendCapabilities } from '@x/backend-core';
import type { OssBackendSettings } from './config/oss-settings.js';

/**
 * What an oss configuration can do. Locking (and with it force-unlock, locks that outlive a
 * crash, and the write check) comes from TableStore or `use_lockfile`; the digest only from
 * TableStore. `versions` is off with `use_lockfile`, whose bucket must not be versioned.
 * `conditionalWrite` is off: OSS does not implement conditional PutObject.
 */
export function ossCapabilities(settings: Pick<OssBackendSettings, 'tablestore' | 'useLockfile'>): BackendCapabilities {
  const locking = settings.tablestore !== undefined || settings.useLockfile;
  return defineCapabilities({
    locking,
    forceUnlock: locking,
    lockSurvivesCrash: locking,
    writeChecksLock: locking,
    digest: settings.tablestore !== undefined,
    conditionalWrite: false,
    versions: !settings.useLockfile,
    probe: true,
    unicodeWorkspaceNames: false,
  });
}
