import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { BackendError } from '@x/backend-core';
import type { BackendIdentity } from './backend-identity.js';
import type { StateSummary } from './state-summary.js';

export const JOURNAL_FORMAT = 'tfstate-migrate/1';

/** Where a workspace stands: `copying` means a run may have stopped between lock and verification. */
export type JournalStatus = 'pending' | 'copying' | 'verified' | 'empty' | 'conflict' | 'failed';

export interface JournalWorkspace {
  name: string;
  status: JournalStatus;
  /** The source state as it was copied (or found). */
  source?: Pick<StateSummary, 'bytes' | 'md5' | 'serial' | 'lineage'>;
  /** Why a workspace conflicted or failed. */
  message?: string;
}

/** The file that makes a migration resumable. */
export interface MigrationJournal {
  format: typeof JOURNAL_FORMAT;
  /** Put into every lock the migration takes, so a rerun recognises the locks of a killed run. */
  id: string;
  source: BackendIdentity;
  target: BackendIdentity;
  /** The `--workspaces` patterns the run was started with. */
  patterns: string[];
  /** The run that works on it now (or last did): a rerun refuses to share it with a live one. */
  run: { host: string; pid: number };
  startedAt: string;
  updatedAt: string;
  workspaces: JournalWorkspace[];
}

/** A new journal for a run over `workspaces`, all pending. */
export function createJournal(init: { source: BackendIdentity; target: BackendIdentity; patterns: string[]; workspaces: string[] }): MigrationJournal {
  const now = new Date().toISOString();
  return {
    format: JOURNAL_FORMAT,
    id: randomUUID(),
    source: init.source,
    target: init.target,
    patterns: [...init.patterns],
    run: currentRun(),
    startedAt: now,
    updatedAt: now,
    workspaces: init.workspaces.map((name) => ({ name, status: 'pending' })),
  };
}

/** This process, as a journal's `run`. */
export function currentRun(): { host: string; pid: number } {
  return { host: hostname(), pid: process.pid };
}

/** True when `run` is a process alive on this host (another run of the same journal). */
export function isLiveRun(run: { host: string; pid: number }): boolean {
  if (run.host !== hostname() || run.pid === process.pid) return false;
  try {
    process.kill(run.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The journal at `path`, or undefined when there is none. A damaged file is an error, not a fresh start. */
export async function readJournal(path: string): Promise<MigrationJournal | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BackendError('INVALID_ARGUMENT', `cannot read the migration journal ${path} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  let journal: Partial<MigrationJournal>;
  try {
    journal = JSON.parse(text) as Partial<MigrationJournal>;
  } catch {
    journal = {};
  }
  if (journal.format !== JOURNAL_FORMAT || !Array.isArray(journal.workspaces) || typeof journal.id !== 'string') {
    throw new BackendError('INVALID_ARGUMENT', `${path} is not a tfstate migration journal (or it is damaged)`, {
      hint: 'Move the file away, or pass --journal FILE to keep the journal elsewhere.',
    });
  }
  return journal as MigrationJournal;
}

/**
 * Replaces the journal atomically (write a sibling, then rename), so a kill at any moment leaves
 * either the previous or the new journal, never half of one.
 */
export async function writeJournal(path: string, journal: MigrationJournal): Promise<void> {
  journal.updatedAt = new Date().toISOString();
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(journal, null, 2)}\n`);
  await rename(temporary, path);
}

/** Deletes the journal once every workspace is verified. */
export async function removeJournal(path: string): Promise<void> {
  await rm(path, { force: true });
}
