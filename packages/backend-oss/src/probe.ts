import { randomBytes } from 'node:crypto';
import { BackendError, type BackendCapabilities, type ProbeCheck, type ProbeReport } from '@x/backend-core';
import type { OssBackendSettings } from './config/oss-settings.js';
import { listingPrefix } from './oss-layout.js';
import type { OssObjects, VersioningStatus } from './storage/oss-objects.js';
import type { TableStoreRows } from './storage/tablestore-rows.js';

/** What {@link probeStore} looks at. */
export interface ProbeTargets {
  settings: OssBackendSettings;
  capabilities: BackendCapabilities;
  objects: OssObjects;
  rows?: TableStoreRows;
}

/**
 * Checks the live bucket and table: versioning status, whether `x-oss-forbid-overwrite` is
 * honoured (a second create-only write of a probe object must fail; the object is removed,
 * and nothing is written on a versioned bucket, where the answer is known), and the lock
 * table's primary key. Claimed capabilities the store cannot deliver come back false in
 * `observed`, each named by a failed check.
 */
export async function probeStore(targets: ProbeTargets): Promise<ProbeReport> {
  const { settings, capabilities } = targets;
  const checks: ProbeCheck[] = [];
  const observed: { -readonly [flag in keyof BackendCapabilities]?: boolean } = {};

  let versioning: VersioningStatus | undefined;
  try {
    versioning = await targets.objects.versioningStatus();
  } catch (error) {
    checks.push(failedAccess('bucket', `cannot read bucket "${settings.bucket}"`, error));
  }
  if (versioning !== undefined) {
    checks.push(versioningCheck(versioning, capabilities.versions));
    if (capabilities.versions && versioning !== 'Enabled') observed.versions = false;
    const honoured = versioning === 'Off' ? await forbidOverwriteHonoured(targets, checks) : false;
    if (honoured !== undefined) {
      checks.push(forbidOverwriteCheck(versioning, honoured, settings.useLockfile));
      if (settings.useLockfile && !honoured) {
        observed.locking = false;
      }
    }
  }

  if (targets.rows !== undefined && settings.tablestore !== undefined) {
    const table = settings.tablestore.table;
    try {
      const shape = await targets.rows.describe();
      const expected = 'LockID STRING';
      const ok = shape.primaryKey.length === 1 && shape.primaryKey[0] === expected;
      checks.push({
        id: 'lock-table',
        ok,
        severity: ok ? 'info' : 'error',
        message: ok
          ? `TableStore table "${table}" has the primary key Terraform needs (LockID STRING): locking and digest rows work`
          : `TableStore table "${table}" has the primary key [${shape.primaryKey.join(', ')}], so locking and digest rows fail`,
        fix: ok ? undefined : `Create a table with exactly one primary-key column, LockID of type STRING, and point tablestore_table at it.`,
      });
      if (!ok) {
        observed.locking = false;
        observed.digest = false;
      }
      if (shape.timeToLive !== undefined && shape.timeToLive !== -1) {
        checks.push({
          id: 'lock-table-ttl',
          ok: false,
          severity: 'warning',
          message: `TableStore table "${table}" expires rows after ${shape.timeToLive} s: a long-held lock or a digest would silently vanish`,
          fix: 'Set the table time to live to -1 (rows never expire).',
        });
      }
    } catch (error) {
      checks.push(failedAccess('lock-table', `locking and digest rows unavailable: cannot describe TableStore table "${table}"`, error));
      observed.locking = false;
      observed.digest = false;
    }
  }
  return { checks, observed };
}

function versioningCheck(status: VersioningStatus, versionsClaimed: boolean): ProbeCheck {
  if (status === 'Enabled') {
    return { id: 'versions', ok: true, severity: 'info', message: 'bucket versioning is Enabled: earlier states can be listed and restored' };
  }
  return {
    id: 'versions',
    ok: !versionsClaimed,
    severity: versionsClaimed ? 'warning' : 'info',
    message: `bucket versioning is ${status}: earlier states are not kept${versionsClaimed ? ', so versions lists only the current state' : ''}`,
    fix: versionsClaimed ? 'Enable versioning on the bucket to keep earlier states (then use TableStore for locking, not use_lockfile).' : undefined,
  };
}

function forbidOverwriteCheck(status: VersioningStatus, honoured: boolean, useLockfile: boolean): ProbeCheck {
  if (honoured) {
    return { id: 'lockfile-locking', ok: true, severity: 'info', message: 'x-oss-forbid-overwrite is honoured: use_lockfile locks exclude other clients' };
  }
  const reason =
    status === 'Off'
      ? 'a second create-only write of the probe object succeeded'
      : `bucket versioning is ${status}, and OSS ignores x-oss-forbid-overwrite on versioned buckets`;
  return {
    id: 'lockfile-locking',
    ok: !useLockfile,
    severity: useLockfile ? 'error' : 'info',
    message: `x-oss-forbid-overwrite is not enforced (${reason}): use_lockfile locking cannot work in this bucket`,
    fix: useLockfile ? 'Use TableStore locking (tablestore_table), or a bucket that never had versioning.' : undefined,
  };
}

/** Writes a probe object twice with forbid-overwrite; undefined when the probe could not run (reported). */
async function forbidOverwriteHonoured(targets: ProbeTargets, checks: ProbeCheck[]): Promise<boolean | undefined> {
  const key = `${listingPrefix(targets.settings)}.tfstate-probe-${randomBytes(6).toString('hex')}`;
  const body = new TextEncoder().encode('{"probe":true}');
  try {
    const first = await targets.objects.put(key, body, { forbidOverwrite: true });
    if (!first.created) return undefined;
    const second = await targets.objects.put(key, body, { forbidOverwrite: true });
    return !second.created;
  } catch (error) {
    checks.push(failedAccess('lockfile-locking', `cannot write the probe object ${key}`, error));
    return undefined;
  } finally {
    await targets.objects.delete(key).catch(() => undefined);
  }
}

function failedAccess(id: string, what: string, error: unknown): ProbeCheck {
  const code = BackendError.isInstance(error) ? error.code : 'BACKEND_ERROR';
  return {
    id,
    ok: false,
    severity: 'error',
    message: `${what}: ${error instanceof Error ? error.message : String(error)}`,
    fix: BackendError.isInstance(error) && error.hint !== undefined ? error.hint : `Check the configuration and permissions (${code}).`,
  };
}
