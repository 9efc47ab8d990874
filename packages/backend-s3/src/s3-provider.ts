import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BackendError,
  LockConflictError,
  StateConflictError,
  describeLock,
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
import type { S3BackendSettings, S3Clients } from './config/index.js';
import {
  DEFAULT_CONSISTENCY_POLL_MS,
  DEFAULT_CONSISTENCY_WINDOW_MS,
  readConsistently,
  type ConsistencyWindow,
} from './digest/consistent-read.js';
import { DigestTable } from './digest/digest-table.js';
import { ConditionalCreateCheck } from './lock/conditional-create-check.js';
import { DynamoLockStore } from './lock/dynamodb-lock-store.js';
import { LockFileStore } from './lock/lock-file-store.js';
import { createLockMode, type LockMode } from './lock/lock-modes.js';
import { probeStore } from './probe/probe-store.js';
import { hasTable, s3Capabilities } from './s3-capabilities.js';
import { httpStatus, isMissingObject, isPreconditionFailed, errorName, toBackendError, sdkCause } from './s3-errors.js';
import { S3Layout, type WorkspaceLocation } from './s3-layout.js';
import { EtagMatching } from './storage/etag-matching.js';
import { listWorkspaces } from './storage/list-workspaces.js';
import { ObjectStore, type StoredObject } from './storage/object-store.js';
import { listStateVersions } from './storage/state-versions.js';

/** Options of {@link createS3Provider}. */
export interface S3ProviderOptions {
  /** Resolved backend settings (see `resolveS3Settings`). */
  settings: S3BackendSettings;
  /** SDK clients; `dynamodb` is required when `settings.dynamodbTable` is set. */
  clients: S3Clients;
  /**
   * How long a read waits for the state to match the DynamoDB digest, and how often it looks
   * again. Default Terraform's 10 s window and 2 s polls.
   */
  consistency?: { windowMs?: number; pollMs?: number };
  /** Destroy the SDK clients on `close()`; set when the provider created them. Default false. */
  ownsClients?: boolean;
  /** Receives warnings (a listing denied under the default prefix). Default `process.emitWarning`. */
  onWarning?: (message: string) => void;
}

/**
 * A {@link StateProvider} for S3 and S3-compatible stores, byte-compatible with Terraform's and
 * OpenTofu's `s3` backend: the same keys, lock file, DynamoDB items and digest. Lock modes:
 * `dynamodbTable`, `useLockfile`, or both (lock file first). Without either, `locking` is false.
 * Throws `INVALID_CONFIG` when a table is configured without a DynamoDB client.
 */
export function createS3Provider(options: S3ProviderOptions): StateProvider {
  return new S3Provider(options);
}

class S3Provider implements StateProvider {
  readonly contractVersion = 1 as const;
  readonly name = 's3';
  readonly capabilities: BackendCapabilities;
  private readonly settings: S3BackendSettings;
  private readonly clients: S3Clients;
  private readonly layout: S3Layout;
  private readonly objects: ObjectStore;
  private readonly etags = new EtagMatching();
  private readonly createCheck: ConditionalCreateCheck;
  private readonly lockMode: LockMode | undefined;
  private readonly digests: DigestTable | undefined;
  private readonly window: ConsistencyWindow;
  private readonly ownsClients: boolean;
  private readonly warn: (message: string) => void;
  /** Locks this client took and has not released, by workspace: the record it wrote. */
  private readonly held = new Map<string, LockInfo>();

  constructor(options: S3ProviderOptions) {
    this.settings = options.settings;
    this.clients = options.clients;
    this.capabilities = s3Capabilities(options.settings);
    this.layout = new S3Layout(options.settings);
    this.objects = new ObjectStore(options.clients.s3, options.settings);
    this.createCheck = new ConditionalCreateCheck(this.objects);
    const table = hasTable(options.settings) ? requireDynamo(options.clients, options.settings.dynamodbTable as string) : undefined;
    const lockFile = options.settings.useLockfile ? new LockFileStore(this.objects, this.etags, this.createCheck) : undefined;
    this.lockMode = createLockMode(lockFile, table === undefined ? undefined : new DynamoLockStore(table.client, table.name));
    this.digests = table === undefined ? undefined : new DigestTable(table.client, table.name);
    this.window = {
      windowMs: nonNegative(options.consistency?.windowMs, DEFAULT_CONSISTENCY_WINDOW_MS, 'consistency.windowMs'),
      pollMs: nonNegative(options.consistency?.pollMs, DEFAULT_CONSISTENCY_POLL_MS, 'consistency.pollMs'),
    };
    this.ownsClients = options.ownsClients ?? false;
    this.warn = options.onWarning ?? ((message) => process.emitWarning(message, { code: 'TFSTATE_S3' }));
  }

  async listWorkspaces(): Promise<string[]> {
    return listWorkspaces(this.clients.s3, this.layout, this.warn);
  }

  async deleteWorkspace(workspace: string): Promise<void> {
    const location = this.layout.locate(workspace);
    await this.checkWriteLock(location, undefined);
    await this.removeState(location);
  }

