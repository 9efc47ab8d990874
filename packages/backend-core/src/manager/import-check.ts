import { StateConflictError } from '../errors/state-conflict-error.js';
import { stateContentText } from '../state/state-equality.js';
import type { TerraformState } from '../state/terraform-state.js';

const forceHint =
  'Pull the current state (`tfstate state pull`), reapply your change to it and push that, or push with --force to replace the remote state (its content is lost unless the backend keeps versions).';

/**
 * Terraform's `statemgr.CheckValidImport`, run by `state push` without `-force`: a remote that
 * is absent or holds no outputs and no resources accepts anything; otherwise lineages must
 * match (an empty lineage on either side matches anything), the incoming serial must not be
 * lower, and an equal serial must come with equal content. Throws `StateConflictError` with
 * Terraform's exact wording.
 */
export function checkImport(incoming: TerraformState, remote: TerraformState | undefined, remoteEtag?: string): void {
  if (remote === undefined || isEmptyState(remote)) return;
  const sides = {
    local: { lineage: incoming.lineage, serial: incoming.serial },
    remote: { lineage: remote.lineage, serial: remote.serial, etag: remoteEtag },
  };
  const conflict = (message: string) => new StateConflictError(message, sides, { hint: forceHint });
  if (incoming.lineage !== '' && remote.lineage !== '' && incoming.lineage !== remote.lineage) {
    throw conflict(`cannot import state with lineage "${incoming.lineage}" over unrelated state with lineage "${remote.lineage}"`);
  }
  if (incoming.serial < remote.serial) {
    throw conflict(`cannot import state with serial ${incoming.serial} over newer state with serial ${remote.serial}`);
  }
  if (incoming.serial === remote.serial && stateContentText(incoming) !== stateContentText(remote)) {
    throw conflict(`cannot overwrite existing state with serial ${incoming.serial} with a different state that has the same serial`);
  }
}

/** Terraform's `State.Empty()`: no root outputs and no resources. */
export function isEmptyState(state: TerraformState): boolean {
  return Object.keys(state.outputs).length === 0 && state.resources.items.length === 0;
}
