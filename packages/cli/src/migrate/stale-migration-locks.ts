import { hostname } from 'node:os';
import type { StateBackend } from '@x/backend-core';
import { isLiveRun } from './migration-journal.js';

/** The LockInfo `Info` of every lock a migration takes: names the journal and the process. */
export function migrationLockInfo(journalId: string): string {
  return `tfstate migrate journal ${journalId} (pid ${process.pid} on ${hostname()})`;
}

const lockInfoPattern = /^tfstate migrate journal (\S+) \(pid (\d+) on (.+)\)$/;

/**
 * Releases `workspace`'s lock when a killed run of the same journal left it: the holder's Info
 * names this journal, and its process, on this host, is gone. Locks of live processes, of other
 * journals, or from other hosts are left alone (the normal lock wait deals with them). Stores
 * whose locks die with their process (the local backend) need nothing. Returns the released id.
 */
export async function releaseLockOfKilledRun(backend: StateBackend, workspace: string, journalId: string): Promise<string | undefined> {
  const { locking, forceUnlock, lockSurvivesCrash } = backend.capabilities;
  if (!locking || !forceUnlock || !lockSurvivesCrash) return undefined;
  const holder = await backend.readLock(workspace);
  const match = holder === undefined ? null : lockInfoPattern.exec(holder.Info);
  if (holder === undefined || match === null || match[1] !== journalId) return undefined;
  const run = { pid: Number(match[2]), host: match[3]! };
  if (run.host !== hostname() || run.pid === process.pid || isLiveRun(run)) return undefined;
  await backend.forceUnlock(workspace, holder.ID);
  return holder.ID;
}
