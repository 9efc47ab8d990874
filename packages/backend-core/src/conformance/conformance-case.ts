import type { BackendCapabilities } from '../backend/capabilities.js';
import type { StateBackend } from '../backend/state-backend.js';
import { caseEntry, type CaseEntry, type CaseId } from './case-ids.js';
import type {
  ConformanceHarness,
  ConformanceInspector,
  ConformanceTamperer,
  ResolvedConformanceOptions,
} from './harness.js';

/** What a case needs to run: a capability the provider claims, or a harness hook. */
export type Requirement = keyof BackendCapabilities | 'inspect' | 'tamper' | 'crash' | 'secrets';

/** What a running case gets: fresh namespace, clients on it, the hooks and the options. */
export interface CaseContext {
  /** The fresh namespace of this run. */
  readonly namespace: string;
  /** The workspace under test: `default`, or a named one when the case runs per workspace. */
  readonly workspace: string;
  /** Another valid workspace, distinct from {@link workspace}. */
  readonly otherWorkspace: string;
  readonly capabilities: BackendCapabilities;
  readonly options: ResolvedConformanceOptions;
  readonly harness: ConformanceHarness;
  /** Client A, created first; its provider's capabilities decided whether the case runs. */
  readonly a: StateBackend;
  /** One more independent client on the namespace (B, C, ...). */
  client(): Promise<StateBackend>;
  /** A client on another fresh namespace, cleaned up like this one. */
  clientInFreshNamespace(): Promise<{ namespace: string; backend: StateBackend }>;
  /** The harness's inspector; only cases that require `inspect` may call it. */
  readonly inspect: ConformanceInspector;
  /** The harness's tamperer; only cases that require `tamper` may call it. */
  readonly tamper: ConformanceTamperer;
  /** Raw keys of this namespace, sorted (requires `inspect`). */
  keys(): Promise<string[]>;
  /** After `harness.crash`, the client is not closed again. */
  forget(backend: StateBackend): void;
}

/** One runner-neutral case: metadata plus the function that runs it. */
export interface ConformanceCase extends CaseEntry {
  /** What the case checks, in one line. */
  readonly title: string;
  /** Runs in `default` and again in a named workspace. */
  readonly perWorkspace: boolean;
  /** Capabilities and hooks the case needs; a missing one skips it with the reason. */
  readonly requires: readonly Requirement[];
  /** A reason to skip that depends on the tuning options, if any. */
  readonly skipWhen?: (options: ResolvedConformanceOptions) => string | undefined;
  /** Rejects (with an assertion error) when the provider does not conform. */
  run(context: CaseContext): Promise<void>;
}

/** The parts of a case its group module writes. */
export interface CaseDefinition {
  title: string;
  perWorkspace?: boolean;
  requires?: readonly Requirement[];
  skipWhen?: (options: ResolvedConformanceOptions) => string | undefined;
  run(context: CaseContext): Promise<void>;
}

/** Thrown by a case that finds at run time it cannot check anything here; the runner reports it skipped. */
export class CaseSkipped extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'CaseSkipped';
  }
}

/** Ends the running case as skipped with `reason` (never as passed). */
export function skipCase(reason: string): never {
  throw new CaseSkipped(reason);
}

/** Joins a case's definition with its catalog entry (number, group, tag). */
export function defineCase(id: CaseId, definition: CaseDefinition): ConformanceCase {
  return Object.freeze({
    ...caseEntry(id),
    title: definition.title,
    perWorkspace: definition.perWorkspace ?? false,
    requires: Object.freeze([...(definition.requires ?? [])]),
    skipWhen: definition.skipWhen,
    run: definition.run,
  });
}
