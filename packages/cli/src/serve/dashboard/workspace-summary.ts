import {
  BackendError,
  isEncryptedState,
  lockAgeMilliseconds,
  parseState,
  type StateBackend,
  type StoredState,
  type TerraformState,
} from '@x/backend-core';

/** Who holds a workspace's lock, as the dashboard shows it. */
export interface LockSummary {
  id: string;
  who: string;
  operation: string;
  info: string;
  /** `Created` exactly as the holder recorded it. */
  created: string;
  /** Time since `Created`; absent when `Created` is not a valid time. */
  ageMilliseconds?: number;
}

/**
 * What the dashboard knows about one workspace's current state:
 * `present` (parsed), `empty` (no state yet), `encrypted` (an OpenTofu envelope: bytes and
 * metadata only), `unreadable` (the store or the parser refused; `problem` says why).
 */
export interface WorkspaceSummary {
  name: string;
  status: 'present' | 'empty' | 'encrypted' | 'unreadable';
  serial?: number;
  lineage?: string;
  terraformVersion?: string;
  size?: number;
  lastModified?: Date;
  versionId?: string;
  resourceCount?: number;
  outputCount?: number;
  problem?: string;
  lock?: LockSummary;
  lockProblem?: string;
}

/** A summary plus the parsed state, for the workspace page. */
export interface WorkspaceSnapshot {
  summary: WorkspaceSummary;
  state?: TerraformState;
}

/** Reads a workspace's state and lock; failures become part of the snapshot, never a thrown error. */
export async function readWorkspaceSnapshot(backend: StateBackend, name: string, now: Date): Promise<WorkspaceSnapshot> {
  const [stateResult, lockResult] = await Promise.all([readState(backend, name), readLockSummary(backend, name, now)]);
  return { summary: { name, ...stateResult.summary, ...lockResult }, state: stateResult.state };
}

async function readState(
  backend: StateBackend,
  name: string,
): Promise<{ summary: Omit<WorkspaceSummary, 'name'>; state?: TerraformState }> {
  let stored: StoredState | undefined;
  try {
    stored = await backend.readState(name);
  } catch (error) {
    return { summary: { status: 'unreadable', problem: problemOf(error) } };
  }
  if (stored === undefined) return { summary: { status: 'empty' } };
  const metadata = {
    size: stored.bytes.byteLength,
    ...(stored.lastModified ? { lastModified: stored.lastModified } : {}),
    ...(stored.versionId ? { versionId: stored.versionId } : {}),
  };
  return summarizeBytes(stored.bytes, metadata);
}

/** Parses state bytes (current or an earlier version) into summary fields. */
export function summarizeBytes(
  bytes: Uint8Array,
  metadata: Pick<WorkspaceSummary, 'size' | 'lastModified' | 'versionId'>,
): { summary: Omit<WorkspaceSummary, 'name'>; state?: TerraformState } {
  if (isEncryptedState(bytes)) return { summary: { status: 'encrypted', ...metadata } };
  try {
    const state = parseState(bytes);
    return {
      state,
      summary: {
        status: 'present',
        ...metadata,
        serial: state.serial,
        lineage: state.lineage,
        terraformVersion: state.terraformVersion,
        resourceCount: state.resources.items.length,
        outputCount: Object.keys(state.outputs).length,
      },
    };
  } catch (error) {
    return { summary: { status: 'unreadable', ...metadata, problem: problemOf(error) } };
  }
}

async function readLockSummary(
  backend: StateBackend,
  name: string,
  now: Date,
): Promise<Pick<WorkspaceSummary, 'lock' | 'lockProblem'>> {
  if (!backend.capabilities.locking) return {};
  try {
    const holder = await backend.readLock(name);
    if (holder === undefined) return {};
    const age = lockAgeMilliseconds(holder, now);
    return {
      lock: {
        id: holder.ID,
        who: holder.Who,
        operation: holder.Operation,
        info: holder.Info,
        created: holder.Created,
        ...(age === undefined ? {} : { ageMilliseconds: age }),
      },
    };
  } catch (error) {
    return { lockProblem: problemOf(error) };
  }
}

/** The first line of an error's message: enough to explain, short enough for a table cell. */
export function problemOf(error: unknown): string {
  const message = BackendError.isInstance(error) || error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
