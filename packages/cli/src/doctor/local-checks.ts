import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { BackendError, lockAgeMilliseconds, parseLockInfo, type LockInfo, type StateBackend } from '@x/backend-core';
import type { BackendConfig } from '../backends/backend-config-value.js';
import { formatGoDuration } from '../support/go-duration.js';
import type { DoctorItem } from './doctor-item.js';

/** Where one workspace's files of Terraform's local backend are. */
interface LocalFiles {
  state: string;
  lockInfo: string;
  journal: string;
}

/**
 * The local backend's checklist for each workspace: the state's directory is writable, the lock
 * can be taken and released (or who holds it, and for how long), no lock-info file left by a
 * process that no longer holds the lock, and no journal of an interrupted write. Taking the lock
 * is what Terraform's next run would do: it finishes a pending journal and replaces a leftover
 * lock-info file, and the items say so.
 */
export async function localChecks(
  backend: StateBackend,
  config: BackendConfig,
  workingDirectory: string,
  workspaces: readonly string[],
  staleAfterMs: number,
): Promise<DoctorItem[]> {
  const items: DoctorItem[] = [];
  const checkedDirectories = new Set<string>();
  for (const workspace of workspaces) {
    const files = localFiles(config, workingDirectory, workspace);
    const directory = await nearestExisting(dirname(files.state));
    if (!checkedDirectories.has(directory)) {
      checkedDirectories.add(directory);
      items.push(await writableItem(directory));
    }
    items.push(...(await workspaceItems(backend, workspace, files, staleAfterMs)));
  }
  return items;
}

async function workspaceItems(backend: StateBackend, workspace: string, files: LocalFiles, staleAfterMs: number): Promise<DoctorItem[]> {
  const items: DoctorItem[] = [];
  const leftInfo = await readLockInfoFile(files.lockInfo);
  const pendingJournal = await exists(files.journal);
  let lockId: string | undefined;
  try {
    lockId = await backend.lock(workspace, { Operation: 'tfstate-doctor', Info: 'checking that the lock works' });
  } catch (error) {
    if (!BackendError.hasCode(error, 'LOCK_CONFLICT')) {
      items.push({
        id: 'lock',
        workspace,
        status: 'fail',
        message: `the lock of workspace "${workspace}" cannot be taken: ${(error as Error).message}`,
        fix: (BackendError.isInstance(error) && error.hint) || `Check the permissions of ${dirname(files.state)}.`,
      });
      return items;
    }
    items.push(heldItem(workspace, (error as BackendError & { lock: LockInfo }).lock, staleAfterMs));
  }
  if (lockId !== undefined) {
    await backend.unlock(workspace, lockId);
    items.push({ id: 'lock', workspace, status: 'ok', message: `the lock of workspace "${workspace}" can be taken and released` });
    if (leftInfo !== undefined) {
      const still = await exists(files.lockInfo);
      items.push({
        id: 'stale-lock-info',
        workspace,
        status: 'warn',
        message:
          `${files.lockInfo} named ${describeHolder(leftInfo)}, but no process held the lock: a run ended without unlocking` +
          (still ? '' : ' (doctor took and released the lock, which removed the file)'),
        ...(still ? { fix: `Delete ${files.lockInfo}.` } : { fix: 'Nothing left to do; check that the interrupted run did not leave its work half done.' }),
      });
    }
  }
  items.push(...(await journalItems(workspace, files, pendingJournal, lockId !== undefined)));
  return items;
}

function heldItem(workspace: string, holder: LockInfo, staleAfterMs: number): DoctorItem {
  const ageMs = lockAgeMilliseconds(holder);
  const stale = ageMs === undefined || ageMs > staleAfterMs;
  const age = ageMs === undefined ? 'since an unreadable time' : `for ${formatGoDuration(Math.max(0, ageMs))}`;
  return {
    id: stale ? 'stale-lock' : 'held-lock',
    workspace,
    status: stale ? 'warn' : 'ok',
    message: `workspace "${workspace}" is locked by a running process: ${describeHolder(holder)} ${age}`,
    ...(stale ? { fix: 'The local lock is an OS file lock of a live process; stop that process if it hangs.' } : {}),
  };
}