  async readState(workspace: string): Promise<StoredState | undefined> {
    const location = this.layout.locate(workspace);
    const digests = this.digests;
    if (digests === undefined) return toStoredState(await this.objects.get(location.stateKey), undefined);
    const found = await readConsistently(
      async () => {
        const [object, expected] = await Promise.all([this.objects.get(location.stateKey, undefined, { md5: true }), digests.read(location)]);
        return { object, expected };
      },
      this.window,
      { bucket: this.layout.bucket, key: location.stateKey },
    );
    return toStoredState(found.object, found.actual);
  }

  async writeState(workspace: string, bytes: Uint8Array, options: WriteStateOptions): Promise<WriteStateResult> {
    const location = this.layout.locate(workspace);
    await this.checkWriteLock(location, options.lockId);
    if (this.digests === undefined) return this.putState(location, bytes, options);
    // The digest is hashed while the upload is in flight; both settle before the digest is recorded.
    const [written, digest] = await Promise.all([this.putState(location, bytes, options), md5HexInSlices(bytes)]);
    try {
      await this.digests.write(location, digest);
      // Under a held lock (checked just above) no other writer can interleave, so the check for
      // an interleaved writer is needed only for writes made without a lock id.
      if (options.lockId === undefined) await this.withdrawIfOverwritten(location, written.etag, digest);
    } catch (error) {
      throw new BackendError(
        BackendError.isInstance(error) ? error.code : 'BACKEND_ERROR',
        `the state of "${workspace}" was uploaded, but its digest could not be recorded in DynamoDB: ${(error as Error).message}`,
        { cause: error, hint: 'Write the state again; until then readers report a digest mismatch.' },
      );
    }
    return { ...written, digest };
  }

  async deleteState(workspace: string, options: WriteStateOptions): Promise<void> {
    const location = this.layout.locate(workspace);
    await this.checkWriteLock(location, options.lockId);
    await this.removeState(location);
  }

  async lock(workspace: string, info: LockInfo): Promise<string> {
    const mode = this.requireLocking();
    const location = this.layout.locate(workspace);
    const record: LockInfo = { ...info, Path: location.lockPath };
    const heldBefore = this.held.get(workspace);
    await mode.acquire(location, record, heldBefore?.ID === info.ID);
    // A retried lock call leaves the record first written in place, so that one is kept.
    if (heldBefore?.ID !== info.ID) this.held.set(workspace, record);
    return info.ID;
  }

  async unlock(workspace: string, lockId: string): Promise<void> {
    await this.release(workspace, lockId);
  }

  async forceUnlock(workspace: string, lockId: string): Promise<void> {
    await this.release(workspace, lockId);
  }

  async readLock(workspace: string): Promise<LockInfo | undefined> {
    return this.requireLocking().read(this.layout.locate(workspace));
  }

  async listVersions(workspace: string): Promise<StateVersionEntry[]> {
    return listStateVersions(this.clients.s3, this.layout.bucket, this.layout.locate(workspace).stateKey);
  }

  async readVersion(workspace: string, versionId: string): Promise<StoredState> {
    const { stateKey } = this.layout.locate(workspace);
    let object: StoredObject | undefined;
    try {
      object = await this.objects.get(stateKey, versionId);
    } catch (error) {
      if (!isUnknownVersion(error)) throw error;
    }
    if (object === undefined) {
      throw new BackendError('VERSION_NOT_FOUND', `the state of "${workspace}" has no version ${versionId}, or it records a deletion`, {
        hint: 'List the versions first (listVersions / `tfstate state versions`) and pick one that is not a delete marker.',
      });
    }
    return { bytes: object.bytes, etag: object.etag, versionId: object.versionId, lastModified: object.lastModified };
  }

  async probe(): Promise<ProbeReport> {
    return probeStore({
      settings: this.settings,
      clients: this.clients,
      objects: this.objects,
      etags: this.etags,
      layout: this.layout,
      createCheck: this.createCheck,
    });
  }

  async close(): Promise<void> {
    if (!this.ownsClients) return;
    this.clients.s3.destroy();
    this.clients.dynamodb?.destroy();
    this.clients.sts?.destroy();
  }

  private requireLocking(): LockMode {
    if (this.lockMode === undefined) {
      throw new BackendError('UNSUPPORTED', 'the s3 backend has no lock configured', {
        hint: 'Set use_lockfile = true (or dynamodb_table) in the backend configuration to lock state.',
      });
    }
    return this.lockMode;
  }

  private async release(workspace: string, lockId: string): Promise<void> {
    const mode = this.requireLocking();
    // Releasing a lock this client took lets the stores skip the read before the delete.
    const own = this.held.get(workspace)?.ID === lockId ? this.held.get(workspace) : undefined;
    try {
      await mode.release(this.layout.locate(workspace), lockId, own);
    } catch (error) {
      if (BackendError.hasCode(error, 'LOCK_NOT_HELD') && own !== undefined) this.held.delete(workspace);
      throw error;
    }
    if (own !== undefined) this.held.delete(workspace);
  }

