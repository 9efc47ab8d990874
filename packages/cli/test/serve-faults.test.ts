import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateLockId } from '@x/backend-core';
import { startFaultProxy, type FaultProxy } from '@x/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Bucket, hclText, requireServers, s3BackendSettings } from './helpers/remote-backends.js';
import { temporaryDirectory } from './helpers/run-tfstate.js';
import { terraformLockBody, terraformRequest } from './helpers/serve-client.js';
import { startServeProcess, type ServeProcess } from './helpers/serve-process.js';
import { stateFile } from './helpers/state-files.js';

let proxy: FaultProxy;
let server: ServeProcess;

/** `tfstate --backend s3 serve` on `bucket`, reaching S3 at `endpoint`. */
async function serveBucket(bucket: string, endpoint: string, lockfile: boolean): Promise<ServeProcess> {
  const cwd = await temporaryDirectory();
  const settings = s3BackendSettings({ bucket, endpoint, lock: lockfile ? { kind: 'lockfile' } : { kind: 'none' } });
  await writeFile(join(cwd, 'backend.hcl'), hclText([...settings, 'max_retries = 1']));
  return startServeProcess(['--backend', 's3', '-c', 'backend.hcl', 'serve', '--listen', '127.0.0.1:0'], { cwd });
}

beforeAll(async () => {
  const target = new URL(requireServers('s3').s3.endpoint);
  proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port) });
  server = await serveBucket(await createS3Bucket('serve'), proxy.endpoint, true);
});

afterAll(async () => {
  expect(await server?.stop()).toBe(0);
  await proxy?.stop();
});

function workspaceUrl(): string {
  return `${server.url}/ws-${randomBytes(4).toString('hex')}`;
}

const statePut = { method: 'PUT', path: /terraform\.tfstate$/ };

