import type { DoctorReport, DoctorStatus } from './doctor-item.js';

const labels: Record<DoctorStatus, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' };

/** The checklist as text: one line per item, its fix indented below, then the counts. */
export function formatDoctorReport(report: DoctorReport): string {
  const scope = report.workspaces.length === 1 ? `workspace "${report.workspaces[0]}"` : `${report.workspaces.length} workspaces`;
  const lines = [`tfstate doctor: ${report.backend} backend, ${scope}`, ''];
  for (const item of report.items) {
    lines.push(`[${labels[item.status]}] ${item.id}: ${item.message}`);
    if (item.fix !== undefined && item.status !== 'ok') lines.push(`       fix: ${item.fix}`);
  }
  const { ok, warn, fail } = report.summary;
  lines.push('', `${ok} ok, ${warn} warning${warn === 1 ? '' : 's'}, ${fail} failure${fail === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}
