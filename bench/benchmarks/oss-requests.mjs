import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arrivalOrder, classifyOssRequest, classifyTableStoreRequest, isOssListing, startRecordingProxy } from '../lib/oss-counting-proxy.mjs';
import {
  createOssBucket,
  createTableStoreLockTable,
  ossBackendConfig,
  prepareOssTerraformDirectory,
  putManyOssObjects,
  rawOssClient,
  startOssBenchServers,
} from '../lib/oss-setup.mjs';
import { openOssBackend } from '../lib/oss-provider.mjs';
import { goal, printTable, writeResult } from '../lib/report.mjs';

export const name = 'oss-requests-per-lock-cycle';
export const title = 'OSS: requests per locked read cycle (lock, read, unlock)';
export const needsServers = true;

const bucket = 'bench-oss-requests';
const table = 'bench_oss_locks';
const lockModes = ['tablestore', 'lockfile'];
const limit = 4;
const otherObjectCounts = [0, 2000];
/** What Terraform runs for one cycle: `plan` on an outputs-only configuration locks, reads and unlocks. */
const terraformPlan = ['plan', '-input=false', '-lock=true', '-refresh=false'];

function counts(ossProxy, tablestoreProxy) {
  const oss = ossProxy.snapshot();
  const tablestore = tablestoreProxy.snapshot();
  return {
    oss: oss.total,
    tablestore: tablestore.total,
    total: oss.total + tablestore.total,
    listings: oss.operations.filter(isOssListing).length,
    sequence: arrivalOrder({ oss, ots: tablestore }),
    operations: { ...prefixed('oss', oss.byOperation), ...prefixed('ots', tablestore.byOperation) },
  };
}

function prefixed(prefix, byOperation) {
  return Object.fromEntries(Object.entries(byOperation).map(([operation, count]) => [`${prefix}:${operation}`, count]));
}

async function ourCycle(backend) {
  const lockId = await backend.lock('default', { Operation: 'OperationTypePlan' });
  const state = await backend.readState('default');
  await backend.unlock('default', lockId);
  if (!state) throw new Error('the locked read found no state: the benchmark seeds one first');
}

export async function run({ servers }) {
  const ossServers = await startOssBenchServers(servers.s3);
  const ossProxy = await startRecordingProxy(ossServers.oss.endpoint, classifyOssRequest);
  const tablestoreProxy = await startRecordingProxy(ossServers.tablestore.endpoint, (method, url) => classifyTableStoreRequest(method, url));
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
    // Terraform creates each state (and, with a table, its digest), so both tools read the same bytes.
    const terraformDirectories = {};
    for (const mode of lockModes) {
      const directory = await prepareOssTerraformDirectory(join(workRoot, mode), configOf(mode));
      await directory.terraform('apply', '-input=false', '-auto-approve');
      terraformDirectories[mode] = directory;
    }
    for (const otherObjects of otherObjectCounts) {
      if (otherObjects > 0) {
        // Other workspaces under each prefix (which a listing would have to page through).
        for (const mode of lockModes) {
          const client = rawOssClient(ossServers.oss, bucket);
          await putManyOssObjects(client, otherObjects / lockModes.length, (index) => `bench-${mode}/other-${String(index).padStart(5, '0')}/terraform.tfstate`, '{}');
        }
      }
      for (const mode of lockModes) {
        const backend = await openOssBackend(configOf(mode));
        for (const phase of ['first cycle (fresh client)', 'second cycle (same client)']) {
          ossProxy.reset();
          tablestoreProxy.reset();
          await ourCycle(backend);
          rows.push({ tool: 'tfstate provider', mode, otherObjects, cycle: phase, ...counts(ossProxy, tablestoreProxy) });
        }
        await backend.close();
        ossProxy.reset();
        tablestoreProxy.reset();
        await terraformDirectories[mode].terraform(...terraformPlan);
        rows.push({ tool: 'terraform 1.11.4', mode, otherObjects, cycle: `terraform ${terraformPlan.join(' ')}`, ...counts(ossProxy, tablestoreProxy) });
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
    for (const cycle of [...new Set(ours.map((row) => row.cycle))]) {
      const totals = ours.filter((row) => row.cycle === cycle).map((row) => row.total);
      goals.push(goal(`oss ${mode}: OSS+TableStore requests, ${cycle} (worst of 0 and 2000 other objects)`, Math.max(...totals), limit, 'requests'));
    }
    goals.push(goal(`oss ${mode}: listing requests during the cycle`, Math.max(...ours.map((row) => row.listings)), 0, 'requests'));
    const spread = Math.max(
      ...[...new Set(ours.map((row) => row.cycle))].map((cycle) => {
        const totals = ours.filter((row) => row.cycle === cycle).map((row) => row.total);
        return Math.max(...totals) - Math.min(...totals);
      }),
    );
    goals.push(goal(`oss ${mode}: change in requests from 0 to 2000 other objects`, spread, 0, 'requests'));
    for (const otherObjects of otherObjectCounts) {
      const terraform = rows.find((row) => row.tool === 'terraform 1.11.4' && row.mode === mode && row.otherObjects === otherObjects);
      const what = mode === 'lockfile' ? 'no lock: Terraform does not know use_lockfile' : `incl. ${terraform.listings} ListObjects`;
      goals.push(goal(`oss ${mode}: terraform plan requests with ${otherObjects} other objects (${what})`, terraform.total));
    }
  }
  await writeResult(name, { terraformCommand: terraformPlan, rows, goals });
  return { goals };
}
