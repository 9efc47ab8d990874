import { listResources, workspaceNameProblem, type StateVersionEntry } from '@x/backend-core';
import { diffStates, type StateDiff } from '../../diff/index.js';
import type { DashboardContext } from './dashboard-context.js';
import { outputViews } from './output-views.js';
import { mapWithConcurrency } from './run-with-concurrency.js';
import type { WorkspacePageData, VersionsView } from './workspace-page.js';
import { problemOf, readWorkspaceSnapshot, type WorkspaceSummary } from './workspace-summary.js';

/** How many workspaces the overview reads at once. */
const overviewConcurrency = 6;

/** The workspaces this user may read, in the backend's order (`default` first). */
async function readableWorkspaces(context: DashboardContext): Promise<string[]> {
  const names = await context.backend.listWorkspaces();
  return names.filter((name) => context.canRead(name));
}

/** Summaries of every readable workspace, for the overview. */
export async function loadOverview(context: DashboardContext, now: Date): Promise<WorkspaceSummary[]> {
  const names = await readableWorkspaces(context);
  return mapWithConcurrency(names, overviewConcurrency, async (name) => (await readWorkspaceSnapshot(context.backend, name, now)).summary);
}

/**
 * Whether `name` is a workspace this user may see. Unknown, invalid and forbidden names are
 * answered alike, so the dashboard does not reveal which workspaces exist.
 */
export async function isVisibleWorkspace(context: DashboardContext, name: string): Promise<boolean> {
  if (workspaceNameProblem(name, { allowUnicode: context.backend.capabilities.unicodeWorkspaceNames }) !== undefined) return false;
  if (!context.canRead(name)) return false;
  return (await context.backend.listWorkspaces()).includes(name);
}

/** Everything the workspace page shows; the caller has checked {@link isVisibleWorkspace}. */
export async function loadWorkspace(context: DashboardContext, name: string, now: Date): Promise<WorkspacePageData> {
  const [snapshot, versions] = await Promise.all([readWorkspaceSnapshot(context.backend, name, now), loadVersions(context, name)]);
  return {
    summary: snapshot.summary,
    outputs: snapshot.state ? outputViews(snapshot.state) : [],
    resources: snapshot.state ? listResources(snapshot.state) : [],
    versions,
  };
}

async function loadVersions(context: DashboardContext, name: string): Promise<VersionsView> {
  if (!context.backend.capabilities.versions) return { supported: false };
  try {
    return { supported: true, entries: await context.backend.listVersions(name) };
  } catch (error) {
    return { supported: true, entries: [], problem: problemOf(error) };
  }
}

/** The diff between two versions, or why it could not be made. */
export type DiffResult =
  | { kind: 'unsupported' }
  | { kind: 'unknown-version'; versionId: string }
  | { kind: 'no-pair' }
  | { kind: 'diff'; from: StateVersionEntry; to: StateVersionEntry; diff?: StateDiff; problem?: string };

/**
 * Compares version `fromId` with version `toId`. Without `toId`, the newest version; without
 * `fromId`, the readable version just before `to`. Delete markers have no bytes to compare.
 */
export async function loadDiff(context: DashboardContext, name: string, fromId: string | null, toId: string | null): Promise<DiffResult> {
  if (!context.backend.capabilities.versions) return { kind: 'unsupported' };
  const readable = (await context.backend.listVersions(name)).filter((entry) => !entry.isDeleteMarker);
  const to = toId ? readable.find((entry) => entry.versionId === toId) : readable[0];
  if (toId && !to) return { kind: 'unknown-version', versionId: toId };
  if (!to) return { kind: 'no-pair' };
  const from = fromId ? readable.find((entry) => entry.versionId === fromId) : readable[readable.indexOf(to) + 1];
  if (fromId && !from) return { kind: 'unknown-version', versionId: fromId };
  if (!from) return { kind: 'no-pair' };
  const [before, after] = await Promise.all([
    context.backend.readVersion(name, from.versionId),
    context.backend.readVersion(name, to.versionId),
  ]);
  try {
    return { kind: 'diff', from, to, diff: diffStates(before.bytes, after.bytes) };
  } catch (error) {
    return { kind: 'diff', from, to, problem: problemOf(error) };
  }
}
