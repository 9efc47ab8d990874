import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { generateLockId } from '@x/backend-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terraformLockBody, terraformRequest, tofuForceUnlockBody } from './helpers/serve-client.js';
import { startServeProcess, type ServeProcess } from './helpers/serve-process.js';
import { stateFile } from './helpers/state-files.js';

let directory: string;
let server: ServeProcess;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tfstate-serve-'));
  server = await startServeProcess(['serve', '--listen', '127.0.0.1:0', '--max-body', '6MiB', '--audit-log', 'audit.jsonl'], { cwd: directory });
});

afterAll(async () => {
  expect(await server.stop()).toBe(0);
  await rm(directory, { recursive: true, force: true });
});

/** A workspace of its own per test, so the tests share the server but not state or locks. */
function workspaceUrl(): string {
  return `${server.url}/ws-${randomBytes(4).toString('hex')}`;
}

const md5 = (bytes: string | Uint8Array) => createHash('md5').update(bytes).digest('base64');

describe('tfstate serve speaks the http backend protocol (spec section 11)', () => {
  it('T1: answers 404 with an empty body for a workspace without state', async () => {
    const answer = await terraformRequest('GET', workspaceUrl());
    expect(answer.status).toBe(404);
    expect(answer.body.length).toBe(0);
  });

  it('T2: stores a Terraform state, a 5 MB state and an encrypted OpenTofu envelope byte for byte', async () => {
    const url = workspaceUrl();
    const states = [
      stateFile({ serial: 3 }),
      stateFile({ serial: 4, outputs: { blob: { value: 'x'.repeat(5 * 1024 * 1024), type: 'string' } } }),
      '{"meta":{"key_provider.pbkdf2.main":"eyJzYWx0Ijoi"},"encrypted_data":"bm90IHJlYWxseSBlbmNyeXB0ZWQ=","encryption_version":"v0"}',
    ];
    for (const state of states) {
      expect((await terraformRequest('POST', url, { body: state })).status).toBe(200);
      const read = await terraformRequest('GET', url);
      expect(read.status).toBe(200);
      expect(read.body.equals(Buffer.from(state))).toBe(true);
      expect(read.headers['content-md5']).toBe(md5(state));
      expect(read.headers['content-type']).toBe('application/json');
    }
  });

  it('T3: accepts PUT and PATCH writes and refuses a body that does not match its Content-MD5', async () => {
    const url = workspaceUrl();
    const put = stateFile({ serial: 1 });
    expect((await terraformRequest('PUT', url, { body: put })).status).toBe(200);
    const patch = stateFile({ serial: 2 });
    expect((await terraformRequest('PATCH', url, { body: patch })).status).toBe(200);
    expect((await terraformRequest('GET', url)).text).toBe(patch);

    const damaged = await terraformRequest('POST', url, { body: stateFile({ serial: 3 }), headers: { 'Content-MD5': md5('something else') } });
    expect(damaged.status).toBe(400);
    const malformed = await terraformRequest('POST', url, { body: stateFile({ serial: 3 }), headers: { 'Content-MD5': 'not-base64!' } });
    expect(malformed.status).toBe(400);
    expect((await terraformRequest('GET', url)).text).toBe(patch);
  });

  it('T4: ignores other query parameters, so ?ID=<id>&foo=bar reaches the state of ?foo=bar', async () => {
    const url = workspaceUrl();
    const state = stateFile({ serial: 9 });
    expect((await terraformRequest('POST', `${url}?ID=${generateLockId()}&foo=bar`, { body: state })).status).toBe(200);
    expect((await terraformRequest('GET', `${url}?foo=bar`)).text).toBe(state);
  });

  it('T5/T6: LOCK takes the lock, a second ID gets 423 with the first LOCK body byte for byte, the same ID gets 200', async () => {
    const url = workspaceUrl();
    const holder = terraformLockBody(generateLockId());
    expect((await terraformRequest('LOCK', url, { body: holder })).status).toBe(200);
    const refused = await terraformRequest('LOCK', url, { body: terraformLockBody(generateLockId(), 'OperationTypePlan') });
    expect(refused.status).toBe(423);
    expect(refused.text).toBe(holder);
    expect((await terraformRequest('LOCK', url, { body: holder })).status).toBe(200);
    const status = await terraformRequest('GET', `${url}/lock`);
    expect(status).toMatchObject({ status: 200, text: holder });
  });

  it('T7: a write while locked needs the holder ID; an ID with nothing locked is accepted', async () => {
    const url = workspaceUrl();
    const id = generateLockId();
    const holder = terraformLockBody(id);
    expect((await terraformRequest('LOCK', url, { body: holder })).status).toBe(200);
    const first = stateFile({ serial: 1 });
    expect((await terraformRequest('POST', `${url}?ID=${id}`, { body: first })).status).toBe(200);
    const foreign = await terraformRequest('POST', `${url}?ID=${generateLockId()}`, { body: stateFile({ serial: 2 }) });
    expect(foreign.status).toBe(409);
    expect(foreign.text).toBe(holder);
    expect((await terraformRequest('POST', url, { body: stateFile({ serial: 2 }) })).status).toBe(409);
    expect((await terraformRequest('GET', url)).text).toBe(first);

    expect((await terraformRequest('UNLOCK', url, { body: holder })).status).toBe(200);
    const afterUnlock = stateFile({ serial: 2 });
    expect((await terraformRequest('POST', `${url}?ID=${id}`, { body: afterUnlock })).status).toBe(200);
    expect((await terraformRequest('GET', url)).text).toBe(afterUnlock);
  });

  it('T8/T9: UNLOCK with the holder body releases; a mismatching ID gets 409 with the holder and the lock stays', async () => {
    const url = workspaceUrl();
    const holder = terraformLockBody(generateLockId());
    expect((await terraformRequest('LOCK', url, { body: holder })).status).toBe(200);
    const mismatch = await terraformRequest('UNLOCK', url, { body: terraformLockBody(generateLockId()) });
    expect(mismatch.status).toBe(409);
    expect(mismatch.text).toBe(holder);
    expect((await terraformRequest('LOCK', url, { body: terraformLockBody(generateLockId()) })).status).toBe(423);

    expect((await terraformRequest('UNLOCK', url, { body: holder })).status).toBe(200);
    expect((await terraformRequest('LOCK', url, { body: terraformLockBody(generateLockId()) })).status).toBe(200);
  });

  it("T10: Terraform's force-unlock (chunked empty body with the MD5 of nothing) clears any lock", async () => {
    const url = workspaceUrl();
    expect((await terraformRequest('LOCK', url, { body: terraformLockBody(generateLockId()) })).status).toBe(200);
    const forced = await terraformRequest('UNLOCK', url, { chunkedEmptyBody: true });
    expect(forced.status).toBe(200);
    expect((await terraformRequest('GET', `${url}/lock`)).status).toBe(404);
    expect((await terraformRequest('LOCK', url, { body: terraformLockBody(generateLockId()) })).status).toBe(200);
  });

  it("T11: OpenTofu's force-unlock body releases with the holder ID and gets 409 with another", async () => {
    const url = workspaceUrl();
    const id = generateLockId();
    const holder = terraformLockBody(id);
    expect((await terraformRequest('LOCK', url, { body: holder })).status).toBe(200);
    const wrong = await terraformRequest('UNLOCK', url, { body: tofuForceUnlockBody(generateLockId()) });
    expect(wrong).toMatchObject({ status: 409, text: holder });
    expect((await terraformRequest('UNLOCK', url, { body: tofuForceUnlockBody(id) })).status).toBe(200);
    expect((await terraformRequest('GET', `${url}/lock`)).status).toBe(404);
  });

  it('T12: UNLOCK with nothing locked answers 200, so a retried UNLOCK succeeds', async () => {
    const url = workspaceUrl();
    expect((await terraformRequest('UNLOCK', url, { body: terraformLockBody(generateLockId()) })).status).toBe(200);
    expect((await terraformRequest('UNLOCK', url, { chunkedEmptyBody: true })).status).toBe(200);
  });

  it('T13: DELETE removes the state (409 while someone holds the lock); default keeps existing as a workspace', async () => {
    const url = workspaceUrl();
    expect((await terraformRequest('POST', url, { body: stateFile() })).status).toBe(200);
    const holder = terraformLockBody(generateLockId());
    expect((await terraformRequest('LOCK', url, { body: holder })).status).toBe(200);
    expect(await terraformRequest('DELETE', url)).toMatchObject({ status: 409, text: holder });
    expect((await terraformRequest('GET', url)).status).toBe(200);
    expect((await terraformRequest('UNLOCK', url, { body: holder })).status).toBe(200);
    expect((await terraformRequest('DELETE', url)).status).toBe(200);
    expect((await terraformRequest('GET', url)).status).toBe(404);

    const defaultUrl = `${server.url}/default`;
    expect((await terraformRequest('POST', defaultUrl, { body: stateFile() })).status).toBe(200);
    expect((await terraformRequest('DELETE', defaultUrl)).status).toBe(200);
    expect((await terraformRequest('GET', defaultUrl)).status).toBe(404);
  });

  it('T15: of 20 parallel LOCKs with distinct IDs exactly one wins, the others get 423 with its body', async () => {
    const url = workspaceUrl();
    const bodies = Array.from({ length: 20 }, () => terraformLockBody(generateLockId()));
    const answers = await Promise.all(bodies.map((body) => terraformRequest('LOCK', url, { body })));
    const winners = answers.flatMap((answer, index) => (answer.status === 200 ? [bodies[index]] : []));
    expect(winners).toHaveLength(1);
    const losers = answers.filter((answer) => answer.status !== 200);
    expect(losers.map((answer) => answer.status)).toEqual(Array(19).fill(423));
    for (const loser of losers) expect(loser.text).toBe(winners[0]);
  });

  it('T17: a LOCK body that is not JSON or has no ID is a 400, never a 423', async () => {
    const url = workspaceUrl();
    expect((await terraformRequest('LOCK', url, { body: 'not json' })).status).toBe(400);
    expect((await terraformRequest('LOCK', url, { body: '{"Operation":"OperationTypeApply"}' })).status).toBe(400);
    expect((await terraformRequest('LOCK', url, { body: '{}' })).status).toBe(400);
    expect((await terraformRequest('LOCK', url, { body: '{"ID":"x","Created":"yesterday"}' })).status).toBe(400);
    expect((await terraformRequest('UNLOCK', url, { body: 'not json' })).status).toBe(400);
    expect((await terraformRequest('GET', `${url}/lock`)).status).toBe(404);
  });

  it.each([
    { lockMethod: 'PUT', unlockMethod: 'DELETE' },
    { lockMethod: 'POST', unlockMethod: 'DELETE' },
  ])('T18: a separate /lock address with lock_method=$lockMethod and unlock_method=$unlockMethod', async ({ lockMethod, unlockMethod }) => {
    const url = workspaceUrl();
    const lockUrl = `${url}/lock`;
    const id = generateLockId();
    const holder = terraformLockBody(id);
    expect((await terraformRequest(lockMethod, lockUrl, { body: holder })).status).toBe(200);
    expect((await terraformRequest(lockMethod, lockUrl, { body: holder })).status).toBe(200);
    expect(await terraformRequest(lockMethod, lockUrl, { body: terraformLockBody(generateLockId()) })).toMatchObject({ status: 423, text: holder });
    expect((await terraformRequest('POST', url, { body: stateFile() })).status).toBe(409);
    expect((await terraformRequest('POST', `${url}?ID=${id}`, { body: stateFile() })).status).toBe(200);
    expect(await terraformRequest(unlockMethod, lockUrl, { body: terraformLockBody(generateLockId()) })).toMatchObject({ status: 409, text: holder });
    expect((await terraformRequest(unlockMethod, lockUrl, { body: holder })).status).toBe(200);
    expect((await terraformRequest(unlockMethod, lockUrl, { body: holder })).status).toBe(200);
    expect((await terraformRequest(lockMethod, lockUrl, { body: terraformLockBody(generateLockId()) })).status).toBe(200);
    expect((await terraformRequest(unlockMethod, lockUrl, { chunkedEmptyBody: true })).status).toBe(200);
    expect((await terraformRequest('GET', lockUrl)).status).toBe(404);
  });
});

