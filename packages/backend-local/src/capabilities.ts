import { defineCapabilities } from '@x/backend-core';

/**
 * What the local backend can do. The lock is an OS file lock: it excludes other clients and a
 * running terraform, writes check it, but it belongs to a live process, so nobody else can
 * release it (no force-unlock) and a crash releases it (it does not survive).
 */
export const LOCAL_CAPABILITIES = defineCapabilities({
  locking: true,
  forceUnlock: false,
  lockSurvivesCrash: false,
  writeChecksLock: true,
  digest: false,
  conditionalWrite: false,
  versions: false,
  probe: false,
  unicodeWorkspaceNames: false,
});
