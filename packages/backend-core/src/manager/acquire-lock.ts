import { setTimeout as sleep } from 'node:timers/promises';
import type { StateBackend } from '../backend/state-backend.js';
import { BackendError } from '../errors/backend-error.js';
import type { LockConflictError } from '../errors/lock-conflict-error.js';
import { createLockInfo, type LockInfo } from '../lock/lock-info.js';

/** What `onWait` is told before each wait for a held lock. */
export interface LockWaitEvent {
  /** The current holder, as stored. */
  holder: LockInfo;
  /** Milliseconds since the first attempt. */
  elapsedMs: number;
  /** Number of attempts made so far. */
  attempt: number;
  /** How long the next wait lasts. */
  nextDelayMs: number;
}

/** Options of {@link acquireLock} and `withLock`. */
export interface AcquireLockOptions {
  /** LockInfo `Operation`, e.g. `OperationTypeApply`. Default `OperationTypeInvalid`. */
  operation?: string;
  /** LockInfo `Info`. */
  info?: string;
  /** How long to keep retrying a held lock. 0 (default) = one attempt, like `-lock-timeout=0`. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** First wait; doubles after each attempt up to `maxDelayMs`. Default 1000, as Terraform. */
  initialDelayMs?: number;
  /** Longest wait. Default 16000, as Terraform. */
  maxDelayMs?: number;
  /** Called before every wait, so a CLI can say who holds the lock. */
  onWait?: (event: LockWaitEvent) => void;
}

/**
 * Takes the workspace's lock, retrying while another client holds it: waits grow from
 * `initialDelayMs` doubling to `maxDelayMs` (each randomly shortened by up to half, so that
 * waiting clients spread out) until `timeoutMs` has passed, then rethrows the last
 * `LockConflictError` (code `LOCK_CONFLICT`, with the holder). Every attempt uses the same
 * lock id, so a retry after a lost response is recognised by the provider. Other errors fail
 * at once. An aborted `signal` fails with `ABORTED` (its cause is the last conflict, if any).
 */
export async function acquireLock(backend: StateBackend, workspace: string, options: AcquireLockOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 0;
  const initialDelayMs = options.initialDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 16_000;
  checkTimings(timeoutMs, initialDelayMs, maxDelayMs);
  const info = createLockInfo({ operation: options.operation, info: options.info });
  const started = Date.now();
  let delay = initialDelayMs;
  let lastConflict: LockConflictError | undefined;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(options.signal, workspace, lastConflict);
    try {
      return await backend.lock(workspace, info);
    } catch (error) {
      if (!BackendError.hasCode(error, 'LOCK_CONFLICT')) throw error;
      lastConflict = error as LockConflictError;
    }
    const elapsedMs = Date.now() - started;
    const remaining = timeoutMs - elapsedMs;
    if (remaining <= 0) throw lastConflict;
    const nextDelayMs = Math.max(1, Math.min(Math.round(delay / 2 + (Math.random() * delay) / 2), remaining));
    options.onWait?.({ holder: lastConflict.lock, elapsedMs, attempt, nextDelayMs });
    try {
      await sleep(nextDelayMs, undefined, { signal: options.signal });
    } catch {
      throwIfAborted(options.signal, workspace, lastConflict);
    }
    delay = Math.min(delay * 2, maxDelayMs);
  }
}

function throwIfAborted(signal: AbortSignal | undefined, workspace: string, conflict: LockConflictError | undefined): void {
  if (!signal?.aborted) return;
  const reason = signal.reason instanceof Error ? `: ${signal.reason.message}` : '';
  throw new BackendError('ABORTED', `gave up waiting for the lock of "${workspace}"${reason}`, {
    cause: conflict ?? signal.reason,
    hint: conflict ? `The lock is held by ${conflict.lock.Who} (ID ${conflict.lock.ID}).` : undefined,
  });
}

function checkTimings(timeoutMs: number, initialDelayMs: number, maxDelayMs: number): void {
  if (Number.isNaN(timeoutMs) || timeoutMs < 0) {
    throw new BackendError('INVALID_ARGUMENT', `the lock timeout must be 0 or more milliseconds, got ${timeoutMs}`);
  }
  if (!(initialDelayMs > 0) || !Number.isFinite(initialDelayMs)) {
    throw new BackendError('INVALID_ARGUMENT', `the first lock retry delay must be a positive number of milliseconds, got ${initialDelayMs}`);
  }
  if (!(maxDelayMs >= initialDelayMs) || !Number.isFinite(maxDelayMs)) {
    throw new BackendError('INVALID_ARGUMENT', `the longest lock retry delay (${maxDelayMs} ms) must be at least the first (${initialDelayMs} ms)`);
  }
}
