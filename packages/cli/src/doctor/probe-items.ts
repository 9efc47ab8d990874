import type { ProbeCheck, ProbeReport } from '@x/backend-core';
import type { DoctorItem, DoctorStatus } from './doctor-item.js';

/**
 * The provider's probe findings as checklist items: a failed `error` check fails, a failed
 * `warning` (or `info`) check warns, everything that passed is ok. The provider's own ids and
 * fixes are kept.
 */
export function probeItems(report: ProbeReport): DoctorItem[] {
  return report.checks.map((check) => ({
    id: check.id,
    status: statusOf(check),
    message: check.message,
    ...(check.ok || check.fix === undefined ? {} : { fix: check.fix }),
  }));
}

function statusOf(check: ProbeCheck): DoctorStatus {
  if (check.ok) return 'ok';
  return check.severity === 'error' ? 'fail' : 'warn';
}
