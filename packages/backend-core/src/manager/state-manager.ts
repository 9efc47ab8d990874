import type { StateBackend } from '../backend/state-backend.js';
import { DEFAULT_TOOL_VERSION, generateLockId } from '../lock/lock-info.js';
import { parseState } from '../state/parse-state.js';
import { serializeState } from '../state/serialize-state.js';
import { stateContentText } from '../state/state-equality.js';
import type { StateLayout, TerraformState } from '../state/terraform-state.js';
import { checkImport } from './import-check.js';

/** Options of {@link StateManager}. */
export interface StateManagerOptions {
  /** Byte layout of written states. Default `terraform`. */
  layout?: StateLayout;
  /** Written into `terraform_version` on every write, as Terraform writes its own version. Default `DEFAULT_TOOL_VERSION`. */
  terraformVersion?: string;
}

/** What a persist or push did. */
export interface PersistResult {
  /** False when the content, lineage and serial were unchanged, so nothing was sent. */
  written: boolean;
  /** Serial of the stored state after the call. */
  serial: number;
  /** Lineage of the stored state after the call. */
  lineage: string;
  /** Etag of the stored bytes, when the backend reports one. */
  etag?: string;
}

/** The snapshot the next persist compares against (Terraform's readState/readLineage/readSerial). */
interface Snapshot {
  lineage: string;
  serial: number;
  content: string;
  etag: string | undefined;
}

/**
 * Terraform's remote state manager (`internal/states/remote.State`) over a {@link StateBackend}:
 * it owns the lineage and serial of one workspace's state and applies Terraform's write rules,
 * so states written through it are indistinguishable from Terraform's own. It does not lock;
 * hold the lock (see `withLock`) around refresh-modify-persist and pass its id.
 */
export class StateManager {
  readonly workspace: string;
  private readonly backend: StateBackend;
  private readonly layout: StateLayout;
  private readonly terraformVersion: string;
  private snapshot: Snapshot | undefined;
  private current: TerraformState | undefined;

  constructor(backend: StateBackend, workspace: string, options: StateManagerOptions = {}) {
    this.backend = backend;
    this.workspace = workspace;
    this.layout = options.layout ?? 'terraform';
    this.terraformVersion = options.terraformVersion ?? DEFAULT_TOOL_VERSION;
  }

  /**
   * Reads and parses the remote state; undefined when there is none (absent or zero bytes).
   * Remembers it as the base for `persist`. Parse failures propagate (`INVALID_STATE`,
   * `UNSUPPORTED_STATE_VERSION`, `ENCRYPTED_STATE`), so such a state is never overwritten.
   */
  async refresh(): Promise<TerraformState | undefined> {
    const stored = await this.backend.readState(this.workspace);
    if (stored === undefined) {
      this.snapshot = undefined;
      this.current = undefined;
      return undefined;
    }
    const state = parseState(stored.bytes);
    this.snapshot = { lineage: state.lineage, serial: state.serial, content: stateContentText(state), etag: stored.etag };
    this.current = state;
    return state;
  }

  /** The state last read or written; undefined before the first refresh or when there is none. */
  get state(): TerraformState | undefined {
    return this.current;
  }

  /**
   * Stores the content of `next` under Terraform's persist rules (spec s3-backend.md §5.3). The
   * manager owns lineage and serial, as Terraform's does, so `next.lineage`/`next.serial` are
   * not used:
   * - after a read: content unchanged (and the read lineage non-empty, serial non-zero) means
   *   no write; otherwise the read serial + 1 is written under the read lineage;
   * - nothing read (or nothing found): the remote is read again first; if it is still empty a
   *   new lineage is generated and serial 1 written, else the rule above applies to what was found.
   * `terraform_version` is always set to this writer's version.
   */
  async persist(next: TerraformState, options: { lockId?: string } = {}): Promise<PersistResult> {
    if (this.snapshot === undefined) await this.refresh();
    const base = this.snapshot;
    if (base === undefined) {
      return this.write(next, generateLockId(), 1, options.lockId);
    }
    if (stateContentText(next) === base.content && base.lineage !== '' && base.serial !== 0) {
      return { written: false, serial: base.serial, lineage: base.lineage, etag: base.etag };
    }
    return this.write(next, base.lineage === '' ? generateLockId() : base.lineage, base.serial + 1, options.lockId);
  }

  /**
   * `terraform state push`: reads the remote, then, unless `force`, runs Terraform's import
   * check (`StateConflictError` with Terraform's exact texts); then persists the incoming state
   * with its own lineage and serial under the persist rules. Against an existing remote that
   * means serial N is stored as N + 1 unless content, lineage and serial all equal the remote's
   * (then nothing is written); with no remote it is stored as given (a missing lineage is
   * generated, which also advances the serial, as in Terraform).
   */
  async push(incoming: TerraformState, options: { force?: boolean; lockId?: string } = {}): Promise<PersistResult> {
    const remote = await this.refresh();
    if (!options.force) checkImport(incoming, remote, this.snapshot?.etag);
    const base = this.snapshot;
    if (base === undefined) {
      return incoming.lineage === ''
        ? this.write(incoming, generateLockId(), incoming.serial + 1, options.lockId)
        : this.write(incoming, incoming.lineage, incoming.serial, options.lockId);
    }
    const unchanged =
      base.lineage !== '' &&
      incoming.lineage === base.lineage &&
      base.serial !== 0 &&
      incoming.serial === base.serial &&
      stateContentText(incoming) === base.content;
    if (unchanged) return { written: false, serial: base.serial, lineage: base.lineage, etag: base.etag };
    const lineage = incoming.lineage === '' ? generateLockId() : incoming.lineage;
    return this.write(incoming, lineage, incoming.serial + 1, options.lockId);
  }

  private async write(content: TerraformState, lineage: string, serial: number, lockId: string | undefined): Promise<PersistResult> {
    const bytes = serializeState({ ...content, lineage, serial, terraformVersion: this.terraformVersion }, { layout: this.layout });
    const result = await this.backend.writeState(this.workspace, bytes, lockId === undefined ? {} : { lockId });
    const written = parseState(bytes);
    this.snapshot = { lineage, serial, content: stateContentText(written), etag: result.etag };
    this.current = written;
    return { written: true, serial, lineage, etag: result.etag };
  }
}
