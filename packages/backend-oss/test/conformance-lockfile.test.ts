import { beforeAll } from 'vitest';
import { runBackendConformance } from '@x/backend-core/conformance';
import { createOssHarness } from './support/oss-harness.js';
import { createBucket, uniqueBucketName } from './support/oss-fixtures.js';

// The OSS-native lock (`use_lockfile`): `.tflock` objects created with x-oss-forbid-overwrite,
// which OSS honours only on buckets that never had versioning.
const bucket = uniqueBucketName();
beforeAll(async () => {
  await createBucket(bucket, { versioning: 'Off' });
});

runBackendConformance('oss (OSS lockfile)', createOssHarness({ bucket, lockMode: 'lockfile' }), {
  lockers: 8,
  cycles: 10,
  skip: {
    'stale-unlock-spares-successor':
      'OSS has no conditional DeleteObject, so an unlock racing a force-unlock and a new lock can remove the new lock (documented in the README; the TableStore mode passes this case)',
  },
});
