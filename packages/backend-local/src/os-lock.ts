import * as fs from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { fileLockBinding, type FileLockBinding } from './native-binding.js';
import { closeDescriptor, isErrorCode, openDescriptor } from './file-io.js';
import { KeyedMutex } from './keyed-mutex.js';

/** Which fcntl lock flavour guards the state files. */
export type LockFlavour = 'open-file-description' | 'classic';

/**
 * The whole-file fcntl write lock on one state file, held through `fd` (the descriptor every
 * write of the holder goes through, as in Terraform).
 */
export interface HeldFileLock {
  readonly fd: number;
  /** The state file did not exist before this lock created it. */
  readonly created: boolean;
  /** Directories this lock created for the state file, deepest first. */
  readonly createdDirectories: readonly string[];
}

/** Result of one lock attempt. */
export type LockAttempt = { held: HeldFileLock } | { held: undefined; holderPid: number | undefined };

/**
 * Classic fcntl locks belong to the process, and any close() of any descriptor of the file
 * drops them all. Where only those exist, every descriptor this process opens on a state file
 * goes through here: a lock held in the process is found in `classicHolders` (other clients of
 * the process conflict with it, readers use its descriptor), and opening/closing is serialised
 * per path so a reader's close can never land while a lock is held.
 */
const classicHolders = new Map<string, number>();
const classicPaths = new KeyedMutex();

/** The OS side of the local backend's locks. */
export class StateFileLocks {
  readonly flavour: LockFlavour;
  private readonly binding: FileLockBinding;

  constructor(options: { forceClassic?: boolean } = {}) {
    this.binding = fileLockBinding();
    this.flavour = this.binding.openFileDescriptionLocks && !options.forceClassic ? 'open-file-description' : 'classic';
  }

  private get classic(): boolean {
    return this.flavour === 'classic';
  }

  /** Sets mtime forward through a held descriptor. */
  readonly bumpModificationTime = (fd: number): void => {
    this.binding.bumpModificationTime(fd);
  };

  /**
   * Opens (creating it and its directory if needed, as Terraform does) and write-locks
   * `statePath`. A lock held by anyone else, in this process or another, is reported with the
   * holder's pid where the OS knows it.
   */
  async tryLock(statePath: string): Promise<LockAttempt> {
    const attempt = async (): Promise<LockAttempt> => {
      if (this.classic && classicHolders.has(statePath)) return { held: undefined, holderPid: process.pid };
      const { fd, created, createdDirectories } = await openForLocking(statePath);
      let acquired = false;
      try {
        acquired = this.binding.tryLock(fd, this.classic);
        if (!acquired) {
          const holder = this.binding.lockHolder(fd, this.classic);
          return { held: undefined, holderPid: holder === null || holder < 0 ? undefined : holder };
        }
      } finally {
        // A file created here but locked by someone else first now belongs to that holder.
        if (!acquired) await closeDescriptor(fd);
      }
      if (this.classic) classicHolders.set(statePath, fd);
      return { held: { fd, created, createdDirectories } };
    };
    return this.classic ? classicPaths.run(statePath, attempt) : attempt();
  }

  /**
   * Releases a lock from {@link tryLock}. When `removeEmptyCreatedFile` is set and the lock
   * created the file that is still empty, the file (and directories the lock created) are
   * removed first, under the lock, as Terraform's unlock does; but only when no other
   * descriptor of the file is open anywhere (a Linux write lease proves that): a terraform
   * waiting for the lock keeps the file open and would otherwise write into a deleted inode.
   */
  async release(statePath: string, lock: HeldFileLock, options: { removeEmptyCreatedFile: boolean }): Promise<void> {
    const run = async (): Promise<void> => {
      try {
        if (options.removeEmptyCreatedFile && lock.created) await this.removeIfUnused(statePath, lock);
        this.binding.unlock(lock.fd, this.classic);
      } finally {
        if (this.classic) classicHolders.delete(statePath);
        await closeDescriptor(lock.fd);
      }
    };
    return this.classic ? classicPaths.run(statePath, run) : run();
  }

  /**
   * Closes a held lock's descriptor without any cleanup, which is what the kernel does when
   * the holding process dies: the OS lock goes, the lock info file stays behind.
   */
  async abandon(statePath: string, lock: HeldFileLock): Promise<void> {
    const run = async (): Promise<void> => {
      if (this.classic) classicHolders.delete(statePath);
      await closeDescriptor(lock.fd);
    };
    return this.classic ? classicPaths.run(statePath, run) : run();
  }

