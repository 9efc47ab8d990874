import type { LockInfo } from '@x/backend-core';
import type { WorkspaceLocation } from '../s3-layout.js';

/** `created`: this call wrote the record. `already-held`: the record already carried the same ID. */
export type AcquireOutcome = 'created' | 'already-held';

/** One place a lock can live: the `.tflock` object or the DynamoDB item. */
export interface LockStore {
  /** `S3` or `DynamoDB`, for combined messages. */
  readonly label: string;
  /**
   * Writes `record` only if no lock exists. The same ID already stored resolves `already-held`;
   * another ID rejects with `LockConflictError` carrying the stored holder.
   */
  acquire(location: WorkspaceLocation, record: LockInfo): Promise<AcquireOutcome>;
  /**
   * Removes the record if it carries `lockId`: `LOCK_NOT_HELD` when there is none,
   * `LockMismatchError` when another ID is stored. The removal is conditional on the record read
   * (or, given `ownRecord`, the record this client wrote when it took `lockId`, which a store
   * may use to skip the read), so a lock taken by someone else after the check is never removed.
   */
  release(location: WorkspaceLocation, lockId: string, ownRecord?: LockInfo): Promise<void>;
  /** The stored holder, or undefined. */
  read(location: WorkspaceLocation): Promise<LockInfo | undefined>;
}
