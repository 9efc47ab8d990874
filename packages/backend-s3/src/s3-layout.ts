import { workspaceFromKey, workspaceStateKey, type KeyLayout } from '@x/backend-core';

/** Terraform's lock-file suffix (`use_lockfile`). */
export const LOCK_FILE_SUFFIX = '.tflock';
/** Terraform's suffix of the DynamoDB digest item. */
export const DIGEST_SUFFIX = '-md5';

/** Where everything of one workspace lives (spec §1.2). */
export interface WorkspaceLocation {
  workspace: string;
  /** The state object key. */
  stateKey: string;
  /** `<state key>.tflock`. */
  lockKey: string;
  /** `<bucket>/<state key>`: the DynamoDB `LockID` and `LockInfo.Path`. */
  lockPath: string;
  /** `<bucket>/<state key>-md5`: the DynamoDB digest item. */
  digestId: string;
}

/** The S3 backend's object layout for one bucket/key/prefix configuration. */
export class S3Layout {
  readonly bucket: string;
  private readonly keyLayout: KeyLayout;

  constructor(settings: { bucket: string; key: string; workspaceKeyPrefix: string }) {
    this.bucket = settings.bucket;
    this.keyLayout = Object.freeze({ key: settings.key, workspaceKeyPrefix: settings.workspaceKeyPrefix });
  }

  /** Every key of `workspace`: `default` is the key verbatim, others `path.Join(prefix, workspace, key)`. */
  locate(workspace: string): WorkspaceLocation {
    const stateKey = workspaceStateKey(this.keyLayout, workspace);
    const lockPath = `${this.bucket}/${stateKey}`;
    return { workspace, stateKey, lockKey: stateKey + LOCK_FILE_SUFFIX, lockPath, digestId: lockPath + DIGEST_SUFFIX };
  }

  /** The ListObjectsV2 prefix Terraform lists workspaces under: `<prefix>/`, or the whole bucket. */
  get listPrefix(): string {
    return this.keyLayout.workspaceKeyPrefix === '' ? '' : `${this.keyLayout.workspaceKeyPrefix}/`;
  }

  get workspaceKeyPrefix(): string {
    return this.keyLayout.workspaceKeyPrefix;
  }

  /** The workspace a listed object key is the state of, or undefined (lock files, other projects). */
  workspaceOf(objectKey: string): string | undefined {
    return workspaceFromKey(this.keyLayout, objectKey);
  }
}
