import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCountingProxy } from '../lib/counting-proxy.mjs';
import { measureInterleaved } from '../lib/interleaved-rounds.mjs';
import { runNodeWorker, runProcess } from '../lib/processes.mjs';
import { goal, printTable, writeResult } from '../lib/report.mjs';
import { renderBackendFile } from '../lib/terraform.mjs';
import { s3ProviderAvailable } from '../lib/s3-provider.mjs';
import { createBucket, createLockTable, offlineAwsEnvironment, rawDynamoClient, s3BackendConfig } from '../lib/aws-setup.mjs';
import { rawS3Client } from '../lib/raw-s3-client.mjs';
import { writeStateFile } from '../lib/state-file.mjs';
import { MiB, median } from '../lib/statistics.mjs';
import { summariseTransferSamples, transferTableTitle } from '../lib/transfer-samples.mjs';

export const name = 'state-transfer';
export const title = '100 MiB state pull and push: provider vs raw SDK GetObject/PutObject';
export const needsServers = true;

const stateBytes = 100 * MiB;
const runs = 7;
const bucket = 'bench-transfer';
const table = 'bench-transfer-locks';
const lockModes = ['lockfile', 'dynamodb'];
const worker = fileURLToPath(new URL('../workers/transfer-worker.mjs', import.meta.url));
const libraryFile = (file) => fileURLToPath(new URL(`../lib/${file}`, import.meta.url));

function tfstateBin() {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@x/cli/package.json')), 'bin', 'tfstate.mjs');
}

/**
 * Runs the real `tfstate` CLI in a fresh process and returns its wall time and peak RSS (printed
 * by report-peak-rss.mjs on exit).
 */
async function runCli(args, env) {
  const result = await runProcess(
    process.execPath,
    ['--no-warnings', '--import', libraryFile('report-peak-rss.mjs'), tfstateBin(), ...args],
    { env: { ...process.env, ...env } },
  );
  const peak = /BENCH_MAX_RSS_BYTES=(\d+)/.exec(result.stderr);
  return { ms: result.ms, wallMs: result.ms, maxRssBytes: peak ? Number(peak[1]) : Number.NaN };
}

