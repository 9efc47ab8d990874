import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import {
  compareDigest,
  type DigestComparison,
  type LockListing,
  type LockListingOptions,
  type StateInspector,
  type StateInspectorContext,
} from '@x/backend-core';
import { createS3Clients, resolveS3Settings, type S3BackendSettings, type S3Clients } from '../config/index.js';
import { DigestTable } from '../digest/digest-table.js';
import { hasTable } from '../s3-capabilities.js';
import { toBackendError } from '../s3-errors.js';
import { LOCK_FILE_SUFFIX, S3Layout } from '../s3-layout.js';
import { ObjectStore } from '../storage/object-store.js';
import { scanLockIds } from './lock-table-scan.js';

/**
 * Builds a {@link StateInspector} from the same settings `createProviderFromConfig` takes, with
 * its own SDK clients. Throws `INVALID_CONFIG` for settings the provider would refuse too.
 */
export async function createStateInspector(config: Record<string, unknown>, context: StateInspectorContext): Promise<StateInspector> {
  const resolved = resolveS3Settings(config, context.env);
  return new S3StateInspector(resolved.settings, createS3Clients(resolved));
}

class S3StateInspector implements StateInspector {
  private readonly layout: S3Layout;
  private readonly objects: ObjectStore;
  private readonly digests: DigestTable | undefined;

  constructor(
    private readonly settings: S3BackendSettings,
    private readonly clients: S3Clients,
  ) {
    this.layout = new S3Layout(settings);
    this.objects = new ObjectStore(clients.s3, settings);
    this.digests =
      hasTable(settings) && clients.dynamodb !== undefined ? new DigestTable(clients.dynamodb, settings.dynamodbTable as string) : undefined;
  }

  async compareDigests(workspaces: readonly string[]): Promise<DigestComparison[]> {
    const digests = this.digests;
    if (digests === undefined) return [];
    const comparisons: DigestComparison[] = [];
    for (const workspace of workspaces) {
      const location = this.layout.locate(workspace);
      const [stored, object] = await Promise.all([digests.read(location), this.objects.get(location.stateKey, undefined, { md5: true })]);
      const actual = object === undefined || object.bytes.byteLength === 0 ? undefined : object.md5;
      comparisons.push({ workspace, location: location.stateKey, record: location.digestId, stored, actual, status: compareDigest(stored, actual) });
    }
    return comparisons;
  }

  async listLockedWorkspaces(options: LockListingOptions = {}): Promise<LockListing> {
    const table = hasTable(this.settings) && this.clients.dynamodb !== undefined ? this.settings.dynamodbTable : undefined;
    const scanTable = table !== undefined && options.scanLockTable === true;
    const found = new Set<string>();
    const sources: string[] = [];
    if (this.settings.useLockfile) {
      for (const workspace of await this.listLockFiles()) found.add(workspace);
      sources.push(`every S3 lock file under ${this.layout.listPrefix === '' ? 'the whole bucket' : `"${this.layout.listPrefix}"`}`);
    }
    if (scanTable) {
      const bucketPrefix = `${this.layout.bucket}/`;
      const defaultKey = this.layout.locate('default').stateKey;
      for (const id of await scanLockIds(this.clients.dynamodb as DynamoDBClient, table, bucketPrefix)) {
        const stateKey = id.slice(bucketPrefix.length);
        const workspace = stateKey === defaultKey ? 'default' : this.layout.workspaceOf(stateKey);
        if (workspace !== undefined) found.add(workspace);
      }
      sources.push(`every DynamoDB lock item of this bucket in "${table}" (a scan of the whole table)`);
    }
    const listed = sources.length === 0 ? 'workspaces with a state, and the default workspace.' : `workspaces with a state, the default workspace, and ${sources.join(' and ')}.`;
    const lockTable = table === undefined ? 'none' : scanTable ? 'scanned' : 'skipped';
    const note = lockTable === 'skipped' ? ` DynamoDB lock items are read only for these workspaces (listing the table would scan all of "${table}").` : '';
    return { workspaces: [...found], coverage: listed + note, lockTable };
  }

  /** The workspaces that have an S3 lock file, found by listing the workspace prefix. */
  private async listLockFiles(): Promise<string[]> {
    const found: string[] = [];
    const defaultLock = this.layout.locate('default').lockKey;
    let continuationToken: string | undefined;
    do {
      let page;
      try {
        page = await this.clients.s3.send(
          new ListObjectsV2Command({
            Bucket: this.layout.bucket,
            Prefix: this.layout.listPrefix === '' ? undefined : this.layout.listPrefix,
            MaxKeys: 1000,
            ContinuationToken: continuationToken,
          }),
        );
      } catch (error) {
        throw toBackendError(error, { action: 'list lock files', bucket: this.layout.bucket });
      }
      for (const object of page.Contents ?? []) {
        const key = object.Key ?? '';
        if (!key.endsWith(LOCK_FILE_SUFFIX)) continue;
        const workspace = key === defaultLock ? 'default' : this.layout.workspaceOf(key.slice(0, -LOCK_FILE_SUFFIX.length));
        if (workspace !== undefined) found.push(workspace);
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);
    return found;
  }

  async close(): Promise<void> {
    this.clients.s3.destroy();
    this.clients.dynamodb?.destroy();
    this.clients.sts?.destroy();
  }
}
