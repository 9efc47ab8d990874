import { BackendError, withLock, type AcquireLockOptions, type StateBackend } from '@x/backend-core';
import { decideCopy, type CopyDecision } from './copy-decision.js';
import { summarizeState, type StateSummary } from './state-summary.js';

/** How one workspace ended. `copied` and `already-present` are verified on the target. */
export type WorkspaceOutcome =
  | { status: 'copied' | 'already-present'; reason: string; source: StateSummary; targetBefore?: StateSummary }
  | { status: 'empty'; reason: string }
  | { status: 'conflict'; reason: string; source: StateSummary; targetBefore: StateSummary };

export interface MigrateWorkspaceOptions {
  force: boolean;
  /** Lock options for both sides (operation, info naming the run, `--lock-timeout`). */
  lock: AcquireLockOptions;
  /** Called under both locks just before the write, so the journal can say a copy is under way. */
  beforeWrite(source: StateSummary): Promise<void>;
}

/**
 * Copies one workspace's state byte for byte, holding the source's lock and then the target's
 * (a side without locking is used unlocked), deciding by {@link decideCopy} on what is read
 * under those locks, and reading the target back after the write: the bytes, lineage and serial
 * must be the source's, or it fails with `BACKEND_ERROR`. A lock still held after `--lock-timeout`
 * fails with `LOCK_CONFLICT`.
 */
export async function migrateWorkspace(
  source: StateBackend,
  target: StateBackend,
  workspace: string,
  options: MigrateWorkspaceOptions,
): Promise<WorkspaceOutcome> {
  return lockedIfPossible(source, workspace, options.lock, () =>
    lockedIfPossible(target, workspace, options.lock, async (targetLockId) => {
      const stored = await source.readState(workspace);
      if (!stored) return { status: 'empty', reason: 'no state in the source' };
      const sourceSummary = summarizeState(stored.bytes);
      const targetStored = await target.readState(workspace);
      const targetBefore = targetStored ? summarizeState(targetStored.bytes) : undefined;
      const decision: CopyDecision = decideCopy(sourceSummary, targetBefore, { force: options.force });
      if (decision.action === 'conflict') {
        return { status: 'conflict', reason: decision.reason, source: sourceSummary, targetBefore: targetBefore! };
      }
      // A skip was decided on equal MD5 and size of what was just read under the lock: that read is its verification.
      if (decision.action === 'copy') {
        await options.beforeWrite(sourceSummary);
        await target.writeState(workspace, stored.bytes, targetLockId === undefined ? {} : { lockId: targetLockId });
        await verifyCopy(target, workspace, stored.bytes, sourceSummary);
      }
      return {
        status: decision.action === 'copy' ? 'copied' : 'already-present',
        reason: decision.reason,
        source: sourceSummary,
        ...(targetBefore === undefined ? {} : { targetBefore }),
      };
    }),
  );
}

/** Reads the target back: the stored bytes must be the source's exactly, with its lineage and serial. */
export async function verifyCopy(target: StateBackend, workspace: string, bytes: Uint8Array, expected: StateSummary): Promise<void> {
  const readBack = await target.readState(workspace);
  const problem =
    readBack === undefined
      ? 'the target has no state after the write'
      : Buffer.compare(Buffer.from(readBack.bytes), Buffer.from(bytes)) !== 0
        ? `the target returned other bytes (${readBack.bytes.byteLength} bytes, ${summarizeState(readBack.bytes).md5}, expected ${expected.bytes} bytes, ${expected.md5})`
        : mismatch(summarizeState(readBack.bytes), expected);
  if (problem !== undefined) {
    throw new BackendError('BACKEND_ERROR', `verification of workspace "${workspace}" on the target failed: ${problem}`, {
      hint: 'Run the migration again: it resumes and rewrites this workspace. If it fails again, check the target store for a proxy or policy that changes objects.',
    });
  }
}

function mismatch(actual: StateSummary, expected: StateSummary): string | undefined {
  if (actual.lineage !== expected.lineage) return `lineage ${actual.lineage} instead of ${expected.lineage}`;
  if (actual.serial !== expected.serial) return `serial ${actual.serial} instead of ${expected.serial}`;
  return undefined;
}

async function lockedIfPossible<T>(
  backend: StateBackend,
  workspace: string,
  options: AcquireLockOptions,
  fn: (lockId: string | undefined) => Promise<T>,
): Promise<T> {
  if (!backend.capabilities.locking) return fn(undefined);
  return withLock(backend, workspace, fn, options);
}
