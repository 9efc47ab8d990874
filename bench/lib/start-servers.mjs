import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynalite, startRadosgw } from '@x/test-servers';

/** Servers every S3 benchmark of one run shares, so all ratios come from the same radosgw. */
export async function startBenchServers() {
  // A folder of its own, apart from the test suites' clusters (short: Ceph socket paths are limited).
  // radosgw frees overwritten objects only when its garbage collector runs (hours later), so every
  // 100 MiB transfer stays in memstore: 12 GiB keeps a full run clear of "OSD full", where radosgw
  // silently stops answering writes.
  const s3 = await startRadosgw({ dataDirectory: join(tmpdir(), 'tfstate-bench'), memstoreBytes: 12 * 1024 ** 3 });
  let dynamodb;
  try {
    dynamodb = await startDynalite();
  } catch (error) {
    await s3.stop();
    throw error;
  }
  return {
    s3,
    dynamodb,
    async stop() {
      await Promise.allSettled([s3.stop(), dynamodb.stop()]);
    },
  };
}
