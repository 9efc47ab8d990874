import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureInterleaved } from '../lib/interleaved-rounds.mjs';
import { arrivalOrder, classifyOssRequest, classifyTableStoreRequest } from '../lib/oss-counting-proxy.mjs';
import { createOssBucket, createTableStoreLockTable, ossBackendConfig, startOssBenchServers } from '../lib/oss-setup.mjs';
import { runNodeWorker } from '../lib/processes.mjs';
import { startRecordingProxy } from '../lib/recording-proxy.mjs';
import { goal, printTable, writeResult } from '../lib/report.mjs';
import { writeStateFile } from '../lib/state-file.mjs';
import { MiB } from '../lib/statistics.mjs';
import { summariseTransferSamples, transferTableTitle } from '../lib/transfer-samples.mjs';

export const name = 'oss-state-transfer';
export const title = 'OSS: 100 MiB state pull and push, provider vs raw ali-oss get/put';
export const needsServers = true;

const stateBytes = 100 * MiB;
const runs = 9;
const bucket = 'bench-oss-transfer';
const table = 'bench_oss_transfer_locks';
const lockModes = ['tablestore', 'lockfile'];
const worker = fileURLToPath(new URL('../workers/oss-transfer-worker.mjs', import.meta.url));

export async function run({ servers }) {
  const ossServers = await startOssBenchServers(servers.s3);
  const directory = await mkdtemp(join(tmpdir(), 'bench-oss-transfer-'));
  const rows = [];
  const goals = [];
  const requestsByMode = {};
  const idleRssByMode = {};
  const samplesByMode = {};
  let ossProxy;
  let tablestoreProxy;
  try {
    await createOssBucket(ossServers.oss, bucket);
    await createTableStoreLockTable(ossServers.tablestore, table);
    ossProxy = await startRecordingProxy(ossServers.oss.endpoint, classifyOssRequest);
    tablestoreProxy = await startRecordingProxy(ossServers.tablestore.endpoint, classifyTableStoreRequest);
    const file = join(directory, 'state.tfstate');
    const bytes = await writeStateFile(file, stateBytes);
    const expectedBytes = bytes.length;
    for (const mode of lockModes) {
      const prefix = `transfer-${mode}`;
      const key = `${prefix}/terraform.tfstate`;
      const configOf = (ossEndpoint, tablestoreEndpoint) =>
        ossBackendConfig({ oss: ossServers.oss, ossEndpoint, tablestoreEndpoint, bucket, prefix, lockMode: mode, table });
      const config = configOf(ossServers.oss.endpoint, ossServers.tablestore.endpoint);
      const tasks = {
        'provider push': { side: 'provider', operation: 'push', config, file, expectedBytes },
        'raw put': { side: 'raw', operation: 'push', oss: ossServers.oss, bucket, key: `${key}.raw-copy`, file, expectedBytes },
        'provider pull': { side: 'provider', operation: 'pull', config, expectedBytes },
        'raw get': { side: 'raw', operation: 'pull', oss: ossServers.oss, bucket, key, expectedBytes },
      };
      await runNodeWorker(worker, tasks['provider push']); // the object both sides then read
      // One untimed push and pull through the counting proxies, to show which requests a transfer makes.
      const countedConfig = configOf(ossProxy.endpoint, tablestoreProxy.endpoint);
      for (const operation of ['push', 'pull']) {
        ossProxy.reset();
        tablestoreProxy.reset();
        await runNodeWorker(worker, { ...tasks[`provider ${operation}`], config: countedConfig });
        requestsByMode[mode] = {
          ...requestsByMode[mode],
          [`provider ${operation} (lock and unlock included)`]: arrivalOrder({ oss: ossProxy.snapshot(), ots: tablestoreProxy.snapshot() }),
        };
      }
      const groups = [
        ['provider push', 'raw put'],
        ['provider pull', 'raw get'],
      ];
      const samples = await measureInterleaved({ groups, runs, measure: (label) => runNodeWorker(worker, tasks[label]) });
      const idle = await runNodeWorker(worker, { side: 'provider', operation: 'idle', config });
      idleRssByMode[mode] = idle.maxRssBytes;
      const summaries = Object.fromEntries(Object.keys(tasks).map((label) => [label, { mode, operation: label, ...summariseTransferSamples(samples[label]) }]));
      rows.push(...Object.values(summaries));
      const what = mode === 'tablestore' ? ' (incl. digest GetRow/PutRow, MD5 and the HEAD check)' : '';
      goals.push(goal(`oss ${mode}: pull median / raw get median${what}`, summaries['provider pull'].medianMs / summaries['raw get'].medianMs, 1.15, 'x'));
      goals.push(goal(`oss ${mode}: push median / raw put median${what}`, summaries['provider push'].medianMs / summaries['raw put'].medianMs, 1.15, 'x'));
      goals.push(goal(`oss ${mode}: peak RSS of a pull process / state size`, (summaries['provider pull'].peakRssMiB * MiB) / expectedBytes, 2.5, 'x'));
      goals.push(goal(`oss ${mode}: peak RSS of a raw get process / state size (reference)`, (summaries['raw get'].peakRssMiB * MiB) / expectedBytes, undefined, 'x'));
      goals.push(goal(`oss ${mode}: peak RSS of an idle provider process (no transfer), MiB`, idle.maxRssBytes / MiB, undefined, 'MiB'));
      samplesByMode[mode] = samples;
    }
  } finally {
    await ossProxy?.stop();
    await tablestoreProxy?.stop();
    await ossServers.stop();
    await rm(directory, { recursive: true, force: true });
  }
  console.log('Requests of one provider push and pull (through the counting proxies):');
  for (const [mode, entries] of Object.entries(requestsByMode)) {
    for (const [label, sequence] of Object.entries(entries)) console.log(`  ${mode} ${label}: ${sequence.join(', ')}`);
  }
  printTable(transferTableTitle(title, stateBytes, runs), rows);
  await writeResult(name, { stateBytes, runs, rows, goals, requests: requestsByMode, idleRssBytes: idleRssByMode, samples: samplesByMode });
  return { goals };
}
