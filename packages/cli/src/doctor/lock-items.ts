import type { StateBackend } from '@x/backend-core';
import { formatGoDuration } from '../support/go-duration.js';
import type { DoctorItem } from './doctor-item.js';
import type { HeldLocks } from './held-locks.js';

/**
 * Checklist items for held locks: one per held lock, `warn` with the force-unlock command when
 * it is older than `staleAfterMs` (or its age cannot be read), `ok` otherwise; `fail` for a lock
 * record that cannot be read (it blocks every run). Without any held lock, one `ok` item.
 */
export function lockItems(backend: StateBackend, found: HeldLocks, staleAfterMs: number, checked: number): DoctorItem[] {
  const items: DoctorItem[] = [];
  for (const { workspace, lock, ageMs } of found.held) {
    const holder = `${lock.Who || 'an unknown holder'} (${lock.Operation || 'no operation'}, ID ${lock.ID})`;
    const age = ageMs === undefined ? 'since an unreadable time' : `for ${formatGoDuration(Math.max(0, ageMs))}`;
    const stale = ageMs === undefined || ageMs > staleAfterMs;
    items.push({
      id: stale ? 'stale-lock' : 'held-lock',
      workspace,
      status: stale ? 'warn' : 'ok',
      message: `workspace "${workspace}" is locked by ${holder} ${age}${stale ? `, longer than ${formatGoDuration(staleAfterMs)}` : ''}`,
      ...(stale ? { fix: forceUnlockAdvice(backend, workspace, lock.ID) } : {}),
    });
  }
  for (const { workspace, error } of found.unreadable) {
    items.push({
      id: 'lock-record',
      workspace,
      status: 'fail',
      message: `the lock of workspace "${workspace}" cannot be read: ${error.message}`,
      fix: error.hint ?? 'Inspect the lock record in the store and remove it if no run holds it.',
    });
  }
  if (items.length === 0) {
    items.push({ id: 'locks', status: 'ok', message: `no held lock (${checked} workspace${checked === 1 ? '' : 's'} checked)` });
  }
  return items;
}

function forceUnlockAdvice(backend: StateBackend, workspace: string, id: string): string {
  if (!backend.capabilities.forceUnlock) {
    return 'The lock belongs to a running process; stop that process to release it.';
  }
  return `If no run still uses it: tfstate --backend ${backend.name} -c <your settings> -w ${workspace} force-unlock ${id} --yes`;
}
