import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { startCountingProxy } from '../lib/counting-proxy.mjs';
import { goal, printTable, writeResult } from '../lib/report.mjs';
import { openS3Backend, s3ProviderAvailable } from '../lib/s3-provider.mjs';
import { createBucket, offlineAwsEnvironment, putManyObjects, s3BackendConfig } from '../lib/aws-setup.mjs';
import { rawS3Client } from '../lib/raw-s3-client.mjs';
import { median, timeMs } from '../lib/statistics.mjs';

export const name = 'list-workspaces';
export const title = 'Listing 10,000 workspaces: provider listWorkspaces vs raw paginated ListObjectsV2';
export const needsServers = true;

const bucket = 'bench-list';
const key = 'project/terraform.tfstate';
const workspaceCount = 10_000;
const runs = 11;

/** The listing Terraform's layout needs (spec §1.4): every key under `env:/`, 1000 per page. */
async function rawListing(client) {
  const keys = [];
  let token;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'env:/', MaxKeys: 1000, ContinuationToken: token }));
    for (const entry of page.Contents ?? []) keys.push(entry.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

export async function run({ servers }) {
  if (!(await s3ProviderAvailable())) throw new Error('@x/backend-s3 does not export createProviderFromConfig yet');
  const client = rawS3Client(servers.s3);
  await createBucket(client, bucket);
  const env = offlineAwsEnvironment(servers.s3);
  const setupMs = await timeMs(() =>
    putManyObjects(client, bucket, workspaceCount, (index) => `env:/ws-${String(index).padStart(5, '0')}/${key}`, '{"version":4}'),
  );
  console.log(`created ${workspaceCount} workspace objects in ${(setupMs / 1000).toFixed(1)} s`);
  const backend = await openS3Backend(s3BackendConfig({ s3Server: servers.s3, bucket, key, lockMode: 'lockfile' }), env);
  const proxy = await startCountingProxy(servers.s3.endpoint);
  try {
    const names = await backend.listWorkspaces();
    if (names.length !== workspaceCount + 1) throw new Error(`listWorkspaces returned ${names.length} names, expected ${workspaceCount + 1}`);
    const rawKeys = await rawListing(client);
    if (rawKeys.length !== workspaceCount) throw new Error(`the raw listing returned ${rawKeys.length} keys, expected ${workspaceCount}`);

    const ours = [];
    const raw = [];
    for (let round = 0; round < runs; round++) {
      const order = round % 2 === 0 ? ['ours', 'raw'] : ['raw', 'ours'];
      for (const side of order) {
        if (side === 'ours') ours.push(await timeMs(() => backend.listWorkspaces()));
        else raw.push(await timeMs(() => rawListing(client)));
      }
    }

    const countedBackend = await openS3Backend(s3BackendConfig({ s3Server: servers.s3, s3Endpoint: proxy.endpoint, bucket, key, lockMode: 'lockfile' }), env);
    proxy.reset();
    await countedBackend.listWorkspaces();
    const ourRequests = proxy.snapshot();
    await countedBackend.close();
    const countedClient = rawS3Client(servers.s3, proxy.endpoint);
    proxy.reset();
    await rawListing(countedClient);
    const rawRequests = proxy.snapshot();
    countedClient.destroy();

    const rows = [
      { side: 'provider listWorkspaces', runs: ours.length, medianMs: median(ours), minMs: Math.min(...ours), requests: ourRequests.total, operations: ourRequests.byOperation },
      { side: 'raw ListObjectsV2 pages', runs: raw.length, medianMs: median(raw), minMs: Math.min(...raw), requests: rawRequests.total, operations: rawRequests.byOperation },
    ];
    printTable(`${title} (${runs} interleaved runs each, warm clients in one process)`, rows);
    const goals = [
      goal('listWorkspaces median / raw paginated listing median', median(ours) / median(raw), 1.1, 'x'),
      goal('requests: provider listWorkspaces', ourRequests.total, undefined, 'requests'),
      goal('requests: raw paginated listing', rawRequests.total, undefined, 'requests'),
    ];
    await writeResult(name, { workspaceCount, runs, rows, samples: { ours, raw }, goals });
    return { goals };
  } finally {
    await backend.close();
    await proxy.stop();
    client.destroy();
  }
}
