import * as fs from 'node:fs';
import { resolve } from 'node:path';
import {
  BackendError,
  DEFAULT_WORKSPACE,
  LockMismatchError,
  encodeLockInfo,
  workspaceNameProblem,
  type BackendCapabilities,
  type LockInfo,
  type StateProvider,
  type StoredState,
  type WriteStateOptions,
  type WriteStateResult,
} from '@x/backend-core';
import { LOCAL_CAPABILITIES } from './capabilities.js';
import { readConsistently } from './consistent-read.js';
import { isErrorCode, removeFileIfPresent, writeFileAtomically } from './file-io.js';
import { KeyedMutex } from './keyed-mutex.js';
import { STATE_FILE_NAME, WORKSPACE_DIRECTORY_NAME, stateFilesOf, workspaceRootOf, type LocalLayout, type StateFiles } from './local-layout.js';
import { localLockConflict } from './local-lock-conflict.js';
import { holderLockInfo, readLockInfoFile } from './lock-holder-info.js';
import { StateFileLocks, type HeldFileLock } from './os-lock.js';
import { sha256Hex } from './state-journal.js';
import { clearStateInPlace, recoverJournal, writeStateInPlace } from './state-writer.js';

/** Options of {@link createLocalProvider}; the names follow Terraform's `local` backend settings. */
export interface LocalProviderOptions {
  /** Working directory the other paths are relative to (where terraform runs). Default: `process.cwd()`. */
  directory?: string;
  /** State file of the `default` workspace, relative to `directory` (Terraform's `path`). Default: `terraform.tfstate`. */
  statePath?: string;
  /**
   * Directory holding one subdirectory per other workspace, relative to `directory`
   * (Terraform's `workspace_dir`). Default: `terraform.tfstate.d`. Each workspace's state is
   * `<workspaceDirectory>/<name>/terraform.tfstate`, as in Terraform.
   */
  workspaceDirectory?: string;
  /**
   * `classic` uses process-wide fcntl locks even where open-file-description locks exist (the
   * macOS code path, for testing it on Linux). Default `auto`.
   */
  lockFlavour?: 'auto' | 'classic';
}

/** A lock this client holds. */
interface HeldLock {
  info: LockInfo;
  file: HeldFileLock;
  files: StateFiles;
}

/** Time an unlocked write waits for another writer's brief internal lock (no lock info file) to end. */
const transientLockWaitMilliseconds = 5_000;

/**
 * Terraform's `local` backend as a {@link StateProvider}: `terraform.tfstate` in the working
 * directory, `terraform.tfstate.d/<workspace>/terraform.tfstate` for the others, the
 * holder's LockInfo in `.terraform.tfstate.lock.info`, the previous state in
 * `terraform.tfstate.backup`. Locks are fcntl write locks on the state file, so they exclude a
 * running terraform and are excluded by it; states are written in place (see the README).
 */
export function createLocalProvider(options: LocalProviderOptions = {}): StateProvider {
  return new LocalStateProvider(options);
}

class LocalStateProvider implements StateProvider {
  readonly contractVersion = 1 as const;
  readonly name = 'local';
  readonly capabilities: BackendCapabilities = LOCAL_CAPABILITIES;
  private readonly layout: LocalLayout;
  private readonly locks: StateFileLocks;
  private readonly held = new Map<string, HeldLock>();
  private readonly mutex = new KeyedMutex();

  constructor(options: LocalProviderOptions) {
    this.layout = {
      root: resolve(options.directory ?? process.cwd()),
      statePath: checkRelativePath(options.statePath ?? STATE_FILE_NAME, 'statePath'),
      workspaceDirectory: checkRelativePath(options.workspaceDirectory ?? WORKSPACE_DIRECTORY_NAME, 'workspaceDirectory'),
    };
    if (options.lockFlavour !== undefined && options.lockFlavour !== 'auto' && options.lockFlavour !== 'classic') {
      throw new BackendError('INVALID_CONFIG', `lockFlavour must be "auto" or "classic", not ${JSON.stringify(options.lockFlavour)}`);
    }
    this.locks = new StateFileLocks({ forceClassic: options.lockFlavour === 'classic' });
  }

