import { BackendError, LockConflictError, type LockInfo } from '@x/backend-core';
import type { WorkspaceLocation } from '../s3-layout.js';
import type { LockStore } from './lock-store.js';

/** How a workspace is locked: one store, or the lock file and DynamoDB together. */
export interface LockMode {
  /**
   * Takes the lock. `heldBefore`: this client already held `record.ID` before the call (a retried
   * lock), so a failure must not roll back records that predate it.
   */
  acquire(location: WorkspaceLocation, record: LockInfo, heldBefore: boolean): Promise<void>;
  /**
   * Releases `lockId`. `ownRecord`: the record this client wrote when it took that lock, which
   * lets the DynamoDB store release with one conditional delete and no read; without it (a
   * force-unlock, another client's id) every store reads, checks the ID and deletes
   * conditionally on what it read.
   */
  release(location: WorkspaceLocation, lockId: string, ownRecord?: LockInfo): Promise<void>;
  /** The holder wherever it is recorded. */
  read(location: WorkspaceLocation): Promise<LockInfo | undefined>;
  /** The holder as the first store records it: one request, for the check before writes. */
  readFirst(location: WorkspaceLocation): Promise<LockInfo | undefined>;
}

/** The lock mode of the configured stores, or undefined when none is configured. */
export function createLockMode(lockFile: LockStore | undefined, table: LockStore | undefined): LockMode | undefined {
  if (lockFile !== undefined && table !== undefined) return new BothStores(lockFile, table);
  const only = lockFile ?? table;
  return only === undefined ? undefined : new SingleStore(only);
}

class SingleStore implements LockMode {
  constructor(private readonly store: LockStore) {}

  async acquire(location: WorkspaceLocation, record: LockInfo): Promise<void> {
    await this.store.acquire(location, record);
  }

  release(location: WorkspaceLocation, lockId: string, ownRecord?: LockInfo): Promise<void> {
    return this.store.release(location, lockId, ownRecord);
  }

  read(location: WorkspaceLocation): Promise<LockInfo | undefined> {
    return this.store.read(location);
  }

  readFirst(location: WorkspaceLocation): Promise<LockInfo | undefined> {
    return this.store.read(location);
  }
}

/**
 * `use_lockfile` and `dynamodb_table` together (spec §3.3): lock file first, then DynamoDB, and
 * the lock file removed again when DynamoDB refuses; release attempts both, lock file first.
 *
 * The lock file is always released the careful way (read, check the ID, conditional delete),
 * even by its holder. Deleting it unread after the holder's conditional DynamoDB delete would be
 * safe against other lockers (each takes the file before the item and rolls the file back when
 * DynamoDB refuses), and would save one request per cycle, but S3 does not say whether a DELETE
 * removed anything: a lock file deleted out of band would go unnoticed, while Terraform's
 * unlock reports it (conformance case `lock-deleted-out-of-band`, a `must`).
 */
class BothStores implements LockMode {
  constructor(
    private readonly lockFile: LockStore,
    private readonly table: LockStore,
  ) {}

  async acquire(location: WorkspaceLocation, record: LockInfo, heldBefore: boolean): Promise<void> {
    const fileOutcome = await this.lockFile.acquire(location, record);
    try {
      await this.table.acquire(location, record);
    } catch (error) {
      if (fileOutcome === 'already-held' && heldBefore) throw error;
      try {
        await this.lockFile.release(location, record.ID);
      } catch (cleanupError) {
        throw cleanupFailed(error, cleanupError, location, record.ID);
      }
      throw error;
    }
  }

  async release(location: WorkspaceLocation, lockId: string, ownRecord?: LockInfo): Promise<void> {
    const failures: Array<{ store: LockStore; error: unknown }> = [];
    for (const store of [this.lockFile, this.table]) {
      try {
        await store.release(location, lockId, ownRecord);
      } catch (error) {
        failures.push({ store, error });
      }
    }
    if (failures.length > 0) throw unlockFailed(failures);
  }

  async read(location: WorkspaceLocation): Promise<LockInfo | undefined> {
    const [fromFile, fromTable] = await Promise.all([this.lockFile.read(location), this.table.read(location)]);
    return fromFile ?? fromTable;
  }

  readFirst(location: WorkspaceLocation): Promise<LockInfo | undefined> {
    return this.lockFile.read(location);
  }
}

/** Terraform's wording, keeping the code (and holder) of the most telling failure. */
function unlockFailed(failures: Array<{ store: LockStore; error: unknown }>): BackendError {
  const mismatch = failures.find((failure) => isCode(failure.error, 'LOCK_ID_MISMATCH'));
  if (mismatch !== undefined) return mismatch.error as BackendError;
  const message =
    failures.length === 2
      ? `failed to unlock both S3 and DynamoDB: S3 error: ${messageOf(failures[0]?.error)}, DynamoDB error: ${messageOf(failures[1]?.error)}`
      : `failed to unlock ${failures[0]?.store.label}: ${messageOf(failures[0]?.error)}`;
  const telling = failures.find((failure) => !isCode(failure.error, 'LOCK_NOT_HELD')) ?? failures[0];
  const code = BackendError.isInstance(telling?.error) ? telling.error.code : 'BACKEND_ERROR';
  return new BackendError(code, message, {
    cause: telling?.error,
    hint: BackendError.isInstance(telling?.error) ? telling.error.hint : undefined,
  });
}

function cleanupFailed(error: unknown, cleanupError: unknown, location: WorkspaceLocation, lockId: string): BackendError {
  const message =
    `failed to clean up file lock after DynamoDB lock error: ${messageOf(cleanupError)}; original error: ${messageOf(error)}\n` +
    `The lock file "${location.lockKey}" still holds lock ID ${lockId}.`;
  const hint = `Release it with: tfstate force-unlock ${lockId}`;
  if (BackendError.hasCode(error, 'LOCK_CONFLICT')) {
    return new LockConflictError((error as LockConflictError).lock, { message, hint, cause: error });
  }
  return new BackendError(BackendError.isInstance(error) ? error.code : 'BACKEND_ERROR', message, { cause: error, hint });
}

function isCode(error: unknown, code: string): boolean {
  return BackendError.isInstance(error) && error.code === code;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
