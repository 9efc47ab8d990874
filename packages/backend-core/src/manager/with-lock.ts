import type { StateBackend } from '../backend/state-backend.js';
import { BackendError } from '../errors/backend-error.js';
import { acquireLock, type AcquireLockOptions } from './acquire-lock.js';

/**
 * Takes the lock (see `acquireLock`), runs `fn` with its id and always releases it. When the
 * release fails, the lock may still be held: the error names the lock id and the
 * `tfstate force-unlock <id>` command. If `fn` threw, its error is rethrown and the release
 * failure is attached to it as `suppressed` (the way `SuppressedError` carries it).
 */
export async function withLock<T>(
  backend: StateBackend,
  workspace: string,
  fn: (lockId: string) => Promise<T>,
  options: AcquireLockOptions = {},
): Promise<T> {
  const lockId = await acquireLock(backend, workspace, options);
  let result: T;
  try {
    result = await fn(lockId);
  } catch (error) {
    const unlockError = await release(backend, workspace, lockId);
    if (unlockError !== undefined && typeof error === 'object' && error !== null && Object.isExtensible(error)) {
      Object.defineProperty(error, 'suppressed', { value: unlockError, configurable: true, writable: true, enumerable: false });
    }
    throw error;
  }
  const unlockError = await release(backend, workspace, lockId);
  if (unlockError !== undefined) throw unlockError;
  return result;
}

/** Unlocks; returns the error to report instead of throwing it. */
async function release(backend: StateBackend, workspace: string, lockId: string): Promise<BackendError | undefined> {
  try {
    await backend.unlock(workspace, lockId);
    return undefined;
  } catch (error) {
    const command = `tfstate force-unlock ${lockId}`;
    const reason = error instanceof Error ? error.message : String(error);
    return new BackendError(
      BackendError.isInstance(error) ? error.code : 'BACKEND_ERROR',
      `failed to release lock ${lockId} on the state of "${workspace}": ${reason}\nIf the lock is still held, run \`${command}\`.`,
      { cause: error, hint: `The lock may still be held. Release it with: ${command}` },
    );
  }
}
