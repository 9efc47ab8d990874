import { formatBytes } from '../support/progress.js';
import { describeIdentity } from './backend-identity.js';
import { countResults, type MigrationReport, type WorkspaceReport } from './migration-report.js';
import type { StateSummary } from './state-summary.js';

/** The human result of a run or a plan: a heading, one row per workspace, a count line. */
export function formatMigration(report: MigrationReport): string {
  const heading = report.dryRun
    ? `Plan (dry run, nothing changed) from ${describeIdentity(report.source)} to ${describeIdentity(report.target)}:`
    : `Migration from ${describeIdentity(report.source)} to ${describeIdentity(report.target)}${report.resumed ? ' (resumed)' : ''}:`;
  const rows = [
    ['WORKSPACE', report.dryRun ? 'ACTION' : 'RESULT', 'SOURCE', 'TARGET', 'DETAIL'],
    ...report.workspaces.map((workspace) => [
      workspace.workspace,
      workspace.result,
      describeSide(workspace.source),
      describeSide(workspace.target),
      workspace.detail.replace(/\s*\n\s*/g, ' '),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const table = rows.map((row) => `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')}`.trimEnd());
  return `${[heading, ...table, summaryLine(report)].join('\n')}\n`;
}

function describeSide(summary: StateSummary | undefined): string {
  if (summary === undefined) return '-';
  return `serial ${summary.serial ?? '?'}, ${formatBytes(summary.bytes)}`;
}

function summaryLine(report: MigrationReport): string {
  const counts = countResults(report.workspaces);
  const parts = Object.entries(counts).map(([result, count]) => `${count} ${result}`);
  const total = `${report.workspaces.length} workspace${report.workspaces.length === 1 ? '' : 's'}`;
  if (report.dryRun) return `${total}: ${parts.join(', ')}.`;
  const ending = report.complete ? 'every workspace verified on the target.' : `journal kept in ${report.journal}; fix the problems and run again to resume.`;
  return `${total}: ${parts.join(', ')}; ${ending}`;
}

/** The `--json` document: identities, results and counts (no state contents, no secrets). */
export function migrationJson(report: MigrationReport): unknown {
  return {
    dryRun: report.dryRun,
    source: report.source,
    target: report.target,
    journal: report.journal,
    resumed: report.resumed,
    complete: report.complete,
    counts: countResults(report.workspaces),
    workspaces: report.workspaces.map((workspace: WorkspaceReport) => ({
      workspace: workspace.workspace,
      result: workspace.result,
      detail: workspace.detail,
      source: workspace.source ?? null,
      target: workspace.target ?? null,
      ...(workspace.code === undefined ? {} : { code: workspace.code }),
    })),
  };
}
