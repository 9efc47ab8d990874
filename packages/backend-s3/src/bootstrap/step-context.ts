import type { S3Client } from '@aws-sdk/client-s3';

/** What each bucket step works with. */
export interface BucketStepContext {
  s3: S3Client;
  bucket: string;
  region: string;
  /** The default workspace's state key: checks write next to it, where the backend's credentials may write. */
  stateKey: string;
  /** The S3 endpoint is `http://`: requests travel without TLS. */
  plainHttp: boolean;
  /** Look only; report `would-*`. */
  dryRun: boolean;
  /** The bucket does not exist yet (dry run): its settings would all be new, nothing can be read. */
  bucketMissing: boolean;
}
