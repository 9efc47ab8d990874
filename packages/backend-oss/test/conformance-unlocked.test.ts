import { beforeAll } from 'vitest';
import { runBackendConformance } from '@x/backend-core/conformance';
import { createOssHarness } from './support/oss-harness.js';
import { createBucket, uniqueBucketName } from './support/oss-fixtures.js';

// No tablestore_table and no use_lockfile: Terraform's oss backend does not lock then, and the
// capabilities say so (locking false: lock is refused, never faked).
const bucket = uniqueBucketName();
beforeAll(async () => {
  await createBucket(bucket, { versioning: 'Enabled' });
});

runBackendConformance('oss (no lock)', createOssHarness({ bucket, lockMode: 'none' }));
