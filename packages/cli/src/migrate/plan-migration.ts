import { decideCopy } from './copy-decision.js';
import { readJournal } from './migration-journal.js';
import { isUnfinished, type MigrationReport, type WorkspaceReport } from './migration-report.js';
import { checkResumable, selectWorkspaces, type MigrationRequest } from './run-migration.js';
import { summarizeState } from './state-summary.js';

/** What a dry run needs: a run's request without the lock and progress settings it never uses. */
export type PlanRequest = Omit<MigrationRequest, 'lock' | 'startProgress'>;

/**
 * `--dry-run`: what a run would do to each workspace, from unlocked reads of both sides (and of
 * a journal it would resume). Nothing is locked, written or journaled.
 */
export async function planMigration(request: PlanRequest): Promise<MigrationReport> {
  const journal = await readJournal(request.journalPath);
  if (journal !== undefined) checkResumable(journal, request);
  const verified = new Set(journal?.workspaces.filter((entry) => entry.status === 'verified').map((entry) => entry.name));
  const workspaces = journal?.workspaces.map((entry) => entry.name) ?? (await selectWorkspaces(request.source, request.patterns));

  const reports: WorkspaceReport[] = [];
  for (const workspace of workspaces) {
    if (verified.has(workspace)) {
      reports.push({ workspace, result: 'verified-earlier', detail: 'verified by an earlier run' });
      continue;
    }
    const stored = await request.source.readState(workspace);
    if (!stored) {
      reports.push({ workspace, result: 'empty', detail: 'no state in the source' });
      continue;
    }
    const source = summarizeState(stored.bytes);
    const targetStored = await request.target.readState(workspace);
    const target = targetStored ? summarizeState(targetStored.bytes) : undefined;
    const decision = decideCopy(source, target, { force: request.force });
    reports.push({
      workspace,
      result: decision.action,
      detail: decision.reason,
      source,
      ...(target === undefined ? {} : { target }),
    });
  }
  return {
    dryRun: true,
    source: request.sourceIdentity,
    target: request.targetIdentity,
    journal: request.journalPath,
    resumed: journal !== undefined,
    complete: !reports.some(isUnfinished),
    workspaces: reports,
  };
}
