import { BackendError, type AcquireLockOptions, type StateBackend } from '@x/backend-core';
import type { Progress } from '../support/progress.js';
import { formatGoDuration } from '../support/go-duration.js';
import { formatBytes } from '../support/progress.js';
import { describeIdentity, sameIdentity, type BackendIdentity } from './backend-identity.js';
import { migrateWorkspace } from './migrate-workspace.js';
import {
  createJournal,
  currentRun,
  isLiveRun,
  readJournal,
  removeJournal,
  writeJournal,
  type JournalWorkspace,
  type MigrationJournal,
} from './migration-journal.js';
import { isUnfinished, type MigrationReport, type WorkspaceReport } from './migration-report.js';
import { migrationLockInfo, releaseLockOfKilledRun } from './stale-migration-locks.js';
import { workspaceMatcher } from './workspace-pattern.js';

/** Everything a migration run needs. */
export interface MigrationRequest {
  source: StateBackend;
  target: StateBackend;
  sourceIdentity: BackendIdentity;
  targetIdentity: BackendIdentity;
  /** `--workspaces` globs; none = every workspace. */
  patterns: string[];
  force: boolean;
  journalPath: string;
  /** `--lock-timeout`; operation, info and the wait note are set here. */
  lock: AcquireLockOptions;
  /** Starts the progress display once the number of workspaces is known. */
  startProgress(total: number): Progress;
}

/**
 * Runs (or resumes) a migration. A journal of the same source, target and patterns is resumed:
 * workspaces it has verified are skipped, the others (including one that was being copied when
 * the run stopped) are locked, compared and copied again, after releasing locks a killed run of
 * this journal left behind. A journal of another migration is refused. Every workspace's outcome
 * is written to the journal as it happens; the journal is removed when all are verified or empty.
 */
export async function runMigration(request: MigrationRequest): Promise<MigrationReport> {
  const existing = await readJournal(request.journalPath);
  if (existing !== undefined) checkResumable(existing, request);
  const journal = existing ?? (await startJournal(request));
  journal.run = currentRun();
  await writeJournal(request.journalPath, journal);

  const progress = request.startProgress(journal.workspaces.length);
  const reports: WorkspaceReport[] = [];
  try {
    for (const entry of journal.workspaces) {
      const report =
        entry.status === 'verified'
          ? { workspace: entry.name, result: 'verified-earlier' as const, detail: 'verified by an earlier run', ...(entry.source ? { source: { ...entry.source } } : {}) }
          : await migrateEntry(entry, journal, request, progress, existing !== undefined);
      reports.push(report);
      progress.tick(1, progressLine(report));
    }
  } catch (error) {
    progress.fail();
    throw error;
  }
  progress.done();

  const complete = !reports.some(isUnfinished);
  if (complete) await removeJournal(request.journalPath);
  return {
    dryRun: false,
    source: request.sourceIdentity,
    target: request.targetIdentity,
    journal: request.journalPath,
    resumed: existing !== undefined,
    complete,
    workspaces: reports,
  };
}

/** Refuses a journal that belongs to another migration or to a run that is still going. */
export function checkResumable(journal: MigrationJournal, request: Pick<MigrationRequest, 'sourceIdentity' | 'targetIdentity' | 'patterns' | 'journalPath'>): void {
  const startOver = `Rerun with the same source, target and --workspaces to finish that migration, or delete ${request.journalPath} (or pass --journal OTHER_FILE) to start a new one.`;
  if (!sameIdentity(journal.source, request.sourceIdentity) || !sameIdentity(journal.target, request.targetIdentity)) {
    throw new BackendError(
      'INVALID_ARGUMENT',
      `the journal ${request.journalPath} belongs to another migration, from ${describeIdentity(journal.source)} to ${describeIdentity(journal.target)}`,
      { hint: startOver },
    );
  }
  if (JSON.stringify(journal.patterns) !== JSON.stringify(request.patterns)) {
    const shown = (patterns: string[]) => (patterns.length === 0 ? 'all workspaces' : patterns.join(' '));
    throw new BackendError(
      'INVALID_ARGUMENT',
      `the journal ${request.journalPath} was started for ${shown(journal.patterns)}, not ${shown(request.patterns)}`,
      { hint: startOver },
    );
  }
  if (isLiveRun(journal.run)) {
    throw new BackendError('LOCK_CONFLICT', `another tfstate migrate (pid ${journal.run.pid}) is working on ${request.journalPath}`, {
      hint: 'Wait for it to finish, or stop it; a rerun then resumes where it stopped.',
    });
  }
}