export async function run({ servers }) {
  if (!(await s3ProviderAvailable())) throw new Error('@x/backend-s3 does not export createProviderFromConfig yet');
  const s3Client = rawS3Client(servers.s3);
  const dynamoClient = rawDynamoClient(servers.dynamodb);
  await createBucket(s3Client, bucket);
  await createLockTable(dynamoClient, table);
  s3Client.destroy();
  dynamoClient.destroy();
  const directory = await mkdtemp(join(tmpdir(), 'bench-transfer-'));
  const env = offlineAwsEnvironment(servers.s3);
  const s3 = {
    endpoint: servers.s3.endpoint,
    region: servers.s3.region,
    accessKeyId: servers.s3.accessKeyId,
    secretAccessKey: servers.s3.secretAccessKey,
  };
  const rows = [];
  const goals = [];
  const samplesByMode = {};
  const cliFailures = [];
  const requestsByMode = {};
  const idleRssByMode = {};
  const proxy = await startCountingProxy(servers.s3.endpoint);
  try {
    const file = join(directory, 'state.tfstate');
    const bytes = await writeStateFile(file, stateBytes);
    const expectedBytes = bytes.length;
    for (const mode of lockModes) {
      const key = `transfer/${mode}/terraform.tfstate`;
      const config = s3BackendConfig({ s3Server: servers.s3, dynamodbEndpoint: servers.dynamodb.endpoint, bucket, key, lockMode: mode, table });
      const tasks = {
        'provider push': { side: 'provider', operation: 'push', config, env, file, expectedBytes },
        'raw PutObject': { side: 'raw', operation: 'push', s3, bucket, key: `${key}.raw-copy`, file, expectedBytes },
        'provider pull': { side: 'provider', operation: 'pull', config, env, expectedBytes },
        'raw GetObject': { side: 'raw', operation: 'pull', s3, bucket, key, expectedBytes },
      };
      if (mode === 'lockfile') {
        // The provider's default sends x-amz-checksum-sha256 (skip_s3_checksum = false); compared
        // with a raw PutObject sending the same header, so the checksum's cost shows on both sides.
        tasks['provider push (SHA-256 checksum)'] = { ...tasks['provider push'], config: { ...config, skip_s3_checksum: false } };
        tasks['raw PutObject (SHA-256 checksum)'] = { ...tasks['raw PutObject'], checksum: 'sha256' };
      }
      const backendFile = join(directory, `${mode}.s3.tfbackend`);
      await writeFile(backendFile, renderBackendFile(config));
      const pulledFile = join(directory, 'pulled.tfstate');
      const cliTasks =
        mode === 'lockfile'
          ? {
              'tfstate state push --force (CLI)': () => runCli(['--backend', 's3', '-c', backendFile, 'state', 'push', '--force', file], env),
              'tfstate state pull -o (CLI)': () => runCli(['--backend', 's3', '-c', backendFile, 'state', 'pull', '-o', pulledFile], env),
            }
          : {};
      const measure = async (label) => {
        if (!(label in cliTasks)) return runNodeWorker(worker, tasks[label], { env });
        // A CLI failure is reported as such without throwing away the provider and raw numbers.
        try {
          return await cliTasks[label]();
        } catch (error) {
          cliFailures.push(`${label}: ${String(error.message).split('\n').slice(0, 4).join(' | ')}`);
          return undefined;
        }
      };
      await runNodeWorker(worker, tasks['provider push'], { env }); // the object both sides then read
      // One untimed push and pull through the counting proxy, to show which requests a transfer makes.
      const countedConfig = { ...config, endpoints: { ...config.endpoints, s3: proxy.endpoint } };
      for (const operation of ['push', 'pull']) {
        proxy.reset();
        await runNodeWorker(worker, { ...tasks[`provider ${operation}`], config: countedConfig }, { env });
        requestsByMode[mode] = { ...requestsByMode[mode], [`provider ${operation}`]: proxy.snapshot().byOperation };
      }
      const labels = [...Object.keys(tasks), ...Object.keys(cliTasks)];
      const checksumPushes = Object.keys(tasks).filter((label) => label.includes('checksum'));
      const groups = [
        ['provider push', 'raw PutObject', ...checksumPushes, ...Object.keys(cliTasks).filter((label) => label.includes('push'))],
        ['provider pull', 'raw GetObject', ...Object.keys(cliTasks).filter((label) => label.includes('pull'))],
      ];
      const samples = await measureInterleaved({ groups, runs, measure });
      if (mode === 'lockfile' && samples['tfstate state pull -o (CLI)'].length > 0) {
        const pulled = await readFile(pulledFile);
        if (Buffer.compare(pulled, bytes) !== 0) throw new Error('tfstate state pull wrote different bytes than were pushed');
      }
      // The fixed part of every peak RSS: a process that loads the provider and opens the backend, then transfers nothing.
      const idle = await runNodeWorker(worker, { side: 'provider', operation: 'idle', config, env }, { env });
      idleRssByMode[mode] = idle.maxRssBytes;
      const summarise = (label) => {
        const { runs: count, medianMs, minMs, peakRssMiB } = summariseTransferSamples(samples[label]);
        // Throughput and whole-process wall time (which the CLI rows are compared with) go among
        // the shared columns, where this table has always had them.
        const medianMiBps = expectedBytes / MiB / (medianMs / 1000);
        const medianProcessWallMs = median(samples[label].map((sample) => sample.wallMs));
        return { mode, operation: label, runs: count, medianMs, minMs, medianMiBps, peakRssMiB, medianProcessWallMs };
      };
      const summaries = Object.fromEntries(labels.filter((label) => samples[label].length > 0).map((label) => [label, summarise(label)]));
      rows.push(...Object.values(summaries));
      const pullRatio = summaries['provider pull'].medianMs / summaries['raw GetObject'].medianMs;
      const pushRatio = summaries['provider push'].medianMs / summaries['raw PutObject'].medianMs;
      goals.push(goal(`${mode}: pull median / raw GetObject median`, pullRatio, 1.15, 'x'));
      goals.push(goal(`${mode}: push median / raw PutObject median`, pushRatio, 1.15, 'x'));
      if (summaries['provider push (SHA-256 checksum)'] && summaries['raw PutObject (SHA-256 checksum)']) {
        const withChecksum = summaries['provider push (SHA-256 checksum)'].medianMs / summaries['raw PutObject (SHA-256 checksum)'].medianMs;
        goals.push(goal(`${mode}: push with SHA-256 checksum / raw PutObject with the same checksum`, withChecksum, 1.15, 'x'));
        const cost = summaries['provider push (SHA-256 checksum)'].medianMs / summaries['provider push'].medianMs;
        goals.push(goal(`${mode}: provider push with / without the SHA-256 checksum (its cost)`, cost, undefined, 'x'));
      }
      goals.push(goal(`${mode}: peak RSS of a pull process / state size`, (summaries['provider pull'].peakRssMiB * MiB) / expectedBytes, 2.5, 'x'));
      goals.push(goal(`${mode}: peak RSS of an idle provider process (no transfer), MiB`, idle.maxRssBytes / MiB, undefined, 'MiB'));
      goals.push(goal(`${mode}: peak RSS of a raw GetObject process / state size (reference)`, (summaries['raw GetObject'].peakRssMiB * MiB) / expectedBytes, undefined, 'x'));
      if (mode === 'lockfile' && summaries['tfstate state pull -o (CLI)'] && summaries['tfstate state push --force (CLI)']) {
        const cliPull = summaries['tfstate state pull -o (CLI)'];
        const cliPush = summaries['tfstate state push --force (CLI)'];
        goals.push(goal('lockfile: peak RSS of `tfstate state pull -o` / state size', (cliPull.peakRssMiB * MiB) / expectedBytes, 2.5, 'x'));
        goals.push(goal('lockfile: `tfstate state pull -o` process wall / raw GetObject process wall', cliPull.medianMs / summaries['raw GetObject'].medianProcessWallMs, undefined, 'x'));
        goals.push(goal('lockfile: `tfstate state push --force` process wall / raw PutObject process wall', cliPush.medianMs / summaries['raw PutObject'].medianProcessWallMs, undefined, 'x'));
        goals.push(goal('lockfile: peak RSS of `tfstate state push --force` / state size', (cliPush.peakRssMiB * MiB) / expectedBytes, undefined, 'x'));
      }
      samplesByMode[mode] = samples;
    }
  } finally {
    await proxy.stop();
    await rm(directory, { recursive: true, force: true });
  }
  console.log(`S3 requests of one provider push and pull (through the counting proxy): ${JSON.stringify(requestsByMode)}`);
  if (cliFailures.length > 0) {
    goals.push({ goal: `tfstate CLI pull/push runs (${cliFailures.length} failed)`, status: 'FAIL', note: cliFailures[0].slice(0, 160) });
  }
  printTable(transferTableTitle(title, stateBytes, runs), rows);
  await writeResult(name, { stateBytes, runs, rows, goals, cliFailures, requests: requestsByMode, idleRssBytes: idleRssByMode, samples: samplesByMode });
  return { goals };
}
