import { createRequire } from 'node:module';
import { BackendError } from '@x/backend-core';

/** The functions of our N-API addon (native/file-lock.c). */
export interface FileLockBinding {
  /** False where the addon only reports that it cannot lock (Windows). */
  readonly platformSupported: boolean;
  /** True where open-file-description locks exist (Linux); false means classic fcntl locks only. */
  readonly openFileDescriptionLocks: boolean;
  /** Takes the whole-file write lock; false when someone else holds it. */
  tryLock(fd: number, classic: boolean): boolean;
  /** Releases the whole-file write lock held through `fd`. */
  unlock(fd: number, classic: boolean): void;
  /** null when the write lock is free, else the holder's pid (-1 for an OFD holder). */
  lockHolder(fd: number, classic: boolean): number | null;
  /** Sets mtime to max(now, previous + 1 ns) so every write changes it. */
  bumpModificationTime(fd: number): void;
  /** `held` when `fd` is the only open descriptor of the file (a Linux write lease). */
  takeWriteLease(fd: number): 'held' | 'busy' | 'unsupported';
  /** Gives up a lease from `takeWriteLease`. */
  releaseLease(fd: number): void;
}

let loaded: FileLockBinding | undefined;

/**
 * Loads the addon built by `pnpm install` (node-gyp). A missing or broken build becomes a
 * `BackendError` that names the fix instead of a bare "Cannot find module".
 */
export function fileLockBinding(): FileLockBinding {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  let binding: FileLockBinding;
  try {
    // src/ and dist/ both sit one level below the package root, next to build/.
    binding = require('../build/Release/local_file_lock.node') as FileLockBinding;
  } catch (error) {
    throw new BackendError('BACKEND_ERROR', 'the local backend\'s native file-lock addon is not built', {
      cause: error,
      hint:
        'It is compiled when the package is installed. Install a C compiler, make and Python 3 (node-gyp\'s build tools), then run: pnpm rebuild @x/backend-local',
    });
  }
  if (!binding.platformSupported) {
    throw new BackendError('UNSUPPORTED', `the local backend cannot lock state files on ${process.platform}`, {
      hint: 'Use the local backend on Linux or macOS, or a remote backend (s3, oss) on this platform.',
    });
  }
  loaded = binding;
  return binding;
}
