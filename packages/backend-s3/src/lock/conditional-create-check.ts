import { BackendError } from '@x/backend-core';
import { isPreconditionFailed } from '../s3-errors.js';
import type { WorkspaceLocation } from '../s3-layout.js';
import type { ObjectStore } from '../storage/object-store.js';

type CheckState = 'unverified' | 'honoured' | 'ignored';

/**
 * Lock files exclude other clients only if the store honours `If-None-Match: *`; some
 * S3-compatible stores silently overwrite instead (s3rver, old MinIO/Ceph, several hosted
 * services). Once per client, right after its first successful lock-file create, the same
 * conditional create is repeated on the same key with the same bytes: it must be refused. If it
 * is accepted (harmless: identical bytes), the lock file is removed again and lock-file locking
 * is refused for the life of this client, with the reason. A refused create seen anywhere
 * already proves the header is honoured, so the test then never runs. It uses only the lock key,
 * which the lock-file permissions already cover.
 */
export class ConditionalCreateCheck {
  private state: CheckState = 'unverified';
  private pending: Promise<void> | undefined;

  constructor(private readonly objects: ObjectStore) {}

  /** Throws the refusal once the store was found to ignore the header. */
  refuseIfIgnored(): void {
    if (this.state === 'ignored') throw ignoredError(this.objects.bucket);
  }

  /** Records that the store refused a conditional create. */
  markHonoured(): void {
    this.state = 'honoured';
  }

  /** Takes the finding of an explicit `probe()` into account. */
  recordProbe(honoured: boolean): void {
    this.state = honoured ? 'honoured' : 'ignored';
  }

  /** Runs the self-test after this client created `location`'s lock file with `body`. */
  async afterCreate(location: WorkspaceLocation, body: Uint8Array, removeLockFile: () => Promise<void>): Promise<void> {
    if (this.state === 'honoured') return;
    if (this.state === 'ignored') {
      await removeLockFile();
      throw ignoredError(this.objects.bucket);
    }
    this.pending ??= this.repeatCreate(location, body).finally(() => {
      this.pending = undefined;
    });
    await this.pending;
    if (this.currentState() === 'ignored') {
      await removeLockFile();
      throw ignoredError(this.objects.bucket);
    }
  }

  // A method call, so the compiler does not narrow away the change made while awaiting.
  private currentState(): CheckState {
    return this.state;
  }

  private async repeatCreate(location: WorkspaceLocation, body: Uint8Array): Promise<void> {
    try {
      await this.objects.put(location.lockKey, body, { ifNoneMatch: '*' });
      this.state = 'ignored';
    } catch (error) {
      // Any other failure proves nothing either way; the next create tries again.
      if (isPreconditionFailed(error)) this.state = 'honoured';
    }
  }
}

function ignoredError(bucket: string): BackendError {
  return new BackendError(
    'INVALID_CONFIG',
    `use_lockfile cannot lock state in S3 bucket "${bucket}": the store ignores "If-None-Match: *" ` +
      '(a second conditional create of the same lock file succeeded), so two clients could both take the lock',
    {
      hint:
        'Use dynamodb_table for locking with this store, or a store that supports conditional writes ' +
        '(AWS S3, MinIO 2024-08 or later, Ceph radosgw in unversioned buckets, Cloudflare R2); probe() reports what the store honours.',
    },
  );
}
