/** How one doctor finding rates: `fail` makes the backend unsafe (exit 1); `warn` is advice. */
export type DoctorStatus = 'ok' | 'warn' | 'fail';

/** One line of the doctor checklist. */
export interface DoctorItem {
  /** Stable id, e.g. `versioning`, `lock-table`, `digest`, `stale-lock`. */
  id: string;
  status: DoctorStatus;
  /** What was found, in one sentence. */
  message: string;
  /** What to do about it, for `warn` and `fail`. */
  fix?: string;
  /** The workspace a per-workspace finding is about. */
  workspace?: string;
}

/** The whole checklist, as `doctor --json` prints it. */
export interface DoctorReport {
  backend: string;
  /** The workspaces the per-workspace checks looked at. */
  workspaces: string[];
  items: DoctorItem[];
  /** Capabilities the live store was seen to lack (from the provider's probe). */
  observed: Record<string, boolean>;
  summary: Record<DoctorStatus, number>;
  /** False when any item failed. */
  safe: boolean;
}

/** Builds the report and its summary from the items. */
export function doctorReport(backend: string, workspaces: string[], items: DoctorItem[], observed: Record<string, boolean>): DoctorReport {
  const summary: Record<DoctorStatus, number> = { ok: 0, warn: 0, fail: 0 };
  for (const item of items) summary[item.status] += 1;
  return { backend, workspaces, items, observed, summary, safe: summary.fail === 0 };
}
