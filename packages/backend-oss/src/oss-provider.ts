import {
  BackendError,
  DEFAULT_WORKSPACE,
  md5HexInSlices,
  type BackendCapabilities,
  type LockInfo,
  type ProbeReport,
  type StateProvider,
  type StateVersionEntry,
  type StoredState,
  type WriteStateOptions,
  type WriteStateResult,
} from '@x/backend-core';
import { ossCapabilities } from './capabilities.js';
import type { OssBackendSettings, OssCredentials } from './config/oss-settings.js';
import { LockRecords } from './lock/lock-records.js';
import { LockfileLockStore } from './lock/lockfile-lock-store.js';
import { TableStoreLockStore } from './lock/tablestore-lock-store.js';
import { listingPrefix, stateObjectPath, workspaceOfObject } from './oss-layout.js';
import { probeStore } from './probe.js';
import {
  DEFAULT_CONSISTENCY_POLL_MILLISECONDS,
  DEFAULT_CONSISTENCY_WINDOW_MILLISECONDS,
  StateDigests,
  readVerified,
  type ConsistencyTimings,
} from './state/state-digests.js';
import { OssObjects, type OssObject } from './storage/oss-objects.js';
import { TableStoreRows } from './storage/tablestore-rows.js';

/**
 * Bound on re-checking the digest against the object after a write (see `settleDigest`). Each
 * extra round needs another client's write to land in between, so it is only reached under a
 * sustained stream of unlocked writes.
 */
const maximumDigestRounds = 50;

/** Options of {@link createOssProvider}. */
export interface OssProviderOptions {
  /** Resolved settings (see `resolveOssConfig`). */
  settings: OssBackendSettings;
  /** Credentials for OSS and TableStore (see `resolveCredentials`). */
  credentials: OssCredentials;
  /**
   * The digest consistency loop: how long a read waits for the bytes to match the digest, and
   * how long it pauses between reads. Default Terraform's 10 s and 2 s.
   */
  consistency?: Partial<ConsistencyTimings>;
  /** Time limit of one OSS request. Default 60 s. */
  requestTimeoutMilliseconds?: number;
}

/**
 * Terraform's `oss` backend as a {@link StateProvider}: states at `<prefix>/<key>` (default)
 * and `<prefix>/<workspace>/<key>` in an OSS bucket, locked and digested in a TableStore table
 * exactly as Terraform does (so both can share a bucket and table), or locked by the
 * OSS-native `.tflock` object (`use_lockfile`, which Terraform does not see).
 */
export function createOssProvider(options: OssProviderOptions): StateProvider {
  return new OssStateProvider(options);
}

class OssStateProvider implements StateProvider {
  readonly contractVersion = 1 as const;
  readonly name = 'oss';
  readonly capabilities: BackendCapabilities;
  private readonly settings: OssBackendSettings;
  private readonly objects: OssObjects;
  private readonly rows: TableStoreRows | undefined;
  private readonly locks: LockRecords | undefined;
  private readonly digests: StateDigests | undefined;
  private readonly timings: ConsistencyTimings;

  constructor(options: OssProviderOptions) {
    this.settings = options.settings;
    this.capabilities = ossCapabilities(options.settings);
    this.objects = new OssObjects({
      settings: options.settings,
      credentials: options.credentials,
      timeoutMilliseconds: options.requestTimeoutMilliseconds,
    });
    this.timings = {
      windowMilliseconds: options.consistency?.windowMilliseconds ?? DEFAULT_CONSISTENCY_WINDOW_MILLISECONDS,
      pollMilliseconds: options.consistency?.pollMilliseconds ?? DEFAULT_CONSISTENCY_POLL_MILLISECONDS,
    };
    const { tablestore } = options.settings;
    if (tablestore !== undefined) {
      this.rows = new TableStoreRows(tablestore, options.credentials);
      this.locks = new LockRecords(new TableStoreLockStore(this.rows, options.settings));
      this.digests = new StateDigests(this.rows, options.settings);
    } else if (options.settings.useLockfile) {
      this.locks = new LockRecords(new LockfileLockStore(this.objects, options.settings));
    }
  }

  async listWorkspaces(): Promise<string[]> {
    const names = new Set([DEFAULT_WORKSPACE]);
    for (const key of await this.objects.listKeys(listingPrefix(this.settings))) {
      const workspace = workspaceOfObject(this.settings, key);
      if (workspace !== undefined) names.add(workspace);
    }
    return [...names];
  }

  async deleteWorkspace(workspace: string): Promise<void> {
    await this.locks?.refuseForeignLock(workspace);
    await this.removeState(workspace);
  }

  async readState(workspace: string): Promise<StoredState | undefined> {
    const path = stateObjectPath(this.settings, workspace);
    const digests = this.digests;
    if (digests === undefined) return storedState(await this.objects.getStreamed(path), undefined);
    const { object, digest } = await readVerified(
      () => this.objects.getStreamed(path, { md5: true }),
      () => digests.expected(workspace),
      this.timings,
    );
    return storedState(object, digest);
  }