async function journalItems(workspace: string, files: LocalFiles, pendingBefore: boolean, locked: boolean): Promise<DoctorItem[]> {
  const items: DoctorItem[] = [];
  if (pendingBefore) {
    const pendingNow = await exists(files.journal);
    items.push({
      id: 'journal',
      workspace,
      status: 'warn',
      message: pendingNow
        ? `${files.journal} records an interrupted write; the next run that takes the lock finishes or sets it aside`
        : `${files.journal} recorded an interrupted write; taking the lock finished it`,
      fix: pendingNow ? 'Run any locking command (e.g. tfstate state pull after the holder exits) to recover it.' : 'Check the state: tfstate state pull.',
    });
  }
  const setAside = await setAsideJournals(files.journal);
  if (setAside.length > 0) {
    items.push({
      id: 'stale-journal',
      workspace,
      status: 'warn',
      message: `journals of interrupted writes were set aside because they no longer matched the state: ${setAside.join(', ')}`,
      fix: 'Each holds the state before and after a write that did not finish; inspect them, then delete them.',
    });
  }
  if (items.length === 0 && locked) {
    items.push({ id: 'journal', workspace, status: 'ok', message: `no interrupted write pending for workspace "${workspace}"` });
  }
  return items;
}

async function writableItem(directory: string): Promise<DoctorItem> {
  const probe = join(directory, `.tfstate-doctor-${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(probe, '', { flag: 'wx' });
    await rm(probe, { force: true });
    return { id: 'directory-writable', status: 'ok', message: `${directory} is writable` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      id: 'directory-writable',
      status: 'fail',
      message: `${directory} is not writable (${code ?? 'error'}): states and locks cannot be written`,
      fix:
        code === 'ENOTDIR'
          ? `${directory} is a file where a directory should be: move it away, or set path / workspace_dir elsewhere.`
          : `Give the user running Terraform write access to ${directory}.`,
    };
  }
}

/** Terraform's local layout: `path` for default, `<workspace_dir>/<name>/terraform.tfstate` for the others. */
function localFiles(config: BackendConfig, workingDirectory: string, workspace: string): LocalFiles {
  const setting = (key: string, fallback: string) => (typeof config[key] === 'string' && config[key] !== '' ? (config[key] as string) : fallback);
  const state =
    workspace === 'default'
      ? resolve(workingDirectory, setting('path', 'terraform.tfstate'))
      : resolve(workingDirectory, setting('workspace_dir', 'terraform.tfstate.d'), workspace, 'terraform.tfstate');
  const name = basename(state);
  return { state, lockInfo: join(dirname(state), `.${name}.lock.info`), journal: join(dirname(state), `.${name}.journal`) };
}

/** The path itself or its closest ancestor that exists (a file there makes the write check fail, as it should). */
async function nearestExisting(path: string): Promise<string> {
  let current = path;
  for (;;) {
    const present = await stat(current).then(
      () => true,
      (error: NodeJS.ErrnoException) => error.code !== 'ENOENT',
    );
    const parent = dirname(current);
    if (present || parent === current) return current;
    current = parent;
  }
}

async function readLockInfoFile(path: string): Promise<LockInfo | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return parseLockInfo(text);
  } catch {
    return { ID: '', Operation: '', Info: '', Who: 'an unreadable record', Version: '', Created: '', Path: path };
  }
}

async function setAsideJournals(journal: string): Promise<string[]> {
  const names = await readdir(dirname(journal)).catch(() => [] as string[]);
  const stem = `${basename(journal)}.stale-`;
  return names.filter((name) => name.startsWith(stem)).map((name) => join(dirname(journal), name));
}

function describeHolder(holder: LockInfo): string {
  return `${holder.Who || 'an unknown holder'} (${holder.Operation || 'no operation'}, ID ${holder.ID || 'none'})`;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
