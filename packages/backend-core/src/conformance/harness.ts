import type { StateProvider } from '../backend/state-provider.js';
import type { CaseId } from './case-ids.js';

/** Raw read access to the store behind a provider, bypassing the provider (an oracle). */
export interface ConformanceInspector {
  /** Every raw key (object name, row key, file path) the namespace holds right now. */
  listKeys(namespace: string): Promise<string[]>;
  /** The raw bytes stored under `key`, or undefined when it does not exist. */
  readRaw(namespace: string, key: string): Promise<Uint8Array | undefined>;
}

/** Raw write access to the store behind a provider, as a foreign writer or an operator would. */
export interface ConformanceTamperer {
  /** Stores `bytes` (possibly empty) under `key`, bypassing the provider. */
  writeRaw(namespace: string, key: string, bytes: Uint8Array): Promise<void>;
  /** Deletes `key`, bypassing the provider. A missing key resolves. */
  deleteRaw(namespace: string, key: string): Promise<void>;
}

/**
 * How the suite reaches the provider under test. Only `create` is required; every optional hook
 * a case needs but the harness lacks makes that case skip with the reason printed, never pass.
 */
export interface ConformanceHarness {
  /**
   * A new client. Called many times; two calls with the same namespace MUST return two
   * independent clients on shared storage (like two machines using one bucket), and different
   * namespaces MUST NOT see each other's states, workspaces or locks.
   */
  create(context: { namespace: string }): StateProvider | Promise<StateProvider>;
  /** Reads raw keys; enables the "no leftovers" and "stored as given" checks. */
  inspect?: ConformanceInspector;
  /** Writes and deletes raw keys; enables the digest cases and lock-deleted-out-of-band. */
  tamper?: ConformanceTamperer;
  /**
   * Makes the client die without releasing anything, as a killed process would (for example by
   * killing the child process that runs it). Resolves once it is gone.
   */
  crash?(provider: StateProvider): Promise<void>;
  /** Removes everything stored under `namespace`; called after each case. */
  destroy?(namespace: string): Promise<void>;
  /** Credentials and other strings that must never appear in an error message, hint or cause. */
  secrets?: readonly string[];
}

/** Sizes, counts and time limits; capabilities never come from here (see `provider.capabilities`). */
export interface ConformanceOptions {
  /** Largest payload the provider must store exactly. Default 64 MiB. */
  maxPayloadBytes?: number;
  /** Clients racing for one lock in the contention cases. Default 16. */
  lockers?: number;
  /** Lock/read/increment/write/unlock cycles per locker in no-lost-updates. Default 50. */
  cycles?: number;
  /** Workspaces created by many-workspaces (more than one listing page). Default 1050. */
  manyWorkspaces?: number;
  /**
   * The provider's digest consistency window as the harness configured it, in milliseconds.
   * Default 0; digest-catches-up needs a window and is skipped with 0.
   */
  digestRetryMs?: number;
  /** Time limit of each case in milliseconds. Default 120000. */
  timeoutMs?: number;
  /** Cases not to run, each with the reason, which is printed. */
  skip?: Partial<Record<CaseId, string>>;
}

/** {@link ConformanceOptions} with every default filled in. */
export interface ResolvedConformanceOptions {
  readonly maxPayloadBytes: number;
  readonly lockers: number;
  readonly cycles: number;
  readonly manyWorkspaces: number;
  readonly digestRetryMs: number;
  readonly timeoutMs: number;
  readonly skip: Readonly<Partial<Record<CaseId, string>>>;
}
