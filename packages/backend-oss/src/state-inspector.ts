import {
  DEFAULT_WORKSPACE,
  compareDigest,
  type DigestComparison,
  type LockListing,
  type LockListingOptions,
  type ProbeCheck,
  type StateInspector,
  type StateInspectorContext,
} from '@x/backend-core';
import type { RawConfig } from './config/config-values.js';
import type { OssBackendSettings } from './config/oss-settings.js';
import { resolveOssConfig } from './config/resolve-settings.js';
import { resolveCredentials } from './credentials/resolve-credentials.js';
import { INFO_COLUMN } from './lock/tablestore-lock-store.js';
import { LOCKFILE_SUFFIX, digestRowKey, listingPrefix, lockRowKey, stateObjectPath, workspaceOfObject } from './oss-layout.js';
import { componentChecks } from './probe-components.js';
import { DIGEST_COLUMN } from './state/state-digests.js';
import { OssObjects } from './storage/oss-objects.js';
import { TableStoreRows } from './storage/tablestore-rows.js';

/**
 * Builds a {@link StateInspector} (with `identityChecks`: where OSS and TableStore requests go)
 * from the arguments `createProviderFromConfig` takes, with its own clients. Throws what the
 * provider factory throws for the same arguments.
 */
export async function createStateInspector(config: RawConfig, context: StateInspectorContext): Promise<Required<StateInspector>> {
  const resolved = resolveOssConfig(config, { env: context.env, homeDirectory: context.homeDirectory });
  const credentials = await resolveCredentials(resolved.credentials);
  const objects = new OssObjects({ settings: resolved.settings, credentials });
  const rows = resolved.settings.tablestore === undefined ? undefined : new TableStoreRows(resolved.settings.tablestore, credentials);
  return new OssStateInspector(resolved.settings, objects, rows);
}

class OssStateInspector implements Required<StateInspector> {
  constructor(
    private readonly settings: OssBackendSettings,
    private readonly objects: OssObjects,
    private readonly rows: TableStoreRows | undefined,
  ) {}

  async compareDigests(workspaces: readonly string[]): Promise<DigestComparison[]> {
    const rows = this.rows;
    if (rows === undefined) return [];
    const comparisons: DigestComparison[] = [];
    for (const workspace of workspaces) {
      const path = stateObjectPath(this.settings, workspace);
      const [cell, object] = await Promise.all([
        rows.get(digestRowKey(this.settings, workspace), DIGEST_COLUMN),
        this.objects.getStreamed(path, { md5: true }),
      ]);
      const stored = cell !== undefined && 'value' in cell && /^[0-9a-fA-F]{32}$/.test(cell.value) ? cell.value.toLowerCase() : undefined;
      const actual = object === undefined || object.bytes.byteLength === 0 ? undefined : object.md5;
      comparisons.push({ workspace, location: path, record: digestRowKey(this.settings, workspace), stored, actual, status: compareDigest(stored, actual) });
    }
    return comparisons;
  }

  async listLockedWorkspaces(options: LockListingOptions = {}): Promise<LockListing> {
    const rows = this.rows;
    const scanTable = rows !== undefined && options.scanLockTable === true;
    const prefix = listingPrefix(this.settings);
    const where = prefix === '' ? 'the whole bucket' : `"${prefix}"`;
    const found = new Set<string>();
    const sources: string[] = [];
    // The OSS lock file is only used without TableStore (the table takes precedence).
    if (this.settings.useLockfile && rows === undefined) {
      for (const workspace of await this.listLockFiles(prefix)) found.add(workspace);
      sources.push(`every OSS lock file under ${where}`);
    }
    if (scanTable) {
      const rowPrefix = `${this.settings.bucket}/${prefix}`;
      const defaultRow = lockRowKey(this.settings, DEFAULT_WORKSPACE);
      for (const key of await rows.keysWithPrefix(rowPrefix, INFO_COLUMN)) {
        const workspace = key === defaultRow ? DEFAULT_WORKSPACE : workspaceOfObject(this.settings, key.slice(this.settings.bucket.length + 1));
        if (workspace !== undefined) found.add(workspace);
      }
      sources.push(`every TableStore lock row under "${rowPrefix}"`);
    }
    const listed = sources.length === 0 ? 'workspaces with a state, and the default workspace.' : `workspaces with a state, the default workspace, and ${sources.join(' and ')}.`;
    const lockTable = rows === undefined ? 'none' : scanTable ? 'scanned' : 'skipped';
    const note = lockTable === 'skipped' ? ' TableStore lock rows are read only for these workspaces.' : '';
    return { workspaces: [...found], coverage: listed + note, lockTable };
  }

  /** The workspaces that have an OSS lock file, found by listing the workspace prefix. */
  private async listLockFiles(prefix: string): Promise<string[]> {
    const found: string[] = [];
    const defaultLock = stateObjectPath(this.settings, DEFAULT_WORKSPACE) + LOCKFILE_SUFFIX;
    for (const key of await this.objects.listKeys(prefix)) {
      if (!key.endsWith(LOCKFILE_SUFFIX)) continue;
      const workspace = key === defaultLock ? DEFAULT_WORKSPACE : workspaceOfObject(this.settings, key.slice(0, -LOCKFILE_SUFFIX.length));
      if (workspace !== undefined) found.push(workspace);
    }
    return found;
  }

  identityChecks(): ProbeCheck[] {
    return componentChecks(this.settings);
  }

  async close(): Promise<void> {
    this.objects.close();
    this.rows?.close();
  }
}
