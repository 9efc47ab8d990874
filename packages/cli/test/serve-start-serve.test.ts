import { createStateBackend, generateLockId, parseLockInfo } from '@x/backend-core';
import { createMemoryProvider, MemoryStore } from '@x/backend-core/memory';
import bcrypt from 'bcryptjs';
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startServe } from '../src/serve/start-serve.js';
import { terraformLockBody, terraformRequest } from './helpers/serve-client.js';
import { stateFile } from './helpers/state-files.js';

describe('startServe (the programmatic API)', () => {
  it('serves a backend on an ephemeral port, wires the dashboard, and close() stops it without closing the backend', async () => {
    const backend = createStateBackend(createMemoryProvider());
    const server = await startServe({ backend, listen: '127.0.0.1:0' });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const state = stateFile({ serial: 1 });
    expect((await terraformRequest('POST', `${server.url}/app`, { body: state })).status).toBe(200);
    expect(Buffer.from((await backend.readState('app'))!.bytes).toString('utf8')).toBe(state);

    const page = await terraformRequest('GET', `${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('app');

    await server.close();
    await expect(terraformRequest('GET', `${server.url}/app`)).rejects.toThrow(/ECONNREFUSED/);
    expect(await backend.listWorkspaces()).toEqual(['default', 'app']);
  });

  it('lists and reads versions where the provider keeps them', async () => {
    const backend = createStateBackend(createMemoryProvider());
    const server = await startServe({ backend, listen: '127.0.0.1:0' });
    const first = stateFile({ serial: 1 });
    const second = stateFile({ serial: 2 });
    await terraformRequest('POST', `${server.url}/app`, { body: first });
    await terraformRequest('POST', `${server.url}/app`, { body: second });
    const versions = JSON.parse((await terraformRequest('GET', `${server.url}/app/versions`)).text) as Array<{ id: string; latest: boolean }>;
    expect(versions.map((version) => version.latest)).toEqual([true, false]);
    expect((await terraformRequest('GET', `${server.url}/app/versions/${encodeURIComponent(versions[1]!.id)}`)).text).toBe(first);
    expect((await terraformRequest('GET', `${server.url}/app/versions/${encodeURIComponent(versions[0]!.id)}`)).text).toBe(second);
    await server.close();
  });

  it('two servers on one store exclude each other: the lock lives in the store, not in a server', async () => {
    const store = new MemoryStore();
    const left = await startServe({ backend: createStateBackend(createMemoryProvider({ store })), listen: '127.0.0.1:0' });
    const right = await startServe({ backend: createStateBackend(createMemoryProvider({ store })), listen: '127.0.0.1:0' });
    const id = generateLockId();
    expect((await terraformRequest('LOCK', `${left.url}/app`, { body: terraformLockBody(id) })).status).toBe(200);
    const refused = await terraformRequest('LOCK', `${right.url}/app`, { body: terraformLockBody(generateLockId()) });
    expect(refused.status).toBe(423);
    expect(parseLockInfo(refused.text)).toMatchObject({ ID: id, Operation: 'OperationTypeApply', Who: 'root@vm' });
    expect((await terraformRequest('POST', `${right.url}/app?ID=${id}`, { body: stateFile() })).status).toBe(200);
    expect((await terraformRequest('UNLOCK', `${right.url}/app`, { body: terraformLockBody(id) })).status).toBe(200);
    expect((await terraformRequest('LOCK', `${left.url}/app`, { body: terraformLockBody(generateLockId()) })).status).toBe(200);
    await Promise.all([left.close(), right.close()]);
  });

  it('refuses a non-loopback address without users and accepts one with them', async () => {
    const backend = createStateBackend(createMemoryProvider());
    await expect(startServe({ backend, listen: '0.0.0.0:0' })).rejects.toThrow(/without authentication/);
    const users = [{ name: 'ci', passwordHash: await bcrypt.hash('pw', 4), grants: [{ workspaces: ['*'], access: 'read-write' as const }] }];
    const server = await startServe({ backend, listen: '0.0.0.0:0', users });
    const url = `http://127.0.0.1:${server.port}/default`;
    expect((await terraformRequest('GET', url)).status).toBe(401);
    expect((await terraformRequest('GET', url, { auth: 'ci:pw' })).status).toBe(404);
    await server.close();
  });

  it('writes a text request log without credentials when asked', async () => {
    const users = [{ name: 'ci', passwordHash: await bcrypt.hash('s3cret-pw', 4), grants: [{ workspaces: ['*'], access: 'read-write' as const }] }];
    const stream = new PassThrough();
    let logged = '';
    stream.on('data', (chunk: Buffer) => (logged += chunk.toString('utf8')));
    const server = await startServe({ backend: createStateBackend(createMemoryProvider()), listen: '127.0.0.1:0', users, log: { stream, format: 'text' } });
    expect((await terraformRequest('POST', `${server.url}/app?ID=x`, { body: stateFile(), auth: 'ci:s3cret-pw' })).status).toBe(200);
    expect((await terraformRequest('GET', `${server.url}/app`, { auth: 'ci:wrong' })).status).toBe(403);
    await server.close();
    const lines = logged.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\S+Z 127\.0\.0\.1 ci POST \/app 200 \d+\.\dms$/);
    expect(lines[1]).toMatch(/^\S+Z 127\.0\.0\.1 - GET \/app 403 \d+\.\dms$/);
    expect(logged).not.toContain('s3cret');
    expect(logged).not.toContain(Buffer.from('ci:s3cret-pw').toString('base64'));
  });

  it('with allowWritesWithoutLockId accepts a write without ?ID= while locked, still not one with a foreign ID', async () => {
    const server = await startServe({ backend: createStateBackend(createMemoryProvider()), listen: '127.0.0.1:0', allowWritesWithoutLockId: true });
    const id = generateLockId();
    expect((await terraformRequest('LOCK', `${server.url}/app`, { body: terraformLockBody(id) })).status).toBe(200);
    const state = stateFile({ serial: 4 });
    expect((await terraformRequest('POST', `${server.url}/app`, { body: state })).status).toBe(200);
    expect((await terraformRequest('POST', `${server.url}/app?ID=${generateLockId()}`, { body: stateFile({ serial: 5 }) })).status).toBe(409);
    expect((await terraformRequest('GET', `${server.url}/app`)).text).toBe(state);
    await server.close();
  });

  it('answers 408 and closes a connection whose headers never complete', async () => {
    const server = await startServe({ backend: createStateBackend(createMemoryProvider()), listen: '127.0.0.1:0', timeouts: { headersMs: 500, requestMs: 1000 } });
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.write('GET /default HTTP/1.1\r\nHost: 127.0.0.1\r\n'));
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    await server.close();
  });
});
