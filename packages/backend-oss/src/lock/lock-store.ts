import type { LockInfo } from '@x/backend-core';

/** A lock record as stored: the parsed holder and the exact text, for conditional removal. */
export interface StoredLock {
  info: LockInfo;
  /** The stored text, byte for byte (Go-JSON LockInfo). */
  raw: string;
}

/**
 * Where one lock mode keeps its records. {@link LockRecords} builds lock, unlock and the write
 * checks on top, the same way for TableStore rows and `.tflock` objects.
 */
export interface LockStore {
  /** Stores `raw` as the workspace's lock unless a lock exists; false when one exists. */
  create(workspace: string, raw: string): Promise<boolean>;
  /** The current lock, or undefined. Unparsable records fail with `INVALID_LOCK_INFO`. */
  read(workspace: string): Promise<StoredLock | undefined>;
  /**
   * Removes the lock if it still holds exactly `raw`; false when it is gone or was replaced.
   * As atomic as the store allows (see each implementation).
   */
  remove(workspace: string, raw: string): Promise<boolean>;
  /** The `Path` recorded in LockInfo: `<bucket>/<state object path>`. */
  pathOf(workspace: string): string;
}
