import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCountingProxy } from '../lib/counting-proxy.mjs';
import { countProviderCycles, prepareTerraformStates, providerCycleGoals, requestColumns, terraformPlanCycle } from '../lib/locked-read-cycle.mjs';
import { goal, printTable, writeResult } from '../lib/report.mjs';
import { openS3Backend, s3ProviderAvailable } from '../lib/s3-provider.mjs';
import {
  createBucket,
  createLockTable,
  offlineAwsEnvironment,
  prepareS3TerraformDirectory,
  putManyObjects,
  rawDynamoClient,
  s3BackendConfig,
} from '../lib/aws-setup.mjs';
import { rawS3Client } from '../lib/raw-s3-client.mjs';

export const name = 'requests-per-lock-cycle';
export const title = 'Requests per locked read cycle (lock, read, unlock)';
export const needsServers = true;

const bucket = 'bench-requests';
const table = 'bench-locks';
const lockModes = ['lockfile', 'dynamodb', 'both'];
const limits = { lockfile: 4, dynamodb: 4, both: 6 };
const otherObjectCounts = [0, 2000];

/** `apply` with nothing to change makes the same requests as `plan`; both are counted to show it. */
const terraformCommands = {
  plan: terraformPlanCycle,
  'apply (no changes)': ['apply', '-input=false', '-lock=true', '-auto-approve', '-refresh=false'],
};

function counts(s3Proxy, dynamoProxy) {
  const s3 = s3Proxy.snapshot();
  const dynamodb = dynamoProxy.snapshot();
  return {
    ...requestColumns({ name: 's3', snapshot: s3 }, { name: 'dynamodb', snapshot: dynamodb }),
    operations: { ...s3.byOperation, ...dynamodb.byOperation },
  };
}

export async function run({ servers }) {
  const s3Client = rawS3Client(servers.s3);
  const dynamoClient = rawDynamoClient(servers.dynamodb);
  await createBucket(s3Client, bucket);
  await createLockTable(dynamoClient, table);
  const s3Proxy = await startCountingProxy(servers.s3.endpoint);
  const dynamoProxy = await startCountingProxy(servers.dynamodb.endpoint);
  const awsEnvironment = offlineAwsEnvironment(servers.s3);
  const workRoot = await mkdtemp(join(tmpdir(), 'bench-requests-'));
  const haveProvider = await s3ProviderAvailable();
  const rows = [];
  const reset = () => {
    s3Proxy.reset();
    dynamoProxy.reset();
  };
  try {
    const configOf = (mode) =>
      s3BackendConfig({
        s3Server: servers.s3,
        s3Endpoint: s3Proxy.endpoint,
        dynamodbEndpoint: dynamoProxy.endpoint,
        bucket,
        key: `bench/${mode}/terraform.tfstate`,
        lockMode: mode,
        table,
      });
    const terraformDirectories = await prepareTerraformStates(lockModes, (mode) => prepareS3TerraformDirectory(join(workRoot, mode), configOf(mode), awsEnvironment));
    for (const otherObjects of otherObjectCounts) {
      if (otherObjects > 0) {
        // Other projects' workspaces under the same `env:` prefix, which Terraform lists in full.
        await putManyObjects(s3Client, bucket, otherObjects, (index) => `env:/other-${String(index).padStart(5, '0')}/other-project.tfstate`, '{}');
      }
      for (const mode of lockModes) {
        if (haveProvider) {
          const backend = await openS3Backend(configOf(mode), awsEnvironment);
          const cycles = await countProviderCycles(backend, { reset, count: () => counts(s3Proxy, dynamoProxy) });
          for (const cycle of cycles) rows.push({ tool: 'tfstate provider', mode, otherObjects, ...cycle });
          await backend.close();
        }
        for (const [label, args] of Object.entries(terraformCommands)) {
          reset();
          await terraformDirectories[mode].terraform(...args);
          rows.push({ tool: 'terraform 1.11.4', mode, otherObjects, cycle: `terraform ${args.join(' ')}`, label, ...counts(s3Proxy, dynamoProxy) });
        }
      }
    }
  } finally {
    await s3Proxy.stop();
    await dynamoProxy.stop();
    s3Client.destroy();
    dynamoClient.destroy();
    await rm(workRoot, { recursive: true, force: true });
  }

  printTable(
    title,
    rows.map(({ tool, mode, otherObjects, cycle, s3, dynamodb, total, listings }) => ({ tool, mode, otherObjects, cycle, s3, dynamodb, total, listings })),
  );
  console.log('\nOperations per cycle:');
  for (const row of rows.filter((entry) => entry.tool !== 'terraform 1.11.4' || entry.label === 'plan')) {
    const cycle = row.tool === 'terraform 1.11.4' ? 'terraform plan' : row.cycle;
    console.log(`  ${row.tool} ${row.mode}, ${row.otherObjects} other objects, ${cycle}: ${JSON.stringify(row.operations)}`);
  }

  const goals = [];
  for (const mode of lockModes) {
    const ours = rows.filter((row) => row.tool === 'tfstate provider' && row.mode === mode);
    if (ours.length === 0) {
      goals.push({ ...goal(`${mode}: requests per cycle <= ${limits[mode]}`, undefined, limits[mode]), status: 'MISS', note: '@x/backend-s3 not available' });
      continue;
    }
    goals.push(...providerCycleGoals(ours, { subject: mode, services: 'S3+DynamoDB', limit: limits[mode] }));
    for (const otherObjects of otherObjectCounts) {
      const terraform = rows.find((row) => row.tool === 'terraform 1.11.4' && row.mode === mode && row.otherObjects === otherObjects && row.label === 'plan');
      goals.push(goal(`${mode}: terraform plan requests with ${otherObjects} other objects (incl. ${terraform.listings} ListObjectsV2 of env:/)`, terraform.total));
    }
  }
  await writeResult(name, { terraformCommands, rows, goals });
  return { goals };
}
