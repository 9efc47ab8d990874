import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createS3Clients, resolveS3Settings, type S3BackendSettings, type S3Clients } from '../config/index.js';
import { DigestTable } from '../digest/digest-table.js';
import { hasTable } from '../s3-capabilities.js';
import { toBackendError } from '../s3-errors.js';
import { LOCK_FILE_SUFFIX, S3Layout } from '../s3-layout.js';
import { ObjectStore } from '../storage/object-store.js';

/** How the stored digest of one workspace compares with its state object, looked at once. */
export interface DigestComparison {
  workspace: string;
  /** The state object key. */
  location: string;
  /** The DynamoDB `LockID` of the digest item. */
  record: string;
  /** The digest recorded beside the state (lowercase hex), if any. */
  stored?: string;
  /** MD5 of the object's bytes (lowercase hex), if the object exists and is not empty. */
  actual?: string;
  /**
   * `match`; `mismatch` (readers wait 10 s and then fail); `no-digest` (a state without a recorded
   * digest: readers check nothing); `digest-without-state` (readers of the absent state fail);
   * `no-state` (neither).
   */
  status: 'match' | 'mismatch' | 'no-digest' | 'digest-without-state' | 'no-state';
}

/** Workspaces that have a lock record somewhere the provider can list cheaply. */
export interface LockListing {
  /** Workspace names, each once, in listing order. */
  workspaces: string[];
  /** One sentence saying what was listed and what was not. */
  coverage: string;
}

/**
 * Read-only views of a backend's store that `tfstate doctor` and `lock status --all` need and the
 * `StateProvider` contract does not offer. Nothing here writes.
 */
export interface StateInspector {
  /**
   * Compares each workspace's stored digest with the MD5 of its object, one look each, without
   * the provider's consistency wait. Resolves to an empty list when no digest is kept.
   */
  compareDigests(workspaces: readonly string[]): Promise<DigestComparison[]>;
  /** Workspaces with a lock record found by listing, including those without a state. */
  listLockedWorkspaces(): Promise<LockListing>;
  /** Releases the SDK clients. */
  close(): Promise<void>;
}

/** What the CLI passes besides the settings (as for `createProviderFromConfig`). */
export interface StateInspectorContext {
  workingDirectory: string;
  env: NodeJS.ProcessEnv;
}

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
      comparisons.push({ workspace, location: location.stateKey, record: location.digestId, stored, actual, status: compare(stored, actual) });
    }
    return comparisons;
  }

  async listLockedWorkspaces(): Promise<LockListing> {
    const table = hasTable(this.settings)
      ? ` DynamoDB lock items are read only for these workspaces (listing the table would scan all of "${this.settings.dynamodbTable}").`
      : '';
    if (!this.settings.useLockfile) {
      return { workspaces: [], coverage: `workspaces with a state, and the default workspace.${table}` };
    }
    const found = new Set<string>();
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
        if (workspace !== undefined) found.add(workspace);
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);
    const where = this.layout.listPrefix === '' ? 'the whole bucket' : `"${this.layout.listPrefix}"`;
    return { workspaces: [...found], coverage: `workspaces with a state, the default workspace, and every S3 lock file under ${where}.${table}` };
  }

  async close(): Promise<void> {
    this.clients.s3.destroy();
    this.clients.dynamodb?.destroy();
    this.clients.sts?.destroy();
  }
}

function compare(stored: string | undefined, actual: string | undefined): DigestComparison['status'] {
  if (stored === undefined) return actual === undefined ? 'no-state' : 'no-digest';
  if (actual === undefined) return 'digest-without-state';
  return stored === actual ? 'match' : 'mismatch';
}
