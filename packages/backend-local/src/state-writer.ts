import * as fs from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import {
  isErrorCode,
  overwriteInPlace,
  readFileIfPresent,
  readWhole,
  removeFileIfPresent,
  syncDescriptor,
  writeFileAtomically,
} from './file-io.js';
import type { StateFiles } from './local-layout.js';
import { decodeJournal, encodeJournal, judgeJournal } from './state-journal.js';

const ftruncate = promisify(fs.ftruncate);

/** What the writer needs from the lock layer. */
export interface InPlaceWriter {
  bumpModificationTime(fd: number): void;
}

/** What journal recovery did. */
export type RecoveryOutcome = 'nothing-to-do' | 'rolled-forward' | 'already-applied' | 'set-aside';

/**
 * Finishes or discards a journal left by an interrupted write. MUST only run while `fd` holds
 * the state file's write lock. A stale or damaged journal is renamed to
 * `<journal>.stale-<time>`, never deleted, so no written state is silently lost.
 */
export async function recoverJournal(fd: number, files: StateFiles, writer: InPlaceWriter): Promise<RecoveryOutcome> {
  await removeAbandonedTemporaries(files);
  const raw = await readFileIfPresent(files.journal);
  if (raw === undefined) return 'nothing-to-do';
  const entry = decodeJournal(raw);
  if (entry === undefined) {
    await setAside(files.journal);
    return 'set-aside';
  }
  const current = await readWhole(fd);
  const verdict = judgeJournal(current, entry);
  if (verdict === 'stale') {
    await setAside(files.journal);
    return 'set-aside';
  }
  if (verdict === 'roll-forward') await overwriteInPlace(fd, entry.bytes, writer.bumpModificationTime);
  await removeFileIfPresent(files.journal);
  return verdict === 'applied' ? 'already-applied' : 'rolled-forward';
}

/**
 * Writes `bytes` as the state through the locked `fd`, crash-safe without replacing the inode:
 * backup of the previous state, durable journal, in-place overwrite, journal removed. If the
 * overwrite fails, the previous bytes are put back so the failed call leaves no change behind.
 */
export async function writeStateInPlace(
  fd: number,
  files: StateFiles,
  bytes: Uint8Array,
  writer: InPlaceWriter,
): Promise<void> {
  await recoverJournal(fd, files, writer);
  const previous = await readWhole(fd);
  if (previous.byteLength > 0) await writeFileAtomically(files.backup, previous);
  await writeFileAtomically(files.journal, encodeJournal(previous, bytes));
  try {
    await overwriteInPlace(fd, bytes, writer.bumpModificationTime);
  } catch (error) {
    try {
      await overwriteInPlace(fd, previous, writer.bumpModificationTime);
      await removeFileIfPresent(files.journal);
    } catch {
      // The journal stays; the next lock holder rolls the write forward.
    }
    throw error;
  }
  await removeFileIfPresent(files.journal);
}

/** Empties the state through the locked `fd` (an empty file is "no state" to Terraform too), keeping a backup. */
export async function clearStateInPlace(fd: number, files: StateFiles, writer: InPlaceWriter): Promise<void> {
  await recoverJournal(fd, files, writer);
  const previous = await readWhole(fd);
  if (previous.byteLength === 0) return;
  await writeFileAtomically(files.backup, previous);
  await ftruncate(fd, 0);
  writer.bumpModificationTime(fd);
  await syncDescriptor(fd);
}

async function setAside(journalPath: string): Promise<void> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  await fs.promises.rename(journalPath, `${journalPath}.stale-${stamp}`);
}

/** Temporary files of atomic writes whose writer died; only the lock holder writes them. */
async function removeAbandonedTemporaries(files: StateFiles): Promise<void> {
  let names: string[];
  try {
    names = await fs.promises.readdir(files.directory);
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return;
    throw error;
  }
  const prefixes = [files.journal, files.backup, files.lockInfo].map((path) => `${basename(path)}.tmp-`);
  for (const name of names) {
    if (prefixes.some((prefix) => name.startsWith(prefix))) await removeFileIfPresent(join(files.directory, name));
  }
}
