import { BackendError, lockAgeMilliseconds, type LockInfo, type StateBackend } from '@x/backend-core';

/** A lock someone holds on one workspace. */
export interface HeldLock {
  workspace: string;
  lock: LockInfo;
  /** Milliseconds since `Created`; undefined when `Created` cannot be read. */
  ageMs: number | undefined;
}

/** A lock record that could not be read (not LockInfo JSON, access denied, ...). */
export interface UnreadableLock {
  workspace: string;
  error: BackendError;
}

/** What {@link findHeldLocks} found. */
export interface HeldLocks {
  held: HeldLock[];
  unreadable: UnreadableLock[];
}

/**
 * Reads the lock of each workspace (one request per lock store each). A record that cannot be
 * read is reported, not thrown, so one bad record does not hide the others; a failure that is
 * not a `BackendError` is a bug and is thrown.
 */
export async function findHeldLocks(backend: StateBackend, workspaces: readonly string[], now = new Date()): Promise<HeldLocks> {
  const held: HeldLock[] = [];
  const unreadable: UnreadableLock[] = [];
  for (const workspace of workspaces) {
    try {
      const lock = await backend.readLock(workspace);
      if (lock !== undefined) held.push({ workspace, lock, ageMs: lockAgeMilliseconds(lock, now) });
    } catch (error) {
      if (!BackendError.isInstance(error)) throw error;
      unreadable.push({ workspace, error });
    }
  }
  return { held, unreadable };
}

/**
 * `default` first, then the others in code-unit order, each once: the workspaces with a state
 * plus those where a lock record was found without one.
 */
export function mergeWorkspaces(withState: readonly string[], locked: readonly string[]): string[] {
  const others = [...new Set([...withState, ...locked])].filter((name) => name !== 'default').sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return ['default', ...others];
}