async function startJournal(request: MigrationRequest): Promise<MigrationJournal> {
  const workspaces = await selectWorkspaces(request.source, request.patterns);
  return createJournal({ source: request.sourceIdentity, target: request.targetIdentity, patterns: request.patterns, workspaces });
}

/** The source's workspaces matching the `--workspaces` globs (all without); none is an error. */
export async function selectWorkspaces(source: StateBackend, patterns: readonly string[]): Promise<string[]> {
  const workspaces = (await source.listWorkspaces()).filter(workspaceMatcher(patterns));
  if (workspaces.length === 0) {
    throw new BackendError('INVALID_ARGUMENT', `no workspace of the source matches ${patterns.join(' ')}`, {
      hint: 'List the source workspaces with `tfstate workspace list`, and quote glob patterns so the shell keeps them.',
    });
  }
  return workspaces;
}

async function migrateEntry(
  entry: JournalWorkspace,
  journal: MigrationJournal,
  request: MigrationRequest,
  progress: Progress,
  resumed: boolean,
): Promise<WorkspaceReport> {
  const workspace = entry.name;
  try {
    if (resumed) {
      for (const [side, backend] of [['source', request.source], ['target', request.target]] as const) {
        const released = await releaseLockOfKilledRun(backend, workspace, journal.id);
        if (released !== undefined) progress.note(`Released the ${side} lock ${released} of "${workspace}" left by the interrupted run.`);
      }
    }
    const outcome = await migrateWorkspace(request.source, request.target, workspace, {
      force: request.force,
      lock: {
        ...request.lock,
        operation: 'migrate',
        info: migrationLockInfo(journal.id),
        // Through the progress display, so a terminal's bar is not torn by the note.
        onWait: ({ holder, elapsedMs, nextDelayMs }) =>
          progress.note(
            `Waiting for the state lock held by ${holder.Who || 'an unknown holder'} (ID ${holder.ID}, ${holder.Operation}) on "${workspace}"; ` +
              `waited ${formatGoDuration(elapsedMs)}, retrying in ${formatGoDuration(nextDelayMs)}.`,
          ),
      },
      beforeWrite: async (source) => {
        entry.status = 'copying';
        entry.source = { bytes: source.bytes, md5: source.md5, serial: source.serial, lineage: source.lineage };
        delete entry.message;
        await writeJournal(request.journalPath, journal);
      },
    });
    if (outcome.status === 'empty') {
      entry.status = 'empty';
      delete entry.message;
      await writeJournal(request.journalPath, journal);
      return { workspace, result: 'empty', detail: outcome.reason };
    }
    entry.source = { bytes: outcome.source.bytes, md5: outcome.source.md5, serial: outcome.source.serial, lineage: outcome.source.lineage };
    if (outcome.status === 'conflict') {
      entry.status = 'conflict';
      entry.message = outcome.reason;
      await writeJournal(request.journalPath, journal);
      return { workspace, result: 'conflict', detail: outcome.reason, source: outcome.source, target: outcome.targetBefore };
    }
    entry.status = 'verified';
    delete entry.message;
    await writeJournal(request.journalPath, journal);
    return {
      workspace,
      result: outcome.status,
      detail: outcome.reason,
      source: outcome.source,
      ...(outcome.targetBefore === undefined ? {} : { target: outcome.targetBefore }),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = BackendError.isInstance(error) ? error.code : 'BACKEND_ERROR';
    entry.status = 'failed';
    entry.message = message;
    await writeJournal(request.journalPath, journal);
    return { workspace, result: 'failed', detail: message, code };
  }
}

/** The line (or bar detail) for one finished workspace. */
export function progressLine(report: WorkspaceReport): string {
  const about = report.source === undefined ? '' : ` (serial ${report.source.serial ?? '?'}, ${formatBytes(report.source.bytes)})`;
  switch (report.result) {
    case 'copied':
    case 'copy':
      return `${report.workspace}: ${report.result}${about}`;
    case 'already-present':
    case 'skip':
      return `${report.workspace}: ${report.result === 'skip' ? 'skip, ' : ''}already present${about}`;
    case 'verified-earlier':
      return `${report.workspace}: verified by an earlier run`;
    case 'empty':
      return `${report.workspace}: no state in the source, nothing to copy`;
    case 'conflict':
      return `${report.workspace}: CONFLICT: ${report.detail}`;
    case 'failed':
      return `${report.workspace}: FAILED: ${report.detail.replace(/\s*\n\s*/g, ' ')}`;
  }
}