describe('tfstate serve in front of S3 on radosgw, through the fault proxy', () => {
  it('T16: a storage failure is a 503 with Retry-After, never a half-written state, and the retry succeeds', async () => {
    const url = workspaceUrl();
    const before = stateFile({ serial: 1 });
    expect((await terraformRequest('POST', url, { body: before })).status).toBe(200);

    const after = stateFile({ serial: 2, outputs: { blob: { value: 'z'.repeat(200_000), type: 'string' } } });
    proxy.setFaults({ resetProbability: 1, match: statePut });
    const failed = await terraformRequest('POST', url, { body: after });
    expect(failed.status).toBe(503);
    expect(failed.headers['retry-after']).toBe('1');
    proxy.setFaults({});
    expect((await terraformRequest('GET', url)).text).toBe(before);

    expect((await terraformRequest('POST', url, { body: after })).status).toBe(200);
    expect((await terraformRequest('GET', url)).text).toBe(after);
  });

  it('a write whose answer is lost is a 503, and the state is the old or the new bytes, whole', async () => {
    const url = workspaceUrl();
    const before = stateFile({ serial: 1 });
    expect((await terraformRequest('POST', url, { body: before })).status).toBe(200);
    const after = stateFile({ serial: 2 });
    proxy.setFaults({ dropResponses: 2, match: statePut });
    const answer = await terraformRequest('POST', url, { body: after });
    proxy.setFaults({});
    expect(answer.status).toBe(503);
    expect([before, after]).toContain((await terraformRequest('GET', url)).text);
  });

  it('a cut read is a 503, never a 200 with part of the state', async () => {
    const url = workspaceUrl();
    const state = stateFile({ serial: 3, outputs: { blob: { value: 'q'.repeat(100_000), type: 'string' } } });
    expect((await terraformRequest('POST', url, { body: state })).status).toBe(200);
    proxy.setFaults({ cutResponseAfterBytes: 1000, match: { method: 'GET', path: /terraform\.tfstate$/ } });
    const cut = await terraformRequest('GET', url);
    proxy.setFaults({});
    expect(cut.status).toBe(503);
    expect((await terraformRequest('GET', url)).text).toBe(state);
  });

  it('a LOCK whose storage answer was lost still ends with the lock held by its ID; a retried LOCK gets 200, others 423', async () => {
    const url = workspaceUrl();
    const holder = terraformLockBody(generateLockId());
    proxy.resetCounters();
    proxy.setFaults({ dropResponses: 2, match: { method: 'PUT', path: /\.tflock$/ } });
    const lost = await terraformRequest('LOCK', url, { body: holder });
    proxy.setFaults({});
    expect(proxy.counters().faults.droppedResponses).toBeGreaterThanOrEqual(1);
    // The provider may recognise its own lock on its retry (200), or give up (503, which clients retry).
    expect([200, 503]).toContain(lost.status);
    const retried = await terraformRequest('LOCK', url, { body: holder });
    expect(retried.status).toBe(200);
    expect(await terraformRequest('LOCK', url, { body: terraformLockBody(generateLockId()) })).toMatchObject({ status: 423, text: holder });
    expect((await terraformRequest('UNLOCK', url, { body: holder })).status).toBe(200);
  });

  it('reports an unreachable store on /healthz with 503', async () => {
    expect((await terraformRequest('GET', `${server.url}/healthz`)).status).toBe(200);
    proxy.setFaults({ resetProbability: 1 });
    // The server reuses a health answer for a second, so poll until the outage shows.
    let down = await terraformRequest('GET', `${server.url}/healthz`);
    for (let attempt = 0; down.status === 200 && attempt < 50; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      down = await terraformRequest('GET', `${server.url}/healthz`);
    }
    proxy.setFaults({});
    expect(down.status).toBe(503);
    expect(JSON.parse(down.text)).toEqual({ status: 'unavailable' });
  });

  it('lists versions and serves the bytes of an earlier one (versioned bucket)', async () => {
    const versioned = await serveBucket(await createS3Bucket('serve', { versioned: true }), requireServers('s3').s3.endpoint, false);
    const url = `${versioned.url}/history`;
    const first = stateFile({ serial: 1 });
    const second = stateFile({ serial: 2 });
    expect((await terraformRequest('POST', url, { body: first })).status).toBe(200);
    expect((await terraformRequest('POST', url, { body: second })).status).toBe(200);
    const listed = await terraformRequest('GET', `${url}/versions`);
    expect(listed.status).toBe(200);
    const versions = JSON.parse(listed.text) as Array<{ id: string; size: number; latest: boolean; deleteMarker: boolean; lastModified: string }>;
    expect(versions).toHaveLength(2);
    expect(versions[0]).toMatchObject({ latest: true, size: Buffer.byteLength(second), deleteMarker: false });
    const older = await terraformRequest('GET', `${url}/versions/${encodeURIComponent(versions[1]!.id)}`);
    expect(older.status).toBe(200);
    expect(older.text).toBe(first);
    const unknown = await terraformRequest('GET', `${url}/versions/no-such-version`);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toHaveProperty('error');
    expect(await versioned.stop()).toBe(0);
  });

  it('leaves the locks clients hold in the store when it shuts down', async () => {
    const bucket = await createS3Bucket('serve');
    const first = await serveBucket(bucket, requireServers('s3').s3.endpoint, true);
    const holder = terraformLockBody(generateLockId());
    expect((await terraformRequest('LOCK', `${first.url}/app`, { body: holder })).status).toBe(200);
    expect(await first.stop('SIGTERM')).toBe(0);
    const second = await serveBucket(bucket, requireServers('s3').s3.endpoint, true);
    const refused = await terraformRequest('LOCK', `${second.url}/app`, { body: terraformLockBody(generateLockId()) });
    expect(refused.status).toBe(423);
    expect(JSON.parse(refused.text)).toMatchObject({ ID: JSON.parse(holder).ID });
    expect((await terraformRequest('UNLOCK', `${second.url}/app`, { body: holder })).status).toBe(200);
    expect(await second.stop()).toBe(0);
  });
});
