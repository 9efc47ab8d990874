import { BackendError, parseState, type StateBackend, type StateVersionEntry } from '@x/backend-core';
import type { CommandContext } from '../command-context.js';
import { note, printJson, printLines } from '../support/print.js';
import { createProgress, type Progress } from '../support/progress.js';
import { listStateVersions, versionedBackend } from './versions-source.js';

export interface VersionsListOptions {
  details?: boolean;
}

/** One row of the listing; serial and lineage only where the version was read. */
interface VersionRow {
  versionId: string;
  lastModified: string;
  size: number;
  isLatest: boolean;
  isDeleteMarker: boolean;
  serial?: number;
  lineage?: string;
  terraformVersion?: string;
  /** Why a version that was read could not be parsed (its error code), e.g. `ENCRYPTED_STATE`. */
  unreadable?: string;
}

/** Versions read at once with `--details`: enough to hide latency without flooding the store. */
const detailConcurrency = 4;

/** With more reads than this, `--details` shows a progress bar on a terminal. */
const progressThreshold = 10;

/**
 * `versions list`: the workspace's versions, newest first. Only the current version is read
 * (for its serial and lineage) unless `--details`, which reads every one.
 */
export async function run(context: CommandContext, _args: string[], options: VersionsListOptions): Promise<void> {
  const backend = await versionedBackend(context);
  const versions = await listStateVersions(context, backend);
  const rows = versions.map(rowOf);
  if (options.details) {
    await readAll(context, backend, versions, rows);
  } else {
    await readCurrent(backend, context.workspace, rows);
  }
  if (context.json) {
    await printJson(context, { workspace: context.workspace, versions: rows });
    return;
  }
  if (rows.length === 0) {
    note(context, `No versions are stored for workspace "${context.workspace}".`);
    return;
  }
  await printLines(context, ...table(rows));
}

function rowOf(version: StateVersionEntry): VersionRow {
  return {
    versionId: version.versionId,
    lastModified: version.lastModified.toISOString(),
    size: version.size,
    isLatest: version.isLatest,
    isDeleteMarker: version.isDeleteMarker,
  };
}

/** Fills in the current version from the current state, when the store says which version it is. */
async function readCurrent(backend: StateBackend, workspace: string, rows: VersionRow[]): Promise<void> {
  const latest = rows.find((row) => row.isLatest && !row.isDeleteMarker);
  if (latest === undefined) return;
  const stored = await backend.readState(workspace);
  // A write between the listing and this read would describe a version not in the list.
  if (stored === undefined || (stored.versionId !== undefined && stored.versionId !== latest.versionId)) return;
  describeBytes(latest, stored.bytes);
}

async function readAll(context: CommandContext, backend: StateBackend, versions: StateVersionEntry[], rows: VersionRow[]): Promise<void> {
  const readable = versions.flatMap((version, index) => (version.isDeleteMarker ? [] : [index]));
  const progress: Progress | undefined =
    context.io.stderrIsTerminal === true && readable.length > progressThreshold
      ? createProgress(context.io, { label: 'versions list', total: readable.length, unit: 'versions' })
      : undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < readable.length) {
      const index = readable[next++]!;
      const stored = await backend.readVersion(context.workspace, versions[index]!.versionId);
      describeBytes(rows[index]!, stored.bytes);
      progress?.tick();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(detailConcurrency, readable.length) }, worker));
  } catch (error) {
    progress?.fail();
    throw error;
  }
  progress?.done();
}

function describeBytes(row: VersionRow, bytes: Uint8Array): void {
  try {
    const state = parseState(bytes);
    row.serial = state.serial;
    row.lineage = state.lineage;
    row.terraformVersion = state.terraformVersion;
  } catch (error) {
    if (!BackendError.isInstance(error)) throw error;
    row.unreadable = error.code;
  }
}

function table(rows: VersionRow[]): string[] {
  const header = ['VERSION ID', 'LAST MODIFIED', 'SIZE', 'SERIAL', 'LINEAGE', ''];
  const cells = rows.map((row) => [
    row.versionId,
    row.lastModified.replace(/\.\d{3}Z$/, 'Z'),
    row.isDeleteMarker ? '-' : String(row.size),
    row.serial === undefined ? '' : String(row.serial),
    row.lineage ?? (row.unreadable === undefined ? '' : `(unreadable: ${row.unreadable})`),
    [row.isLatest ? 'current' : '', row.isDeleteMarker ? 'delete marker' : ''].filter(Boolean).join(', '),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]!.length)));
  const numeric = new Set([2, 3]);
  return [header, ...cells].map((line) =>
    line
      .map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}