  /**
   * The `writeChecksLock` guarantee at the cost of one small read: the lock record as the first
   * lock store has it must carry `lockId`, or, without one, must be absent or held by this
   * client. Terraform never checks; this narrows, but cannot close, the window in which a
   * force-unlocked holder overwrites its successor's state.
   */
  private async checkWriteLock(location: WorkspaceLocation, lockId: string | undefined): Promise<void> {
    if (this.lockMode === undefined) return;
    const holder = await this.lockMode.readFirst(location);
    if (lockId === undefined) {
      if (holder !== undefined && this.held.get(location.workspace)?.ID !== holder.ID) {
        throw new LockConflictError(holder, {
          message: `the state of "${location.workspace}" is locked by another client; writing without its lock is refused\n${describeLock(holder)}`,
        });
      }
      return;
    }
    if (holder === undefined) {
      throw new BackendError('LOCK_NOT_HELD', `lock ${lockId} is not held on "${location.lockPath}"; the write is refused`, {
        hint: 'The lock was released or force-unlocked; take it again and re-read the state before writing.',
      });
    }
    if (holder.ID !== lockId) throw new LockConflictError(holder);
  }

  private async putState(location: WorkspaceLocation, bytes: Uint8Array, options: WriteStateOptions): Promise<WriteStateResult> {
    const key = location.stateKey;
    try {
      if (options.ifNoneMatch) return await this.objects.put(key, bytes, { ifNoneMatch: '*' });
      const ifMatch = options.ifMatch;
      if (ifMatch !== undefined) {
        return await this.etags.run(ifMatch, (spelled) => this.objects.put(key, bytes, { ifMatch: spelled }), () => this.objects.etagOf(key));
      }
      return await this.objects.put(key, bytes);
    } catch (error) {
      if (isPreconditionFailed(error) || (options.ifMatch !== undefined && isMissingObject(error))) {
        throw new StateConflictError(
          options.ifNoneMatch
            ? `the state of "${location.workspace}" already exists`
            : `the state of "${location.workspace}" changed since it was read (etag ${options.ifMatch} no longer matches)`,
          { local: { etag: options.ifMatch } },
          { cause: sdkCause(error), hint: 'Read the state again, reapply your change and retry.' },
        );
      }
      throw toBackendError(error, { action: 'upload the state', bucket: this.layout.bucket, key });
    }
  }

  /**
   * Two unlocked writers can interleave as PUT A, PUT B, digest B, digest A, leaving B's bytes
   * under A's digest for good (Terraform has this flaw). After recording its digest a writer
   * without a lock id therefore checks that the object is still its own; if not, it withdraws its
   * digest (only if still unchanged), so the pair ends consistent or without an expectation, never
   * contradictory. A write under a lock id skips this HEAD: its lock was checked before the PUT,
   * and writers that respect the lock cannot interleave with it (a `-lock=false` Terraform run
   * could, exactly as it can against Terraform itself).
   */
  private async withdrawIfOverwritten(location: WorkspaceLocation, etag: string | undefined, digest: string): Promise<void> {
    if (etag === undefined || this.digests === undefined) return;
    const current = await this.objects.etagOf(location.stateKey);
    if (current !== etag) await this.digests.removeIfStill(location, digest);
  }

  /** DELETE of the state object (a delete marker in versioned buckets, as Terraform), then its digest. */
  private async removeState(location: WorkspaceLocation): Promise<void> {
    await this.objects.delete(location.stateKey);
    await this.digests?.remove(location);
  }
}

function toStoredState(object: StoredObject | undefined, digest: string | undefined): StoredState | undefined {
  if (object === undefined || object.bytes.byteLength === 0) return undefined;
  const stored: StoredState = { bytes: object.bytes, etag: object.etag, versionId: object.versionId, lastModified: object.lastModified };
  if (digest !== undefined) stored.digest = digest;
  return stored;
}

function requireDynamo(clients: S3Clients, table: string): { client: DynamoDBClient; name: string } {
  if (clients.dynamodb === undefined) {
    throw new BackendError('INVALID_CONFIG', `dynamodb_table "${table}" is set but no DynamoDB client was given`, {
      hint: 'Pass clients.dynamodb to createS3Provider (createS3Clients builds it when dynamodb_table is set).',
    });
  }
  return { client: clients.dynamodb, name: table };
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new BackendError('INVALID_ARGUMENT', `${name} must be a non-negative number of milliseconds`);
  }
  return value;
}

/** S3 answers an unknown or malformed version id with 404 NoSuchVersion or 400 InvalidArgument, a delete marker with 405. */
function isUnknownVersion(error: unknown): boolean {
  const cause = BackendError.isInstance(error) ? error.cause : error;
  const status = httpStatus(cause);
  return errorName(cause) === 'InvalidArgument' || status === 400 || status === 405 || isMissingObject(cause);
}

