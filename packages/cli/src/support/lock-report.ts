import type { LockInfo } from '@x/backend-core';

/** A held lock as `lock status --json` and `lock status --all --json` report it. */
export interface LockReport {
  id: string;
  operation: string;
  info: string;
  who: string;
  version: string;
  created: string;
  path: string;
  /** Whole seconds since the lock was taken; null when its `Created` time cannot be read. */
  ageSeconds: number | null;
}

/**
 * The report of one held lock: Terraform's lock fields under lower-case names, and its age. Both
 * lock status forms MUST use it, so scripts read one shape. A clock behind the holder's counts as 0 s.
 */
export function lockReport(lock: LockInfo, ageMs: number | undefined): LockReport {
  return {
    id: lock.ID,
    operation: lock.Operation,
    info: lock.Info,
    who: lock.Who,
    version: lock.Version,
    created: lock.Created,
    path: lock.Path,
    ageSeconds: ageMs === undefined ? null : Math.max(0, Math.floor(ageMs / 1000)),
  };
}