describe('tfstate serve limits and extras', () => {
  it('refuses a body over --max-body with 413 and keeps the stored state', async () => {
    const url = workspaceUrl();
    const small = stateFile({ serial: 1 });
    expect((await terraformRequest('POST', url, { body: small })).status).toBe(200);
    const huge = stateFile({ serial: 2, outputs: { blob: { value: 'y'.repeat(7 * 1024 * 1024), type: 'string' } } });
    expect((await terraformRequest('POST', url, { body: huge })).status).toBe(413);
    expect((await terraformRequest('GET', url)).text).toBe(small);
  });

  it('refuses an empty write, an invalid workspace name and unknown methods or paths', async () => {
    const url = workspaceUrl();
    expect((await terraformRequest('POST', url, { body: '' })).status).toBe(400);
    expect((await terraformRequest('GET', `${server.url}/bad%20name`)).status).toBe(400);
    const options = await terraformRequest('OPTIONS', url);
    expect(options.status).toBe(405);
    expect(options.headers.allow).toContain('LOCK');
    expect((await terraformRequest('GET', `${url}/unknown/path`)).status).toBe(404);
  });

  it('answers versions requests with a JSON 501 on a store without versions', async () => {
    const url = workspaceUrl();
    expect((await terraformRequest('POST', url, { body: stateFile() })).status).toBe(200);
    for (const path of ['/versions', '/versions/some-id']) {
      const answer = await terraformRequest('GET', `${url}${path}`);
      expect(answer.status).toBe(501);
      expect(answer.headers['content-type']).toBe('application/json');
      expect(JSON.parse(answer.text)).toMatchObject({ error: expect.stringContaining('versions') });
    }
  });

  it('reports health, Prometheus metrics and JSON request logs', async () => {
    const health = await terraformRequest('GET', `${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: 'ok' });

    const url = workspaceUrl();
    expect((await terraformRequest('LOCK', url, { body: terraformLockBody(generateLockId()) })).status).toBe(200);
    expect((await terraformRequest('LOCK', url, { body: terraformLockBody(generateLockId()) })).status).toBe(423);
    const metrics = await terraformRequest('GET', `${server.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/tfstate_serve_requests_total\{method="LOCK",route="\/\{workspace\}",status="423"\} [1-9]/);
    expect(metrics.text).toMatch(/tfstate_serve_lock_conflicts_total [1-9]/);
    expect(metrics.text).toContain('tfstate_serve_request_duration_seconds_bucket');
    expect(metrics.text).toMatch(/tfstate_serve_received_bytes_total [1-9]/);
    expect(metrics.text).toMatch(/tfstate_serve_sent_bytes_total [1-9]/);
    expect(metrics.text).not.toContain(new URL(url).pathname.slice(1));

    const lines = server
      .stderr()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ method: 'LOCK', path: new URL(url).pathname, status: 423, route: '/{workspace}' }));
  });

  it('appends an audit line per state change and lock operation', async () => {
    const url = workspaceUrl();
    const workspace = new URL(url).pathname.slice(1);
    const id = generateLockId();
    expect((await terraformRequest('LOCK', url, { body: terraformLockBody(id) })).status).toBe(200);
    expect((await terraformRequest('POST', `${url}?ID=${id}`, { body: stateFile({ serial: 42 }) })).status).toBe(200);
    expect((await terraformRequest('UNLOCK', url, { chunkedEmptyBody: true })).status).toBe(200);
    expect((await terraformRequest('GET', url)).status).toBe(200);
    const entries = (await readFile(join(directory, 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.workspace === workspace);
    expect(entries).toEqual([
      expect.objectContaining({ action: 'lock', lockId: id, status: 200, remoteAddress: '127.0.0.1' }),
      expect.objectContaining({ action: 'write', lockId: id, serial: 42, status: 200 }),
      expect.objectContaining({ action: 'force-unlock', lockId: id, status: 200 }),
    ]);
    for (const entry of entries) expect(typeof entry.time).toBe('string');
  });
});