  async listWorkspaces(): Promise<string[]> {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(workspaceRootOf(this.layout), { withFileTypes: true });
    } catch (error) {
      if (isErrorCode(error, 'ENOENT', 'ENOTDIR')) return [DEFAULT_WORKSPACE];
      throw error;
    }
    // Terraform lists every directory; names no workspace call could address are left out.
    const names = entries
      .filter((entry) => entry.isDirectory() && workspaceNameProblem(entry.name) === undefined)
      .map((entry) => entry.name);
    return [DEFAULT_WORKSPACE, ...names.filter((name) => name !== DEFAULT_WORKSPACE)];
  }

  async deleteWorkspace(workspace: string): Promise<void> {
    const files = this.files(workspace);
    const directory = files.workspaceDirectory;
    if (directory === undefined) {
      throw new BackendError('DEFAULT_WORKSPACE', "can't delete default state");
    }
    await this.mutex.run(workspace, async () => {
      const own = this.held.get(workspace);
      if (own) {
        this.held.delete(workspace);
        await fs.promises.rm(directory, { recursive: true, force: true });
        await this.locks.release(files.state, own.file, { removeEmptyCreatedFile: false });
        return;
      }
      if (!(await isDirectory(directory))) return;
      const attempt = await this.locks.tryLock(files.state);
      if (!attempt.held) throw localLockConflict(await holderLockInfo(files, attempt.holderPid), attempt.holderPid);
      try {
        // Removed under the lock, like Terraform's RemoveAll of the workspace directory.
        await fs.promises.rm(directory, { recursive: true, force: true });
      } finally {
        await this.locks.release(files.state, attempt.held, { removeEmptyCreatedFile: false });
      }
    });
  }

  async readState(workspace: string): Promise<StoredState | undefined> {
    const files = this.files(workspace);
    return this.mutex.run(workspace, async () => {
      const own = this.held.get(workspace);
      const snapshot = own
        ? await readConsistently(own.file.fd, files.journal)
        : await this.locks.withReadDescriptor(files.state, (fd) => readConsistently(fd, files.journal));
      if (snapshot.bytes.byteLength === 0) return undefined;
      return { bytes: snapshot.bytes, etag: sha256Hex(snapshot.bytes), lastModified: snapshot.lastModified };
    });
  }

  async writeState(workspace: string, bytes: Uint8Array, options: WriteStateOptions): Promise<WriteStateResult> {
    const files = this.files(workspace);
    return this.mutex.run(workspace, async () => {
      await this.withWriteAccess(workspace, files, options.lockId, (fd) => writeStateInPlace(fd, files, bytes, this.locks));
      return { etag: sha256Hex(bytes) };
    });
  }

  async deleteState(workspace: string, options: WriteStateOptions): Promise<void> {
    const files = this.files(workspace);
    await this.mutex.run(workspace, async () => {
      if (!this.held.has(workspace) && options.lockId === undefined && !(await exists(files.state))) return;
      await this.withWriteAccess(workspace, files, options.lockId, (fd) => clearStateInPlace(fd, files, this.locks));
    });
  }

  async lock(workspace: string, info: LockInfo): Promise<string> {
    const files = this.files(workspace);
    return this.mutex.run(workspace, async () => {
      const own = this.held.get(workspace);
      if (own) {
        if (own.info.ID === info.ID) return info.ID;
        throw localLockConflict({ ...own.info }, process.pid);
      }
      const attempt = await this.locks.tryLock(files.state);
      if (!attempt.held) throw localLockConflict(await holderLockInfo(files, attempt.holderPid), attempt.holderPid);
      const stored: LockInfo = { ...info, Path: files.displayPath };
      try {
        await recoverJournal(attempt.held.fd, files, this.locks);
        await writeFileAtomically(files.lockInfo, encodeLockInfo(stored), 0o600);
      } catch (error) {
        await this.locks.release(files.state, attempt.held, { removeEmptyCreatedFile: true });
        throw error;
      }
      this.held.set(workspace, { info: stored, file: attempt.held, files });
      return info.ID;
    });
  }

  async unlock(workspace: string, lockId: string): Promise<void> {
    const files = this.files(workspace);
    await this.mutex.run(workspace, async () => {
      const own = this.held.get(workspace);
      if (!own) {
        const holder = await this.locks.holder(files.state);
        if (!holder) {
          throw new BackendError('LOCK_NOT_HELD', `the state of workspace "${workspace}" is not locked`, {
            hint: 'The lock was already released, or was released when its process exited.',
          });
        }
        const info = await holderLockInfo(files, holder.pid);
        if (info.ID !== lockId) throw new LockMismatchError(lockId, info);
        throw heldElsewhere(holder.pid);
      }
      if (own.info.ID !== lockId) throw new LockMismatchError(lockId, { ...own.info });
      this.held.delete(workspace);
      const recorded = await readLockInfoFile(files);
      if (recorded?.ID === lockId) await removeFileIfPresent(files.lockInfo);
      await this.locks.release(files.state, own.file, { removeEmptyCreatedFile: true });
      if (recorded?.ID !== lockId) {
        throw new BackendError(
          'LOCK_NOT_HELD',
          `the lock record ${files.lockInfo} was removed or replaced while lock ${lockId} was held; the OS lock has now been released`,
          { hint: 'Something outside this client edited the lock info file; check that the state was not changed meanwhile.' },
        );
      }
    });
  }

  async forceUnlock(workspace: string, lockId: string): Promise<void> {
    const files = this.files(workspace);
    const holder = await this.locks.holder(files.state);
    throw new BackendError('UNSUPPORTED', `the local backend cannot force-unlock lock ${lockId}: it is an OS file lock`, {
      hint: holder?.pid
        ? `The lock belongs to process ${holder.pid} and is released when that process unlocks or exits; stop that process.`
        : 'The lock belongs to a running process and is released when that process unlocks or exits; stop that process.',
    });
  }

  async readLock(workspace: string): Promise<LockInfo | undefined> {
    const files = this.files(workspace);
    return this.mutex.run(workspace, async () => {
      const own = this.held.get(workspace);
      if (own) return { ...own.info };
      // A lock info file whose OS lock is gone was left by a crash: it is not a lock.
      const holder = await this.locks.holder(files.state);
      return holder ? holderLockInfo(files, holder.pid) : undefined;
    });
  }

  async close(): Promise<void> {
    for (const workspace of [...this.held.keys()]) {
      const own = this.held.get(workspace);
      if (own) await this.unlock(workspace, own.info.ID).catch(() => undefined);
    }
  }

  /**
   * Drops every held lock the way a killed process loses them (descriptors closed, lock info
   * files left behind). For crash tests; not part of the provider contract.
   * @internal
   */
  async abandonLocks(): Promise<void> {
    for (const [workspace, own] of [...this.held]) {
      this.held.delete(workspace);
      await this.locks.abandon(own.files.state, own.file);
    }
  }

  private files(workspace: string): StateFiles {
    return stateFilesOf(this.layout, workspace);
  }

  /**
   * Runs `write` with a descriptor that holds the state file's OS lock: this client's lock
   * (the caller's `lockId` must be its id), or, without a `lockId`, a lock taken for this one
   * write. A lock held by anyone else refuses the write with `LockConflictError`.
   */
  private async withWriteAccess(
    workspace: string,
    files: StateFiles,
    lockId: string | undefined,
    write: (fd: number) => Promise<void>,
  ): Promise<void> {
    const own = this.held.get(workspace);
    if (own) {
      if (lockId !== undefined && lockId !== own.info.ID) {
        throw new BackendError('LOCK_NOT_HELD', `lock ${lockId} is not held; this client holds lock ${own.info.ID}`, {
          hint: 'Write with the id returned by lock().',
        });
      }
      await write(own.file.fd);
      return;
    }
    const deadline = Date.now() + transientLockWaitMilliseconds;
    for (;;) {
      const attempt = await this.locks.tryLock(files.state);
      if (attempt.held) {
        if (lockId !== undefined) {
          // Nobody holds the lock the caller names: it was released or never taken.
          await this.locks.release(files.state, attempt.held, { removeEmptyCreatedFile: true });
          throw new BackendError('LOCK_NOT_HELD', `lock ${lockId} is not held on workspace "${workspace}"`, {
            hint: 'Take the lock again, re-read the state and repeat the change.',
          });
        }
        try {
          await recoverJournal(attempt.held.fd, files, this.locks);
          await write(attempt.held.fd);
        } finally {
          await this.locks.release(files.state, attempt.held, { removeEmptyCreatedFile: true });
        }
        return;
      }
      const recorded = await readLockInfoFile(files);
      // Without a lock info file the holder is another client's single write: wait it out.
      if (recorded !== undefined || lockId !== undefined || Date.now() > deadline) {
        throw localLockConflict(recorded ?? (await holderLockInfo(files, attempt.holderPid)), attempt.holderPid);
      }
      await new Promise((resolveLater) => setTimeout(resolveLater, 5));
    }
  }
}

function heldElsewhere(pid: number | undefined): BackendError {
  return new BackendError('UNSUPPORTED', 'this lock is an OS file lock held by another client; only that client can release it', {
    hint:
      pid === undefined
        ? 'It is released when the client holding it unlocks or its process exits.'
        : `It is released when process ${pid} unlocks or exits.`,
  });
}

function checkRelativePath(path: string, option: string): string {
  if (typeof path !== 'string' || path === '') {
    throw new BackendError('INVALID_CONFIG', `${option} must be a non-empty path`, {
      hint: `Leave ${option} out to use Terraform's default.`,
    });
  }
  return path;
}

async function isDirectory(path: string): Promise<boolean> {
  return (await fs.promises.stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

async function exists(path: string): Promise<boolean> {
  return (await fs.promises.stat(path).catch(() => undefined)) !== undefined;
}
