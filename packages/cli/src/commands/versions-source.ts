import { BackendError, type StateBackend, type StateVersionEntry, type StoredState } from '@x/backend-core';
import type { CommandContext } from '../command-context.js';

/** The word that names the current state wherever a version id is expected. */
export const CURRENT_VERSION = 'current';

const doctorAdvice = 'Run `tfstate doctor` to check the backend setup.';

/**
 * The backend, once it is known to keep versions. A backend without the `versions`
 * capability fails with `UNSUPPORTED`, naming why and how to get versions.
 */
export async function versionedBackend(context: CommandContext): Promise<StateBackend> {
  const backend = await context.backend();
  if (backend.capabilities.versions) return backend;
  const hint =
    backend.name === 'local'
      ? 'The local backend keeps only the previous state (terraform.tfstate.backup). To keep a history, store the state in a bucket with versioning enabled (--backend s3, or oss with TableStore locking).'
      : `Store the state in a bucket with versioning enabled (for oss: TableStore locking instead of use_lockfile, whose bucket must not be versioned). ${doctorAdvice}`;
  throw new BackendError('UNSUPPORTED', `the ${backend.name} backend, as configured, does not keep earlier states, so it has no versions`, { hint });
}

/**
 * The versions of the workspace's state, newest first. A bucket that never kept versions lists
 * the current object alone under the id `null`; that is reported as `UNSUPPORTED` with the fix,
 * rather than as a history of one.
 */
export async function listStateVersions(context: CommandContext, backend: StateBackend): Promise<StateVersionEntry[]> {
  const versions = await backend.listVersions(context.workspace);
  if (versions.length > 0 && versions.every((version) => version.versionId === 'null')) {
    throw new BackendError('UNSUPPORTED', 'bucket versioning is not enabled, so the store keeps only the current state', {
      hint:
        'Enable versioning on the bucket (S3: `aws s3api put-bucket-versioning --bucket NAME --versioning-configuration Status=Enabled`; ' +
        `OSS: enable versioning in the console or with ossutil). States written before that cannot be recovered. ${doctorAdvice}`,
    });
  }
  return versions;
}

/**
 * The bytes of version `versionId`, or of the current state for `current`. An unknown id (or a
 * delete marker) fails with `VERSION_NOT_FOUND` and a hint to list the versions.
 */
export async function readStateVersion(context: CommandContext, backend: StateBackend, versionId: string): Promise<StoredState> {
  const listHint = `Run \`tfstate versions list\`${context.workspace === 'default' ? '' : ` -w ${context.workspace}`} to see the version ids; "${CURRENT_VERSION}" names the current state.`;
  if (versionId === CURRENT_VERSION) {
    const stored = await backend.readState(context.workspace);
    if (stored === undefined) {
      throw new BackendError('VERSION_NOT_FOUND', `workspace "${context.workspace}" has no current state`, { hint: listHint });
    }
    return stored;
  }
  try {
    return await backend.readVersion(context.workspace, versionId);
  } catch (error) {
    if (!BackendError.hasCode(error, 'VERSION_NOT_FOUND')) throw error;
    throw new BackendError('VERSION_NOT_FOUND', `the state of workspace "${context.workspace}" has no version "${versionId}" (or it records a deletion)`, {
      hint: listHint,
      cause: error,
    });
  }
}