  /**
   * Runs `read` with a descriptor of the state file, or undefined when there is no file. Uses
   * this process's lock descriptor where classic locks need that.
   */
  async withReadDescriptor<T>(statePath: string, read: (fd: number | undefined) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      const held = this.classic ? classicHolders.get(statePath) : undefined;
      if (held !== undefined) return read(held);
      let fd: number;
      try {
        fd = await openDescriptor(statePath, fs.constants.O_RDONLY);
      } catch (error) {
        if (isErrorCode(error, 'ENOENT', 'ENOTDIR')) return read(undefined);
        throw error;
      }
      try {
        return await read(fd);
      } finally {
        await closeDescriptor(fd);
      }
    };
    return this.classic ? classicPaths.run(statePath, run) : run();
  }

  /**
   * Whether anyone holds the write lock now: undefined when free, else the holder's pid (or
   * undefined pid inside `{ pid }` when the OS does not say). With open-file-description locks
   * a lock of this very process counts; with classic locks this process's own lock is reported
   * from the in-process registry.
   */
  async holder(statePath: string): Promise<{ pid: number | undefined } | undefined> {
    const run = async (): Promise<{ pid: number | undefined } | undefined> => {
      if (this.classic && classicHolders.has(statePath)) return { pid: process.pid };
      let fd: number;
      try {
        fd = await openDescriptor(statePath, fs.constants.O_RDONLY);
      } catch (error) {
        if (isErrorCode(error, 'ENOENT', 'ENOTDIR')) return undefined;
        throw error;
      }
      try {
        const pid = this.binding.lockHolder(fd, this.classic);
        return pid === null ? undefined : { pid: pid < 0 ? undefined : pid };
      } finally {
        await closeDescriptor(fd);
      }
    };
    return this.classic ? classicPaths.run(statePath, run) : run();
  }

  private async removeIfUnused(statePath: string, lock: HeldFileLock): Promise<void> {
    const size = (await fs.promises.stat(statePath).catch(() => undefined))?.size;
    if (size !== 0) return;
    const lease = this.binding.takeWriteLease(lock.fd);
    if (lease === 'busy') return;
    try {
      await removeCreated(statePath, lock.createdDirectories);
    } finally {
      if (lease === 'held') this.binding.releaseLease(lock.fd);
    }
  }
}

async function openForLocking(
  statePath: string,
): Promise<{ fd: number; created: boolean; createdDirectories: string[] }> {
  const { O_RDWR, O_CREAT, O_EXCL } = fs.constants;
  for (let attempt = 0; ; attempt += 1) {
    const firstCreated = await fs.promises.mkdir(dirname(statePath), { recursive: true });
    const createdDirectories = firstCreated === undefined ? [] : directoriesBetween(firstCreated, dirname(statePath));
    try {
      return { fd: await openDescriptor(statePath, O_RDWR | O_CREAT | O_EXCL, 0o666), created: true, createdDirectories };
    } catch (error) {
      if (!isErrorCode(error, 'EEXIST', 'ENOENT') || attempt >= 20) throw error;
      if (isErrorCode(error, 'ENOENT')) continue;
    }
    try {
      return { fd: await openDescriptor(statePath, O_RDWR), created: false, createdDirectories };
    } catch (error) {
      // Removed between the two opens (an unlock cleaning up its empty file): start over.
      if (!isErrorCode(error, 'ENOENT') || attempt >= 20) throw error;
    }
  }
}

/** `from` and each directory below it down to `to`, deepest first. */
function directoriesBetween(from: string, to: string): string[] {
  const parts = relative(from, to).split(sep).filter((part) => part !== '');
  const directories = [from];
  for (const part of parts) directories.push(`${directories[directories.length - 1]}${sep}${part}`);
  return directories.reverse();
}

async function removeCreated(statePath: string, createdDirectories: readonly string[]): Promise<void> {
  await fs.promises.rm(statePath, { force: true });
  for (const directory of createdDirectories) {
    try {
      await fs.promises.rmdir(directory);
    } catch {
      // Someone else put a file there meanwhile: the directory stays.
      return;
    }
  }
}
