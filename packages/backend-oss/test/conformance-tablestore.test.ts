import { beforeAll } from 'vitest';
import { runBackendConformance } from '@x/backend-core/conformance';
import { createOssHarness } from './support/oss-harness.js';
import { createBucket, createLockTable, testConsistency, uniqueBucketName, uniqueTableName } from './support/oss-fixtures.js';

// Terraform's locking: TableStore lock and digest rows, on a versioned bucket.
const bucket = uniqueBucketName();
const table = uniqueTableName();
beforeAll(async () => {
  await createBucket(bucket, { versioning: 'Enabled' });
  await createLockTable(table);
});

runBackendConformance('oss (TableStore lock)', createOssHarness({ bucket, table, lockMode: 'tablestore' }), {
  lockers: 8,
  cycles: 10,
  digestRetryMs: testConsistency.windowMilliseconds,
});
