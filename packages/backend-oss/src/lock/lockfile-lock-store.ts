import { BackendError, parseLockInfo } from '@x/backend-core';
import { lockfilePath, lockRowKey, type OssLayout } from '../oss-layout.js';
import type { OssObjects } from '../storage/oss-objects.js';
import type { LockStore, StoredLock } from './lock-store.js';

/**
 * The OSS-native lock (`use_lockfile`): `<state path>.tflock` holding the LockInfo JSON,
 * created with `x-oss-forbid-overwrite: true` so a second create fails with 409
 * `FileAlreadyExists`. OSS ignores that header on buckets whose versioning is Enabled or
 * Suspended, so the bucket's status is checked once per client before the first create and a
 * versioned bucket is refused. OSS has no conditional DeleteObject: removal re-reads the
 * object and deletes it when it still holds the same text, which leaves a window of one
 * round trip in which a lock taken by someone else (after a force-unlock) could be removed.
 * Terraform does not know this object; it only honours TableStore rows.
 */
export class LockfileLockStore implements LockStore {
  private versioningChecked: Promise<void> | undefined;

  constructor(
    private readonly objects: OssObjects,
    private readonly layout: OssLayout,
  ) {}

  pathOf(workspace: string): string {
    return lockRowKey(this.layout, workspace);
  }

  async create(workspace: string, raw: string): Promise<boolean> {
    await this.requireUnversionedBucket();
    const result = await this.objects.put(lockfilePath(this.layout, workspace), new TextEncoder().encode(raw), { forbidOverwrite: true });
    return result.created;
  }

  async read(workspace: string): Promise<StoredLock | undefined> {
    const object = await this.objects.get(lockfilePath(this.layout, workspace));
    if (object === undefined) return undefined;
    const raw = new TextDecoder().decode(object.bytes);
    return { info: parseLockInfo(raw), raw };
  }

  async remove(workspace: string, raw: string): Promise<boolean> {
    const current = await this.read(workspace);
    if (current === undefined || current.raw !== raw) return false;
    await this.objects.delete(lockfilePath(this.layout, workspace));
    return true;
  }

  /** Refuses a bucket where forbid-overwrite would be ignored; checked once per client. */
  requireUnversionedBucket(): Promise<void> {
    this.versioningChecked ??= this.objects.versioningStatus().then(
      (status) => {
        if (status === 'Off') return;
        throw new BackendError(
          'INVALID_CONFIG',
          `use_lockfile cannot lock in bucket "${this.layout.bucket}": its versioning is ${status}, and OSS ignores x-oss-forbid-overwrite on versioned buckets, so the lock would not exclude anyone`,
          {
            hint:
              'Use a bucket that never had versioning enabled (OSS cannot turn it off again), ' +
              'or lock with TableStore instead (tablestore_endpoint and tablestore_table).',
          },
        );
      },
      (error: unknown) => {
        // A failed check is not cached: the next lock attempt asks again.
        this.versioningChecked = undefined;
        throw error;
      },
    );
    return this.versioningChecked;
  }
}
