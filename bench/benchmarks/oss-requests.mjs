import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countProviderCycles, prepareTerraformStates, providerCycleGoals, requestColumns, terraformPlanCycle } from '../lib/locked-read-cycle.mjs';
import { arrivalOrder, classifyOssRequest, classifyTableStoreRequest } from '../lib/oss-counting-proxy.mjs';
import { createOssBucket, createTableStoreLockTable, ossBackendConfig, prepareOssTerraformDirectory, putManyOssObjects, startOssBenchServers } from '../lib/oss-setup.mjs';
import { openOssBackend } from '../lib/oss-provider.mjs';
import { rawOssClient } from '../lib/raw-oss-client.mjs';
import { startRecordingProxy } from '../lib/recording-proxy.mjs';
import { goal, printTable, writeResult } from '../lib/report.mjs';

export const name = 'oss-requests-per-lock-cycle';
export const title = 'OSS: requests per locked read cycle (lock, read, unlock)';
export const needsServers = true;

const bucket = 'bench-oss-requests';
const table = 'bench_oss_locks';
const lockModes = ['tablestore', 'lockfile'];
const limit = 4;
const otherObjectCounts = [0, 2000];

function counts(ossProxy, tablestoreProxy) {
  const oss = ossProxy.snapshot();
  const tablestore = tablestoreProxy.snapshot();
  return {
    ...requestColumns({ name: 'oss', snapshot: oss }, { name: 'tablestore', snapshot: tablestore }),
    sequence: arrivalOrder({ oss, ots: tablestore }),
    operations: { ...prefixed('oss', oss.byOperation), ...prefixed('ots', tablestore.byOperation) },
  };
}

function prefixed(prefix, byOperation) {
  return Object.fromEntries(Object.entries(byOperation).map(([operation, count]) => [`${prefix}:${operation}`, count]));
}

export async function run({ servers }) {
  const ossServers = await startOssBenchServers(servers.s3);
  const ossProxy = await startRecordingProxy(ossServers.oss.endpoint, classifyOssRequest);
  const tablestoreProxy = await startRecordingProxy(ossServers.tablestore.endpoint, classifyTableStoreRequest);
  const workRoot = await mkdtemp(join(tmpdir(), 'bench-oss-requests-'));
  const rows = [];
  try {
    await createOssBucket(ossServers.oss, bucket);
    await createTableStoreLockTable(ossServers.tablestore, table);
    const configOf = (mode) =>
      ossBackendConfig({
        oss: ossServers.oss,
        ossEndpoint: ossProxy.endpoint,
        tablestoreEndpoint: tablestoreProxy.endpoint,
        bucket,
        prefix: `bench-${mode}`,
        lockMode: mode,
        table,
      });
    const terraformDirectories = await prepareTerraformStates(lockModes, (mode) => prepareOssTerraformDirectory(join(workRoot, mode), configOf(mode)));
    for (const otherObjects of otherObjectCounts) {
      if (otherObjects > 0) {
        // Other workspaces under each prefix (which a listing would have to page through).
        for (const mode of lockModes) {
          const client = rawOssClient(ossServers.oss, bucket);
          await putManyOssObjects(client, otherObjects / lockModes.length, (index) => `bench-${mode}/other-${String(index).padStart(5, '0')}/terraform.tfstate`, '{}');
        }
      }
      for (const mode of lockModes) {
        const reset = () => {
          ossProxy.reset();
          tablestoreProxy.reset();
        };
        const backend = await openOssBackend(configOf(mode));
        const cycles = await countProviderCycles(backend, { reset, count: () => counts(ossProxy, tablestoreProxy) });
        for (const cycle of cycles) rows.push({ tool: 'tfstate provider', mode, otherObjects, ...cycle });
        await backend.close();
        reset();
        await terraformDirectories[mode].terraform(...terraformPlanCycle);
        rows.push({ tool: 'terraform 1.11.4', mode, otherObjects, cycle: `terraform ${terraformPlanCycle.join(' ')}`, ...counts(ossProxy, tablestoreProxy) });
      }
    }
  } finally {
    await ossProxy.stop();
    await tablestoreProxy.stop();
    await ossServers.stop();
    await rm(workRoot, { recursive: true, force: true });
  }

  printTable(
    title,
    rows.map(({ tool, mode, otherObjects, cycle, oss, tablestore, total, listings }) => ({ tool, mode, otherObjects, cycle, oss, tablestore, total, listings })),
  );
  console.log('\nRequests per cycle, in the order they arrived (oss: OSS server, ots: TableStore server):');
  for (const row of rows) {
    const cycle = row.tool === 'terraform 1.11.4' ? 'terraform plan' : row.cycle;
    console.log(`  ${row.tool} ${row.mode}, ${row.otherObjects} other objects, ${cycle}: ${row.sequence.join(', ')}`);
  }

  const goals = [];
  for (const mode of lockModes) {
    const ours = rows.filter((row) => row.tool === 'tfstate provider' && row.mode === mode);
    goals.push(...providerCycleGoals(ours, { subject: `oss ${mode}`, services: 'OSS+TableStore', limit }));
    for (const otherObjects of otherObjectCounts) {
      const terraform = rows.find((row) => row.tool === 'terraform 1.11.4' && row.mode === mode && row.otherObjects === otherObjects);
      const what = mode === 'lockfile' ? 'no lock: Terraform does not know use_lockfile' : `incl. ${terraform.listings} ListObjects`;
      goals.push(goal(`oss ${mode}: terraform plan requests with ${otherObjects} other objects (${what})`, terraform.total));
    }
  }
  await writeResult(name, { terraformCommand: terraformPlanCycle, rows, goals });
  return { goals };
}
