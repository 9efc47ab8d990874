import type { LockInfo } from '../lock/lock-info.js';
import type { BackendCapabilities } from './capabilities.js';

/** Bytes of one stored state plus what the store knows about them. */
export interface StoredState {
  /** The exact bytes stored. Never empty: an empty object reads as "no state". */
  bytes: Uint8Array;
  /** Opaque token that changes whenever the bytes change (S3 ETag, file mtime+size, ...). */
  etag?: string;
  /** Version id when the store keeps versions. */
  versionId?: string;
  /** Lowercase hex MD5 of `bytes`, when the store maintains a digest. */
  digest?: string;
  /** When the bytes were last written, as far as the store knows. */
  lastModified?: Date;
}

/** Options of `writeState`. */
export interface WriteStateOptions {
  /** The id of the lock the writer holds. Providers with `writeChecksLock` refuse a stale or foreign id. */
  lockId?: string;
  /** Write only if the stored etag still equals this (`conditionalWrite`). */
  ifMatch?: string;
  /** Write only if no state exists yet (`conditionalWrite`). */
  ifNoneMatch?: boolean;
}

/** What `writeState` reports about the stored bytes. */
export interface WriteStateResult {
  etag?: string;
  versionId?: string;
  digest?: string;
}

/** One earlier state of a workspace (`versions` capability). */
export interface StateVersionEntry {
  versionId: string;
  lastModified: Date;
  size: number;
  /** True for the version that is current now. */
  isLatest: boolean;
  /** True when this entry records a deletion rather than bytes. */
  isDeleteMarker: boolean;
}

/** One finding of `probe`. */
export interface ProbeCheck {
  /** Stable id, e.g. `conditional-writes`, `versioning`, `lock-table`. */
  id: string;
  ok: boolean;
  /** `error` makes the store unsafe to use as configured; `warning` is advice. */
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** How to fix it, when `ok` is false. */
  fix?: string;
}

/** Report of `probe`. */
export interface ProbeReport {
  checks: ProbeCheck[];
  /** Capabilities as observed live; may be narrower than the declared ones. */
  observed: Partial<BackendCapabilities>;
}

/**
 * The contract a storage provider implements: storing and locking bytes per workspace,
 * nothing Terraform-semantic. It maps one to one onto Terraform's pluggable state-store RPCs
 * (read/write bytes, lock, unlock, list and delete states).
 *
 * Callers never use a provider directly: `createStateBackend(provider)` wraps it, validates
 * every argument (workspace names, empty writes, lock ids) and turns unexpected errors into
 * `BackendError`s, so a provider method only ever sees a valid workspace name and non-empty
 * bytes. Every method MUST return a promise and MUST throw only `BackendError`s for expected
 * failures (anything else is wrapped as `BACKEND_ERROR`). Secrets MUST NOT appear in messages.
 */
export interface StateProvider {
  /** Contract revision this provider implements. */
  readonly contractVersion: 1;
  /** Short provider name for messages: `memory`, `local`, `s3`, `oss`. */
  readonly name: string;
  /** See {@link BackendCapabilities}. MUST be frozen and MUST NOT change over the provider's life. */
  readonly capabilities: BackendCapabilities;

  /**
   * Names of all workspaces that have a state. MUST include `default` even when it has no
   * state. Order does not matter (the wrapper sorts: `default` first, then code-unit order).
   * MUST NOT report anything that is not a workspace of this configuration (another
   * project's key, a lock object).
   */
  listWorkspaces(): Promise<string[]>;

  /**
   * Removes the workspace's state and everything stored beside it (digest, leftover lock
   * artifacts the provider owns). Never called with `default`. A missing workspace resolves.
   * If another client holds the workspace's lock, MUST reject with `LockConflictError`.
   */
  deleteWorkspace(workspace: string): Promise<void>;

  /**
   * The current bytes, or undefined when there is no state (absent or zero-length object).
   * With `digest`, MUST verify the bytes against the stored digest, retrying within the
   * consistency window, and throw `DigestMismatchError` when they never match.
   *
   * Buffer ownership: the returned `bytes` belong to the caller, who may keep or mutate them.
   * MUST be a buffer the provider does not keep, share with another call or change later (a
   * fresh buffer per call: decoded from a response, read from a file, or a copy of what an
   * in-process store holds). The facade does not copy it.
   */
  readState(workspace: string): Promise<StoredState | undefined>;

  /**
   * Stores `bytes` (never empty) as the workspace's state, creating the workspace. A reader
   * MUST see either the old or the new bytes, never a mix. With `digest`, MUST update the digest.
   * With `writeChecksLock`, a `lockId` that is not the held lock (or any write while another
   * client holds the lock) MUST fail with `LockConflictError`/`LOCK_NOT_HELD`.
   * With `conditionalWrite`, a failed `ifMatch`/`ifNoneMatch` MUST throw `StateConflictError`.
   *
   * Buffer ownership: `bytes` is the caller's buffer, passed through by the facade without a
   * copy. The provider MUST NOT mutate it, and MUST NOT keep a reference to it once the returned
   * promise settles: a provider that stores the bytes in memory MUST store a copy. The caller
   * may change or reuse the buffer as soon as the promise settles, and MUST NOT change it before.
   */
  writeState(workspace: string, bytes: Uint8Array, options: WriteStateOptions): Promise<WriteStateResult>;

  /** Removes the state (and its digest). Missing state resolves. Same lock rules as `writeState`. */
  deleteState(workspace: string, options: WriteStateOptions): Promise<void>;

  /**
   * Takes the workspace's lock with `info` (whose `ID` is set; the provider fills `Path`) and
   * returns `info.ID`. If the same id already holds it (a retried call), MUST resolve with
   * that id. Held by another id: MUST throw `LockConflictError` with the holder's info.
   * Without `locking`: MUST throw `UNSUPPORTED`.
   */
  lock(workspace: string, info: LockInfo): Promise<string>;

  /**
   * Releases the lock if `lockId` is the stored id. Not locked: `LOCK_NOT_HELD`. Another id:
   * `LockMismatchError` and the lock stays. MUST NOT remove a lock taken by someone else
   * after the check (use a conditional delete where the store has one).
   */
  unlock(workspace: string, lockId: string): Promise<void>;

  /**
   * Releases a lock held by another client, given its id (Terraform's `force-unlock`), with
   * the same checks as `unlock`. Without `forceUnlock`: MUST throw `UNSUPPORTED` and leave the lock.
   */
  forceUnlock(workspace: string, lockId: string): Promise<void>;

  /** The holder's LockInfo as stored, or undefined when not locked. */
  readLock(workspace: string): Promise<LockInfo | undefined>;

  /** Earlier states, newest first (`versions`). */
  listVersions?(workspace: string): Promise<StateVersionEntry[]>;

  /**
   * The bytes of one version (`versions`); unknown id: `VERSION_NOT_FOUND`. The returned bytes
   * belong to the caller, as with {@link readState}.
   */
  readVersion?(workspace: string, versionId: string): Promise<StoredState>;

  /** Checks the live store (`probe`): conditional writes honoured, versioning, lock table, identity. */
  probe?(): Promise<ProbeReport>;

  /** Releases sockets, file handles and OS locks the client holds. */
  close?(): Promise<void>;
}
