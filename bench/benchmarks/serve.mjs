import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createLockInfo, createStateBackend, encodeLockInfo } from '@x/backend-core';
import { createLocalProvider } from '@x/backend-local';
import { goal, printTable, writeResult } from '../lib/report.mjs';
import { makeStateBytes } from '../lib/state-file.mjs';
import { elapsedMs, median } from '../lib/statistics.mjs';

export const name = 'serve';
export const title = 'tfstate serve on the local backend: throughput, latency and overhead over the provider';
export const needsServers = false;

const tfstateBin = fileURLToPath(new URL('../../packages/cli/bin/tfstate.mjs', import.meta.url));
const stateBytes = 8 * 1024;
/** Seconds each autocannon run lasts. */
const loadSeconds = 10;
/** Concurrent connections for GET state; LOCK/UNLOCK cycles use one, since a second client would only get 423. */
const getConnections = 10;
const warmupRounds = 200;
const timedRounds = 2000;

/**
 * Starts the real `tfstate serve` (built CLI, plain node, request log off) on the local backend
 * in `directory`, in its own process so the load generator does not share its event loop.
 */
async function startServeProcess(directory) {
  const child = spawn(
    process.execPath,
    [tfstateBin, '--backend', 'local', '--chdir', directory, 'serve', '--listen', '127.0.0.1:0', '--log-format', 'none'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tfstate serve did not start within 30 s:\n${stderr}`)), 30_000);
    child.stderr.on('data', (chunk) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tfstate serve exited (${code}) before listening:\n${stderr}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** One HTTP request on a keep-alive agent; resolves with the status after the body is read. */
function send(agent, url, method, body) {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
    const outgoing = request(url, { method, agent, headers }, (response) => {
      response.on('data', () => {});
      response.on('end', () => resolve(response.statusCode));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function expectStatus(promise, expected, what) {
  const status = await promise;
  if (status !== expected) throw new Error(`${what} answered ${status}, expected ${expected}`);
}

function runAutocannon(options) {
  return autocannon({ ...options, duration: loadSeconds });
}

function loadRow(operation, connections, result) {
  const total = Object.values(result.statusCodeStats ?? {}).reduce((sum, entry) => sum + Number(entry.count), 0);
  return {
    operation,
    connections,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Times `calls` interleaved round by round, so drift in machine load hits every side alike. */
async function interleaved(calls, rounds) {
  const samples = Object.fromEntries(Object.keys(calls).map((key) => [key, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [key, call] of Object.entries(calls)) {
      const start = process.hrtime.bigint();
      await call();
      samples[key].push(elapsedMs(start));
    }
  }
  return samples;
}

function percentile(values, fraction) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

export async function run() {
  const served = await mkdtemp(join(tmpdir(), 'bench-serve-'));
  const direct = await mkdtemp(join(tmpdir(), 'bench-serve-direct-'));
  const bytes = makeStateBytes(stateBytes);
  await writeFile(join(served, 'terraform.tfstate'), bytes);
  const backend = createStateBackend(createLocalProvider({ directory: direct }));
  await backend.writeState('default', bytes);
  const server = await startServeProcess(served);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const stateUrl = `${server.url}/default`;
  const lockBody = encodeLockInfo(createLockInfo({ operation: 'OperationTypeApply', who: 'bench@serve' }));
  try {
    // Throughput and latency under load.
    const getLoad = await runAutocannon({ url: stateUrl, connections: getConnections });
    // autocannon 8 refuses methods outside RFC 7231 (LOCK, UNLOCK), so the load run takes the same
    // lock and unlock handlers through the GitLab-style `<address>/lock` route with POST and DELETE.
    // The per-call timings below use the real LOCK and UNLOCK methods.
    const lockLoad = await runAutocannon({
      url: `${stateUrl}/lock`,
      connections: 1,
      requests: [
        { method: 'POST', body: lockBody, headers: { 'content-type': 'application/json' } },
        { method: 'DELETE', body: lockBody, headers: { 'content-type': 'application/json' } },
      ],
    });
    const loadRows = [loadRow('GET state', getConnections, getLoad), loadRow('lock + unlock (POST/DELETE .../lock, alternating)', 1, lockLoad)];
    printTable(`autocannon, ${loadSeconds} s each, ${(bytes.length / 1024).toFixed(1)} KiB state`, loadRows);
    for (const row of loadRows) {
      if (row.non2xx > 0 || row.errors > 0) throw new Error(`${row.operation}: ${row.non2xx} non-2xx answers and ${row.errors} errors under load`);
    }

    // Per-call latency, one request at a time: serve over loopback vs the same call in-process.
    let directLockId;
    const calls = {
      serveGet: () => expectStatus(send(agent, stateUrl, 'GET'), 200, 'GET state'),
      directRead: async () => {
        if ((await backend.readState('default')) === undefined) throw new Error('the direct backend lost its state');
      },
      serveLock: () => expectStatus(send(agent, stateUrl, 'LOCK', lockBody), 200, 'LOCK'),
      serveUnlock: () => expectStatus(send(agent, stateUrl, 'UNLOCK', lockBody), 200, 'UNLOCK'),
      directLock: async () => {
        directLockId = await backend.lock('default', { Operation: 'OperationTypeApply', Who: 'bench@serve' });
      },
      directUnlock: () => backend.unlock('default', directLockId),
    };
    await interleaved(calls, warmupRounds);
    const samples = await interleaved(calls, timedRounds);
    const overheadRows = [
      ['GET state', 'serveGet', 'directRead', 'readState'],
      ['LOCK', 'serveLock', 'directLock', 'lock'],
      ['UNLOCK', 'serveUnlock', 'directUnlock', 'unlock'],
    ].map(([operation, viaServe, viaProvider, providerCall]) => ({
      operation,
      providerCall,
      serveP50Ms: median(samples[viaServe]),
      serveP99Ms: percentile(samples[viaServe], 0.99),
      directP50Ms: median(samples[viaProvider]),
      directP99Ms: percentile(samples[viaProvider], 0.99),
      overheadP50Ms: median(samples[viaServe]) - median(samples[viaProvider]),
    }));
    printTable(`Per call, sequential, ${timedRounds} interleaved rounds after ${warmupRounds} warm-up (serve = HTTP over loopback with keep-alive)`, overheadRows);

    const goals = [
      ...loadRows.flatMap((row) => [
        goal(`${row.operation}: requests per second (${row.connections} connection${row.connections === 1 ? '' : 's'})`, row.requestsPerSecond, undefined, 'req/s'),
        goal(`${row.operation}: p50 / p99 latency under load ${row.p50Ms} / ${row.p99Ms} ms`, row.p99Ms, undefined, 'ms'),
      ]),
      ...overheadRows.map((row) =>
        goal(`${row.operation}: serve p50 ${row.serveP50Ms.toFixed(3)} ms - ${row.providerCall}() p50 ${row.directP50Ms.toFixed(3)} ms`, row.overheadP50Ms, 1, 'ms'),
      ),
    ];
    await writeResult(name, { stateBytes: bytes.length, loadSeconds, loadRows, overheadRows, goals });
    return { goals };
  } finally {
    agent.destroy();
    await server.stop();
    await backend.close();
    await rm(served, { recursive: true, force: true });
    await rm(direct, { recursive: true, force: true });
  }
}
