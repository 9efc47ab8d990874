import { BackendError, type LockListing, type LockListingOptions } from '@x/backend-core';
import type { CommandContext } from '../command-context.js';
import { findHeldLocks, mergeWorkspaces } from '../doctor/held-locks.js';
import { formatGoDuration } from '../support/go-duration.js';
import { lockReport } from '../support/lock-report.js';
import { refuseScanWithoutLockTable } from '../support/lock-table-scan.js';
import { note, printJson, printLines } from '../support/print.js';

/**
 * `lock status --all`: every held lock of the backend, with holder, operation, lock ID and age.
 * Looks at the default workspace, every workspace with a state, and the lock records the
 * provider's inspector finds by listing (lock files without a state; lock table records only with
 * `scanLockTable`). A record that cannot be
 * read is reported on stderr and in `--json` as `unreadable`, without failing the command.
 */
export async function runAll(context: CommandContext, options: LockListingOptions): Promise<void> {
  const backend = await context.backend();
  if (!backend.capabilities.locking) {
    throw new BackendError('UNSUPPORTED', `the ${backend.name} backend has no lock configured, so nothing can be locked`, {
      hint: 'Configure locking (s3: use_lockfile or dynamodb_table; oss: tablestore_table or use_lockfile).',
    });
  }
  const { openStateInspector } = await import('../doctor/state-inspector.js');
  const { type, config } = await context.backendSelection();
  const inspector = await openStateInspector(type, config, { workingDirectory: context.workingDirectory, env: context.io.env });
  let coverage = 'workspaces with a state, and the default workspace.';
  let workspaces: string[];
  let listed: LockListing | undefined;
  try {
    listed = inspector === undefined ? undefined : await inspector.listLockedWorkspaces(options);
    if (options.scanLockTable && (listed === undefined || listed.lockTable === 'none')) refuseScanWithoutLockTable(backend.name);
    if (listed !== undefined) coverage = listed.coverage;
    workspaces = mergeWorkspaces(await backend.listWorkspaces(), listed?.workspaces ?? []);
  } finally {
    await inspector?.close();
  }
  const { held, unreadable } = await findHeldLocks(backend, workspaces);
  const locks = held.map(({ workspace, lock, ageMs }) => ({ workspace, ...lockReport(lock, ageMs) }));
  for (const { workspace, error } of unreadable) note(context, `Warning: the lock of workspace "${workspace}" cannot be read: ${error.message}`);
  if (context.json) {
    await printJson(context, {
      locks,
      checked: workspaces,
      coverage,
      unreadable: unreadable.map(({ workspace, error }) => ({ workspace, code: error.code, message: error.message })),
    });
    return;
  }
  if (locks.length === 0) {
    await printLines(context, `No held lock (${workspaces.length} workspace${workspaces.length === 1 ? '' : 's'} checked).`);
  } else {
    const rows = locks.map((lock) => [
      lock.workspace,
      lock.who || '-',
      lock.operation || '-',
      lock.id,
      lock.ageSeconds === null ? 'unknown' : formatGoDuration(lock.ageSeconds * 1000),
    ]);
    await printLines(context, ...formatTable(['WORKSPACE', 'WHO', 'OPERATION', 'LOCK ID', 'AGE'], rows));
  }
  note(context, `Checked: ${coverage}`);
  if (listed?.lockTable === 'skipped') note(context, 'Add --scan-lock-table to read the whole lock table too.');
}

function formatTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ');
  return [line(header), ...rows.map(line)];
}
