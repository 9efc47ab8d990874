import { BackendError, encodeLockInfo, parseLockInfo, type LockInfo } from '@x/backend-core';
import { isAuthFailure, isMissingObject, isPreconditionFailed, toBackendError, errorName, sdkCause } from '../s3-errors.js';
import type { WorkspaceLocation } from '../s3-layout.js';
import type { EtagMatching } from '../storage/etag-matching.js';
import type { ObjectStore } from '../storage/object-store.js';
import type { ConditionalCreateCheck } from './conditional-create-check.js';
import { lockConflict, lockMismatch, lockNotHeld, lockReplaced } from './lock-errors.js';
import type { AcquireOutcome, LockStore } from './lock-store.js';

interface StoredLockFile {
  info: LockInfo;
  etag?: string;
  versionId?: string;
}

/** Attempts when the lock file vanishes between a refused create and the read of its holder. */
const acquireAttempts = 3;

/**
 * `use_lockfile` (spec §3): `<state key>.tflock` created with `If-None-Match: *`, body = Go-JSON
 * LockInfo, JSON content type, SSE/ACL like the state object.
 *
 * Improvements over Terraform, all invisible to it: a refused create whose stored holder has our
 * own ID counts as acquired (an SDK retry of a PUT that had succeeded, OpenTofu #4405); the
 * holder is read with SSE-C headers; the release is a DELETE conditional on the ETag read and,
 * in versioned buckets, on the exact version, so a lock taken by someone else after our check is
 * never removed.
 */
export class LockFileStore implements LockStore {
  readonly label = 'S3';

  constructor(
    private readonly objects: ObjectStore,
    private readonly etags: EtagMatching,
    private readonly createCheck: ConditionalCreateCheck,
  ) {}

  async acquire(location: WorkspaceLocation, record: LockInfo): Promise<AcquireOutcome> {
    this.createCheck.refuseIfIgnored();
    const body = new TextEncoder().encode(encodeLockInfo(record));
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.objects.put(location.lockKey, body, { ifNoneMatch: '*' });
      } catch (error) {
        const refused = isPreconditionFailed(error);
        if (!refused && !mayHaveLanded(error)) throw toBackendError(error, this.context(location, 'create the lock file'));
        if (refused) this.createCheck.markHonoured();
        const stored = await this.readStored(location).catch((readError: unknown) => {
          throw new BackendError(
            'TRANSIENT',
            `failed to create the lock file "${location.lockKey}" (${errorName(error) ?? 'error'}) and then to read it back; ` +
              `if it was created, it holds lock ID ${record.ID}`,
            { cause: sdkCause(readError), hint: `Check with \`tfstate lock status\`; release it with \`tfstate force-unlock ${record.ID}\` if it is yours.` },
          );
        });
        if (stored === undefined) {
          if (!refused) throw toBackendError(error, this.context(location, 'create the lock file'));
          if (attempt < acquireAttempts) continue;
          throw new BackendError('TRANSIENT', `the lock file "${location.lockKey}" kept disappearing while being taken`, {
            cause: sdkCause(error),
            hint: 'Another client is locking and unlocking this workspace rapidly; retry.',
          });
        }
        if (stored.info.ID === record.ID) return refused ? 'already-held' : 'created';
        throw lockConflict(stored.info, sdkCause(error));
      }
      await this.createCheck.afterCreate(location, body, () => this.objects.delete(location.lockKey));
      return 'created';
    }
  }

  async release(location: WorkspaceLocation, lockId: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const stored = await this.readStored(location);
      if (stored === undefined) throw lockNotHeld(location, 'S3 lock file', lockId);
      if (stored.info.ID !== lockId) {
        // After a refused delete of our own record, someone else's record means ours is gone.
        if (attempt > 1) throw lockReplaced(location, 'S3 lock file', lockId, stored.info);
        throw lockMismatch(lockId, stored.info);
      }
      try {
        await this.deleteExactly(location, stored);
        return;
      } catch (error) {
        // Changed since read: read again, which reports the new holder or that it is gone.
        if (isPreconditionFailed(error) && attempt < 3) continue;
        if (isMissingObject(error)) throw lockNotHeld(location, 'S3 lock file', lockId);
        throw toBackendError(error, this.context(location, 'delete the lock file'));
      }
    }
  }

  async read(location: WorkspaceLocation): Promise<LockInfo | undefined> {
    return (await this.readStored(location))?.info;
  }

  private async readStored(location: WorkspaceLocation): Promise<StoredLockFile | undefined> {
    const object = await this.objects.get(location.lockKey);
    if (object === undefined) return undefined;
    return { info: parseLockInfo(object.bytes), etag: object.etag, versionId: object.versionId };
  }

  /**
   * DELETE conditional on what was read: in a versioned bucket the exact version read is removed
   * (honoured everywhere; if the credentials lack s3:DeleteObjectVersion, a plain delete follows,
   * leaving a delete marker as Terraform does); otherwise `If-Match` on the ETag read, which AWS
   * honours and some stores (radosgw 16) ignore, leaving Terraform's unconditional delete.
   */
  private async deleteExactly(location: WorkspaceLocation, stored: StoredLockFile): Promise<void> {
    const versionId = stored.versionId !== undefined && stored.versionId !== 'null' ? stored.versionId : undefined;
    if (versionId !== undefined) {
      try {
        await this.objects.delete(location.lockKey, { versionId });
        return;
      } catch (error) {
        if (!isAuthFailure(error)) throw error;
      }
    }
    const etag = stored.etag;
    if (etag === undefined) {
      await this.objects.delete(location.lockKey);
      return;
    }
    await this.etags.run(
      etag,
      (spelled) => this.objects.delete(location.lockKey, { ifMatch: spelled }),
      async () => (await this.readStored(location))?.etag,
    );
  }

  private context(location: WorkspaceLocation, action: string) {
    return { action, bucket: this.objects.bucket, key: location.lockKey };
  }
}

/** Errors after which the PUT may still have been stored (the response was lost). */
function mayHaveLanded(error: unknown): boolean {
  return !isAuthFailure(error) && errorName(error) !== 'NoSuchBucket' && !isClientError(error);
}

function isClientError(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}
