import * as fs from 'node:fs';
import { promisify } from 'node:util';
import { BackendError } from '@x/backend-core';
import { readFileIfPresent, readWhole } from './file-io.js';
import { decodeJournal, judgeJournal } from './state-journal.js';

const fstat = promisify(fs.fstat);

/** Bytes read from a state file together with the file's modification time. */
export interface StateSnapshot {
  bytes: Buffer;
  lastModified: Date | undefined;
}

const attempts = 200;
const pauseMilliseconds = 5;

/**
 * Reads a state file without holding its lock and never returns a torn write of ours.
 *
 * A writer (holding the lock) makes its journal durable before it touches the state file and
 * removes it afterwards, and each write moves the file's mtime forward. So: stat, read, look
 * for a journal, stat again. A changed stat means a write overlapped: read again. A journal
 * means a write is under way or was cut short: its bytes are the state, unless the file holds
 * a complete state someone else wrote since (a stale journal). The journal is only read here;
 * finishing or setting it aside is the next lock holder's job.
 */
export async function readConsistently(fd: number | undefined, journalPath: string): Promise<StateSnapshot> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const before = fd === undefined ? undefined : await fstat(fd, { bigint: true });
    const current = fd === undefined ? Buffer.alloc(0) : await readWhole(fd);
    const journalBytes = await readFileIfPresent(journalPath);
    const after = fd === undefined ? undefined : await fstat(fd, { bigint: true });
    if (before && after && !sameVersion(before, after)) {
      await pause();
      continue;
    }
    const lastModified = after ? new Date(Number(after.mtimeNs / 1_000_000n)) : undefined;
    if (journalBytes === undefined) return { bytes: current, lastModified };
    const entry = decodeJournal(journalBytes);
    if (entry === undefined) return { bytes: current, lastModified };
    return judgeJournal(current, entry) === 'stale'
      ? { bytes: current, lastModified }
      : { bytes: entry.bytes, lastModified };
  }
  throw new BackendError('TRANSIENT', 'the state file kept changing while it was being read', {
    hint: 'Another process is writing the state continuously; retry when it has finished.',
  });
}

function sameVersion(left: fs.BigIntStats, right: fs.BigIntStats): boolean {
  return (
    left.ino === right.ino &&
    left.size === right.size &&
    left.mtimeNs === right.mtimeNs &&
    left.ctimeNs === right.ctimeNs
  );
}

function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, pauseMilliseconds));
}
