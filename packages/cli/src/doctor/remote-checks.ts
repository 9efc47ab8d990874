import type { StateBackend, StateInspector } from '@x/backend-core';
import { refuseScanWithoutLockTable } from '../support/lock-table-scan.js';
import type { DoctorItem } from './doctor-item.js';
import { digestItems } from './digest-items.js';
import { findHeldLocks, mergeWorkspaces } from './held-locks.js';
import { lockItems } from './lock-items.js';
import { probeItems } from './probe-items.js';

/** What {@link remoteChecks} reports besides the items. */
export interface RemoteChecks {
  items: DoctorItem[];
  observed: Record<string, boolean>;
}

/**
 * The checklist of a remote backend: the provider's probe (bucket, versioning, encryption,
 * conditional writes, lock table, identity per component), whether locking is configured at
 * all, the digest of each workspace compared once with its object, and held locks with their
 * age (with `allWorkspaces`, also those the inspector finds without a state, reading the lock
 * table too with `scanLockTable`).
 */
export async function remoteChecks(
  backend: StateBackend,
  inspector: StateInspector | undefined,
  workspaces: readonly string[],
  options: { staleAfterMs: number; allWorkspaces: boolean; scanLockTable: boolean },
): Promise<RemoteChecks> {
  const items: DoctorItem[] = [];
  let observed: Record<string, boolean> = {};
  if (backend.capabilities.probe) {
    const report = await backend.probe();
    items.push(...probeItems({ checks: [...report.checks, ...(inspector?.identityChecks?.() ?? [])], observed: report.observed }));
    observed = { ...report.observed } as Record<string, boolean>;
  } else {
    items.push({ id: 'probe', status: 'warn', message: `the ${backend.name} provider cannot probe its store`, fix: 'Check the store by hand.' });
  }

  if (!backend.capabilities.locking) {
    items.push({
      id: 'locking',
      status: 'warn',
      message: 'no lock is configured: concurrent runs can overwrite each other',
      fix: backend.name === 's3' ? 'Set use_lockfile = true (or dynamodb_table).' : 'Set tablestore_table (or use_lockfile = true).',
    });
  }

  // A capability the probe saw fail (a lock table with the wrong key) is not exercised further:
  // its requests would only fail again, and the probe's item already says why.
  const usable = (flag: 'digest' | 'locking') => backend.capabilities[flag] && observed[flag] !== false;

  if (usable('digest')) {
    if (inspector === undefined) {
      items.push({
        id: 'digest',
        status: 'warn',
        message: 'the digest was not checked: the installed provider package offers no inspector',
        fix: 'Update the provider package.',
      });
    } else {
      items.push(...digestItems(backend.name, await inspector.compareDigests(workspaces)));
    }
  }

  if (usable('locking')) {
    const listing = options.allWorkspaces && inspector !== undefined ? await inspector.listLockedWorkspaces({ scanLockTable: options.scanLockTable }) : undefined;
    if (options.scanLockTable && listing?.lockTable === 'none') refuseScanWithoutLockTable(backend.name);
    const locked = listing?.workspaces ?? [];
    const checked = options.allWorkspaces ? mergeWorkspaces(workspaces, locked) : [...workspaces];
    items.push(...lockItems(backend, await findHeldLocks(backend, checked), options.staleAfterMs, checked.length));
  }
  return { items, observed };
}
