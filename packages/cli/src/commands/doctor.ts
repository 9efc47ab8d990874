import { BackendError } from '@x/backend-core';
import { UsageError } from '../cli-errors.js';
import type { CommandContext } from '../command-context.js';
import { doctorReport, type DoctorItem } from '../doctor/doctor-item.js';
import { formatDoctorReport } from '../doctor/print-doctor-report.js';
import { parseGoDuration } from '../support/go-duration.js';
import { writeAll } from '../support/cli-io.js';
import { refuseScanWithoutLockTable } from '../support/lock-table-scan.js';
import { printJson } from '../support/print.js';

export interface DoctorOptions {
  allWorkspaces?: boolean;
  scanLockTable?: boolean;
  staleAfter: string;
}

/**
 * `doctor`: runs the checklist for the selected workspace (or all), prints it (`--json`: the
 * report object) and fails with exit 1 when an item is `fail`. Warnings do not change the exit.
 */
export async function run(context: CommandContext, _args: string[], options: DoctorOptions): Promise<void> {
  const staleAfterMs = parseGoDuration(options.staleAfter, '--stale-after');
  if (options.scanLockTable && !options.allWorkspaces) {
    throw new UsageError('--scan-lock-table only applies with --all-workspaces', { hint: 'tfstate doctor --all-workspaces --scan-lock-table' });
  }
  const backend = await context.backend();
  const { type, config } = await context.backendSelection();
  const workspaces = options.allWorkspaces ? await backend.listWorkspaces() : [context.workspace];
  let items: DoctorItem[];
  let observed: Record<string, boolean> = {};
  if (backend.name === 'local') {
    if (options.scanLockTable) refuseScanWithoutLockTable(backend.name);
    const { localChecks } = await import('../doctor/local-checks.js');
    items = await localChecks(backend, config, context.workingDirectory, workspaces, staleAfterMs);
  } else {
    const { openStateInspector } = await import('../doctor/state-inspector.js');
    const { remoteChecks } = await import('../doctor/remote-checks.js');
    const inspector = await openStateInspector(type, config, { workingDirectory: context.workingDirectory, env: context.io.env });
    try {
      ({ items, observed } = await remoteChecks(backend, inspector, workspaces, {
        staleAfterMs,
        allWorkspaces: options.allWorkspaces === true,
        scanLockTable: options.scanLockTable === true,
      }));
    } finally {
      await inspector?.close();
    }
  }
  const report = doctorReport(backend.name, workspaces, items, observed);
  if (context.json) await printJson(context, report);
  else await writeAll(context.io.stdout, formatDoctorReport(report));
  if (!report.safe) {
    const failed = report.items
      .filter((item) => item.status === 'fail')
      .map((item) => (item.workspace === undefined ? item.id : `${item.id} (${item.workspace})`));
    const problems = `${failed.length} problem${failed.length === 1 ? '' : 's'}`;
    throw new BackendError('BACKEND_ERROR', `doctor found ${problems} that make the backend unsafe: ${failed.join(', ')}`, {
      hint: 'Apply the fix printed under each FAIL item, then run tfstate doctor again.',
    });
  }
}
