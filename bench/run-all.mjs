/**
 * Runs the benchmarks named on the command line (all when none), sharing one radosgw and one
 * dynalite, then prints every goal with PASS, MISS or INFO. Misses are reported, not fatal:
 * the exit code is non-zero only when a benchmark itself fails to run.
 */
import * as coldStart from './benchmarks/cold-start.mjs';
import * as listWorkspaces from './benchmarks/list-workspaces.mjs';
import * as localCycle from './benchmarks/local-cycle.mjs';
import * as ossRequests from './benchmarks/oss-requests.mjs';
import * as ossTransfer from './benchmarks/oss-transfer.mjs';
import * as outputs from './benchmarks/outputs.mjs';
import * as requestsPerLockCycle from './benchmarks/requests-per-lock-cycle.mjs';
import * as serve from './benchmarks/serve.mjs';
import * as stateTransfer from './benchmarks/state-transfer.mjs';
import { cpus, loadavg } from 'node:os';
import { printTable, writeResult } from './lib/report.mjs';
import { startBenchServers } from './lib/start-servers.mjs';

const benchmarks = {
  requests: requestsPerLockCycle,
  transfer: stateTransfer,
  list: listWorkspaces,
  'cold-start': coldStart,
  local: localCycle,
  outputs,
  'oss-requests': ossRequests,
  'oss-transfer': ossTransfer,
  serve,
};

const requested = process.argv.slice(2);
const unknown = requested.filter((entry) => !(entry in benchmarks));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Choose from: ${Object.keys(benchmarks).join(', ')}.`);
  process.exit(2);
}
const selected = (requested.length > 0 ? requested : Object.keys(benchmarks)).map((key) => [key, benchmarks[key]]);

const loadAtStart = loadavg();
console.log(`Machine: ${cpus().length} cores, load average ${loadAtStart.map((value) => value.toFixed(2)).join(' ')}`);
let servers;
const summary = [];
try {
  if (selected.some(([, benchmark]) => benchmark.needsServers)) {
    console.log('Starting radosgw and dynalite ...');
    servers = await startBenchServers();
    console.log(`radosgw at ${servers.s3.endpoint}, dynalite at ${servers.dynamodb.endpoint}`);
  }
  for (const [key, benchmark] of selected) {
    console.log(`\n=== ${benchmark.title} (${key}) ===`);
    try {
      const { goals } = await benchmark.run({ servers });
      for (const entry of goals) summary.push({ benchmark: key, ...entry });
    } catch (error) {
      console.error(`benchmark ${key} failed: ${error.stack ?? error}`);
      summary.push({ benchmark: key, goal: 'benchmark ran', status: 'FAIL', note: String(error.message ?? error).split('\n')[0].slice(0, 160) });
    }
  }
} finally {
  await servers?.stop();
}

printTable(
  'Summary against the DESIGN.md targets',
  summary.map(({ benchmark, goal, measured, limit, unit, status, note }) => ({
    status,
    benchmark,
    goal,
    measured: measured === undefined ? '-' : measured,
    limit: limit === undefined ? '' : `<= ${limit}`,
    unit: unit ?? '',
    note: note ?? '',
  })),
);
const count = (status) => summary.filter((entry) => entry.status === status).length;
console.log(`\n${count('PASS')} PASS, ${count('MISS')} MISS, ${count('INFO')} INFO, ${count('FAIL')} FAIL (a benchmark or part of one could not run)`);
if (count('MISS') > 0) {
  console.log('MISSED GOALS:');
  for (const entry of summary.filter((item) => item.status === 'MISS')) console.log(`  MISS ${entry.benchmark}: ${entry.goal} = ${entry.measured ?? '-'} (limit ${entry.limit})`);
}
const loadAtEnd = loadavg();
console.log(`Load average at the end: ${loadAtEnd.map((value) => value.toFixed(2)).join(' ')} (other work on the machine makes timings noisy)`);
await writeResult('summary', { cores: cpus().length, loadAtStart, loadAtEnd, summary });
process.exitCode = count('FAIL') > 0 ? 1 : 0;
