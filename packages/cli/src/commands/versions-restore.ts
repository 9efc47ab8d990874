import {
  BackendError,
  createEmptyState,
  parseState,
  serializeState,
  StateConflictError,
  statesEqualIgnoringMeta,
  withLock,
  type StateBackend,
  type StateLayout,
  type TerraformState,
} from '@x/backend-core';
import { UsageError } from '../cli-errors.js';
import type { CommandContext } from '../command-context.js';
import { diffParsedStates } from '../diff/state-diff.js';
import { formatStateDiff } from '../diff/format-state-diff.js';
import { confirm } from '../support/confirm.js';
import { lockOptions } from '../support/lock-options.js';
import { note, printJson, printLines } from '../support/print.js';
import { readStateVersion, versionedBackend } from './versions-source.js';

export interface VersionsRestoreOptions {
  yes?: boolean;
  force?: boolean;
}

/** What the restore did. */
interface RestoreResult {
  written: boolean;
  serial: number;
  lineage: string;
  /** The version id the store gave the written state. */
  newVersionId?: string;
}

/**
 * `versions restore VERSION`: writes the version back as the successor of the current state.
 * Its bytes are kept except `serial`, which becomes the current serial + 1, so every Terraform
 * client accepts it; the layout (Terraform's indented or OpenTofu's compact) is the version's.
 * Under the lock: the lineages must match unless `--force`; a terminal confirms unless `--yes`,
 * and without a terminal `--yes` is required.
 */
export async function run(context: CommandContext, [versionId]: string[], options: VersionsRestoreOptions): Promise<void> {
  const id = versionId!;
  if (!options.yes && !context.io.stdinIsTerminal) {
    throw new UsageError('versions restore needs confirmation, and stdin is not a terminal', {
      hint: `Pass --yes to restore without asking: tfstate versions restore ${id} --yes`,
    });
  }
  const backend = await versionedBackend(context);
  const stored = await readStateVersion(context, backend, id);
  const version = parseState(stored.bytes);
  const layout = detectStateLayout(stored.bytes);
  const result = await withLock(
    backend,
    context.workspace,
    (lockId) => restoreUnderLock(context, backend, { id, version, layout, lockId }, options),
    lockOptions(context, 'versions-restore', `restore version ${id}`),
  );
  if (context.json) {
    await printJson(context, { workspace: context.workspace, version: id, ...result });
  } else if (result.written) {
    await printLines(
      context,
      `Restored version ${id} of workspace "${context.workspace}" as serial ${result.serial} (lineage ${result.lineage}).`,
    );
  } else {
    await printLines(context, `The current state of workspace "${context.workspace}" already holds version ${id}'s content; nothing written.`);
  }
}

interface Restoring {
  id: string;
  version: TerraformState;
  layout: StateLayout;
  lockId: string;
}

async function restoreUnderLock(
  context: CommandContext,
  backend: StateBackend,
  { id, version, layout, lockId }: Restoring,
  options: VersionsRestoreOptions,
): Promise<RestoreResult> {
  const current = await readCurrent(context, backend, options);
  if (current !== undefined && current.lineage !== version.lineage && !options.force) {
    throw new StateConflictError(
      `version ${id} has lineage "${version.lineage}", but the current state of workspace "${context.workspace}" has lineage "${current.lineage}": it belongs to another history`,
      { local: { lineage: version.lineage, serial: version.serial }, remote: { lineage: current.lineage, serial: current.serial } },
      { hint: 'Check the workspace and version id (tfstate versions list). Pass --force to replace the current state with it anyway.' },
    );
  }
  if (current !== undefined && current.lineage === version.lineage && statesEqualIgnoringMeta(current, version)) {
    return { written: false, serial: current.serial, lineage: current.lineage };
  }
  const serial = (current?.serial ?? version.serial) + 1;
  if (!options.yes) {
    const base = current ?? createEmptyState({ lineage: version.lineage, serial: 0, terraformVersion: version.terraformVersion });
    note(context, `Restoring version ${id} changes the current state of workspace "${context.workspace}" as follows:\n`);
    note(context, formatStateDiff(diffParsedStates(base, version)));
    const confirmed = await confirm(context.io, `Do you want to restore version ${id} as serial ${serial}?`);
    if (!confirmed) throw new BackendError('ABORTED', 'restore cancelled; the state was not changed');
  }
  const bytes = serializeState({ ...version, serial }, { layout });
  const written = await backend.writeState(context.workspace, bytes, { lockId });
  return { written: true, serial, lineage: version.lineage, ...(written.versionId === undefined ? {} : { newVersionId: written.versionId }) };
}

/**
 * The current state, parsed. A damaged current state is what a restore repairs, so it does not
 * stop one (the serial then continues from the version's); an encrypted one is never replaced
 * by plaintext unless `--force`.
 */
async function readCurrent(context: CommandContext, backend: StateBackend, options: VersionsRestoreOptions): Promise<TerraformState | undefined> {
  const stored = await backend.readState(context.workspace);
  if (stored === undefined) return undefined;
  try {
    return parseState(stored.bytes);
  } catch (error) {
    if (BackendError.hasCode(error, 'ENCRYPTED_STATE') && !options.force) throw error;
    if (!BackendError.isInstance(error)) throw error;
    note(context, `The current state cannot be read (${error.code}: ${error.message}); it will be replaced.`);
    return undefined;
  }
}

/** Terraform indents its state files; OpenTofu writes them compact. Detected from the first member. */
function detectStateLayout(bytes: Uint8Array): StateLayout {
  const text = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '');
  return /^\s*\{\s*\n/.test(text) ? 'terraform' : 'opentofu';
}
