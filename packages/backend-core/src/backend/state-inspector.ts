import type { ProbeCheck } from './state-provider.js';

/**
 * The read-only views of a remote store that `tfstate doctor` and `lock status --all` need and
 * the {@link StateProvider} contract does not offer. Provider packages that keep a digest beside
 * the state or lock files in a listable place export a `createStateInspector(config, context)`
 * returning this shape; the CLI consumes it without knowing the provider.
 */

/**
 * How a stored digest and the state object relate:
 * - `match`: both present and equal;
 * - `mismatch`: both present and different (readers wait for the consistency window, then fail);
 * - `no-digest`: a state without a usable recorded digest (readers check nothing);
 * - `digest-without-state`: a digest for a missing or empty state (readers of it fail);
 * - `no-state`: neither.
 */
export type DigestStatus = 'match' | 'mismatch' | 'no-digest' | 'digest-without-state' | 'no-state';

/** How the stored digest of one workspace compares with its state object, looked at once. */
export interface DigestComparison {
  workspace: string;
  /** The state object key or path. */
  location: string;
  /** The key of the digest record (the `LockID` of the DynamoDB item or TableStore row). */
  record: string;
  /** The recorded digest (lowercase hex), if there is a usable one. */
  stored?: string;
  /** MD5 of the object's bytes (lowercase hex), if the object exists and is not empty. */
  actual?: string;
  status: DigestStatus;
}

/** Workspaces that have a lock record somewhere the provider can list cheaply. */
export interface LockListing {
  /** Workspace names, each once, in listing order. */
  workspaces: string[];
  /** One sentence saying what was listed and what was not. */
  coverage: string;
  /**
   * The backend's lock table: `none` (no table is configured), `skipped` (not read: no
   * `scanLockTable`) or `scanned` (its records under the backend's prefix were read).
   */
  lockTable: 'none' | 'skipped' | 'scanned';
}

/** What {@link StateInspector.listLockedWorkspaces} may read besides the cheap listings. */
export interface LockListingOptions {
  /**
   * Also read the lock table (a DynamoDB Scan, a TableStore range read) for lock records of
   * workspaces without a state. Costs a read of every record under the backend's prefix (with
   * DynamoDB, of the whole table), so callers MUST only set it when the user asked for it.
   */
  scanLockTable?: boolean;
}

/** Read-only store views for diagnostics. Nothing here writes. */
export interface StateInspector {
  /**
   * Compares each workspace's stored digest with the MD5 of its object, one look each, without
   * the provider's consistency wait. MUST resolve to an empty list when no digest is kept.
   */
  compareDigests(workspaces: readonly string[]): Promise<DigestComparison[]>;
  /**
   * Workspaces with a lock record found by listing, including those without a state. Lock table
   * records MUST be read only with `options.scanLockTable`; `coverage` says which were read.
   */
  listLockedWorkspaces(options?: LockListingOptions): Promise<LockListing>;
  /** Findings to show beside `probe()`'s that it does not carry (such as where requests go). */
  identityChecks?(): ProbeCheck[];
  /** Releases sockets and SDK clients. */
  close(): Promise<void>;
}

/** What a caller passes to `createStateInspector` besides the settings (as for `createProviderFromConfig`). */
export interface StateInspectorContext {
  workingDirectory: string;
  env: NodeJS.ProcessEnv;
  homeDirectory?: string;
}

/** Classifies a stored digest against the object's MD5 (both lowercase hex or undefined). */
export function compareDigest(stored: string | undefined, actual: string | undefined): DigestStatus {
  if (stored === undefined) return actual === undefined ? 'no-state' : 'no-digest';
  if (actual === undefined) return 'digest-without-state';
  return stored === actual ? 'match' : 'mismatch';
}
