/** One check of `tfstate doctor --json`. */
export interface DoctorItem {
  id: string;
  status: 'ok' | 'warn' | 'fail';
  message: string;
  fix?: string;
  workspace?: string;
}

/** The report `tfstate doctor --json` prints, as the tests read it. */
export interface DoctorJson {
  backend: string;
  workspaces: string[];
  items: DoctorItem[];
  /** Which store features the checks could observe (remote backends). */
  observed: Record<string, boolean>;
  summary: { ok: number; warn: number; fail: number };
  safe: boolean;
}
