import type { BucketAdminClient } from './bucket-admin-client.js';

/** What each bucket step works with. */
export interface BucketStepContext {
  client: BucketAdminClient;
  bucket: string;
  /** Look only; report `would-*`. */
  dryRun: boolean;
  /** The bucket does not exist (dry run): its settings would all be new, nothing can be read. */
  bucketMissing: boolean;
  /** The bucket was created by this run. */
  bucketCreated: boolean;
}
