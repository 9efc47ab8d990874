import type { BackendIdentity } from './backend-identity.js';
import type { StateSummary } from './state-summary.js';

/**
 * One workspace in a run's or a plan's report. Results of a run: `copied`, `already-present`,
 * `verified-earlier` (by a previous run of the journal), `empty` (no source state), `conflict`,
 * `failed`. Results of a dry run: `copy`, `skip`, `verified-earlier`, `empty`, `conflict`.
 */
export interface WorkspaceReport {
  workspace: string;
  result: 'copied' | 'already-present' | 'verified-earlier' | 'empty' | 'conflict' | 'failed' | 'copy' | 'skip';
  detail: string;
  /** The source state (copied or planned). */
  source?: StateSummary;
  /** The target's state before the copy. */
  target?: StateSummary;
  /** The error code of a failure. */
  code?: string;
}

export interface MigrationReport {
  dryRun: boolean;
  source: BackendIdentity;
  target: BackendIdentity;
  journal: string;
  /** True when a journal of an earlier, interrupted run was picked up. */
  resumed: boolean;
  /** True when every workspace is verified or has no state to copy (the journal is then removed). */
  complete: boolean;
  workspaces: WorkspaceReport[];
}

/** Results that stop a run (or a plan) from being complete. */
export function isUnfinished(report: WorkspaceReport): boolean {
  return report.result === 'conflict' || report.result === 'failed';
}

/** How many workspaces ended with each result. */
export function countResults(workspaces: readonly WorkspaceReport[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const workspace of workspaces) counts[workspace.result] = (counts[workspace.result] ?? 0) + 1;
  return counts;
}