  async writeState(workspace: string, bytes: Uint8Array, options: WriteStateOptions): Promise<WriteStateResult> {
    refuseConditions(options);
    await this.locks?.checkWrite(workspace, options.lockId);
    const path = stateObjectPath(this.settings, workspace);
    // The digest is computed while the bytes upload rather than after; both are awaited before
    // anything else happens, so no reference to `bytes` outlives the call.
    const [upload, hashing] = await Promise.allSettled([
      this.objects.put(path, bytes),
      this.digests === undefined ? Promise.resolve(undefined) : md5HexInSlices(bytes),
    ]);
    if (upload.status === 'rejected') throw upload.reason;
    if (hashing.status === 'rejected') throw hashing.reason;
    const written = upload.value;
    const digest = hashing.value;
    if (this.digests !== undefined && digest !== undefined) {
      try {
        await this.digests.recordHex(workspace, digest);
        await this.settleDigest(workspace, path, digest);
      } catch (error) {
        // Terraform only logs this; then every reader waits 10 s and fails on the old digest.
        throw new BackendError('TRANSIENT', `the state ${path} was written, but its digest row could not be updated`, {
          cause: error,
          hint: 'Write the state again; until then readers report a digest mismatch.',
        });
      }
    }
    return { etag: written.etag, versionId: written.versionId, digest };
  }

  async deleteState(workspace: string, options: WriteStateOptions): Promise<void> {
    refuseConditions(options);
    await this.locks?.checkWrite(workspace, options.lockId);
    await this.removeState(workspace);
  }

  async lock(workspace: string, info: LockInfo): Promise<string> {
    return this.requireLocks().lock(workspace, info);
  }

  async unlock(workspace: string, lockId: string): Promise<void> {
    await this.requireLocks().unlock(workspace, lockId);
  }

  async forceUnlock(workspace: string, lockId: string): Promise<void> {
    await this.requireLocks().unlock(workspace, lockId);
  }

  async readLock(workspace: string): Promise<LockInfo | undefined> {
    return this.requireLocks().read(workspace);
  }

  async listVersions(workspace: string): Promise<StateVersionEntry[]> {
    this.requireVersions();
    return this.objects.listVersions(stateObjectPath(this.settings, workspace));
  }

  async readVersion(workspace: string, versionId: string): Promise<StoredState> {
    this.requireVersions();
    const object = await this.objects.get(stateObjectPath(this.settings, workspace), versionId);
    if (object === undefined) {
      throw new BackendError('VERSION_NOT_FOUND', `the state of workspace "${workspace}" has no version ${versionId}`, {
        hint: 'List the versions first; a delete marker has no state to read.',
      });
    }
    return { bytes: object.bytes, etag: object.etag, versionId: object.versionId ?? versionId, lastModified: object.lastModified };
  }

  probe(): Promise<ProbeReport> {
    return probeStore({ settings: this.settings, capabilities: this.capabilities, objects: this.objects, rows: this.rows });
  }

  async close(): Promise<void> {
    this.objects.close();
    this.rows?.close();
  }

  /**
   * Makes the digest row describe the object that is there now. Two unlocked writers can
   * interleave as "A puts, B puts, B records, A records", leaving A's digest beside B's bytes
   * and every later read failing; so after recording, the object's MD5 is checked (HEAD) and,
   * when another write landed meanwhile, recorded instead, until they agree. The last writer's
   * own check ends the sequence, so the row converges on the last bytes written. Under a lock
   * the first check agrees.
   */
  private async settleDigest(workspace: string, path: string, recorded: string): Promise<void> {
    let last = recorded;
    for (let round = 0; round < maximumDigestRounds; round += 1) {
      const current = await this.objects.currentMd5(path);
      if (current === undefined || current === last) return;
      await this.digests?.recordHex(workspace, current);
      last = current;
    }
  }

  /** Digest first, then the object: an interrupted delete leaves a state without digest (readable), never a digest without state. */
  private async removeState(workspace: string): Promise<void> {
    await this.digests?.forget(workspace);
    await this.objects.delete(stateObjectPath(this.settings, workspace));
  }

  private requireLocks(): LockRecords {
    if (this.locks === undefined) {
      throw new BackendError('UNSUPPORTED', 'this oss backend has no locking configured', {
        hint: 'Set tablestore_endpoint and tablestore_table (the lock Terraform honours), or use_lockfile = true.',
      });
    }
    return this.locks;
  }

  private requireVersions(): void {
    if (!this.capabilities.versions) {
      throw new BackendError('UNSUPPORTED', 'versions are not available with use_lockfile, whose bucket must not be versioned', {
        hint: 'Use TableStore locking on a versioned bucket to keep earlier states.',
      });
    }
  }
}

function refuseConditions(options: WriteStateOptions): void {
  if (options.ifMatch !== undefined || options.ifNoneMatch) {
    throw new BackendError('UNSUPPORTED', 'OSS does not support conditional writes (If-Match / If-None-Match on PutObject)', {
      hint: 'Take the lock before writing instead.',
    });
  }
}

function storedState(object: OssObject | undefined, digest: string | undefined): StoredState | undefined {
  if (object === undefined || object.bytes.byteLength === 0) return undefined;
  return { bytes: object.bytes, etag: object.etag, versionId: object.versionId, lastModified: object.lastModified, digest };
}
