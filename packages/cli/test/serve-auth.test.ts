import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { generateLockId } from '@x/backend-core';
import { describe, expect, it } from 'vitest';
import { runTfstate, temporaryDirectory } from './helpers/run-tfstate.js';
import { makeTestCertificates } from './helpers/serve-certificates.js';
import { terraformLockBody, terraformRequest } from './helpers/serve-client.js';
import { serveRefusal, startServeProcess } from './helpers/serve-process.js';
import { runTerraform, writeHttpBackendConfig } from './helpers/serve-terraform.js';
import { terraform, terraformAvailable } from './helpers/terraform.js';
import { stateFile } from './helpers/state-files.js';

/** A bcrypt hash made by `tfstate serve hash-password` (cost 4 keeps the tests fast). */
async function hashPassword(cwd: string, password: string, user?: string): Promise<string> {
  const result = await runTfstate(['serve', 'hash-password', '--cost', '4', ...(user ? ['--user', user] : [])], { cwd, input: `${password}\n` });
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim();
}

const passwords = { admin: 'admin-secret-1', reader: 'reader-secret-2', dev: 'dev-secret-3' };

async function writeUsers(cwd: string): Promise<void> {
  const users = {
    users: [
      { name: 'admin', password: await hashPassword(cwd, passwords.admin) },
      { name: 'reader', password: await hashPassword(cwd, passwords.reader), workspaces: ['*'], access: 'read-only' },
      {
        name: 'dev',
        password: await hashPassword(cwd, passwords.dev),
        grants: [
          { workspaces: ['dev-*'], access: 'read-write' },
          { workspaces: ['shared'], access: 'read-only' },
        ],
      },
    ],
  };
  await writeFile(join(cwd, 'users.json'), JSON.stringify(users, null, 2));
}

describe('tfstate serve authentication and authorization', () => {
  it('hash-password prints a bcrypt hash or an htpasswd line and refuses an empty password', async () => {
    const cwd = await temporaryDirectory();
    const hash = await hashPassword(cwd, 'correct horse');
    expect(await bcrypt.compare('correct horse', hash)).toBe(true);
    expect(await bcrypt.compare('correct horse\n', hash)).toBe(false);
    const line = await hashPassword(cwd, 'pw', 'ci');
    expect(line).toMatch(/^ci:\$2b\$04\$/);
    const empty = await runTfstate(['serve', 'hash-password'], { cwd, input: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no password on stdin');
  });

  it('T14: 401 without credentials, 403 for wrong ones, on every method, and nothing changes', async () => {
    const cwd = await temporaryDirectory();
    await writeUsers(cwd);
    const server = await startServeProcess(['serve', '--listen', '127.0.0.1:0', '--auth-file', 'users.json', '--audit-log', 'audit.jsonl'], { cwd });
    const url = `${server.url}/prod`;
    const admin = `admin:${passwords.admin}`;
    const original = stateFile({ serial: 1 });
    expect((await terraformRequest('POST', url, { body: original, auth: admin })).status).toBe(200);

    const attempts: Array<[string, { body?: string; chunkedEmptyBody?: boolean }]> = [
      ['GET', {}],
      ['POST', { body: stateFile({ serial: 2 }) }],
      ['LOCK', { body: terraformLockBody(generateLockId()) }],
      ['UNLOCK', { chunkedEmptyBody: true }],
      ['DELETE', {}],
    ];
    for (const [method, options] of attempts) {
      const missing = await terraformRequest(method, url, options);
      expect(missing.status, `${method} without credentials`).toBe(401);
      expect(missing.headers['www-authenticate']).toMatch(/^Basic /);
      for (const auth of ['admin:wrong', 'admin:', 'nobody:admin-secret-1', `reader:${passwords.admin}`]) {
        expect((await terraformRequest(method, url, { ...options, auth })).status, `${method} as ${auth}`).toBe(403);
      }
      expect((await terraformRequest(method, url, { ...options, headers: { Authorization: 'Basic !!!' } })).status).toBe(403);
    }
    expect((await terraformRequest('GET', url, { auth: admin })).text).toBe(original);
    expect((await terraformRequest('GET', `${url}/lock`, { auth: admin })).status).toBe(404);

    // The dashboard and metrics need credentials too; the health check does not.
    expect((await terraformRequest('GET', `${server.url}/`)).status).toBe(401);
    expect((await terraformRequest('GET', `${server.url}/ui/api/workspaces`)).status).toBe(401);
    expect((await terraformRequest('GET', `${server.url}/metrics`)).status).toBe(401);
    expect((await terraformRequest('GET', `${server.url}/metrics`, { auth: admin })).status).toBe(200);
    expect((await terraformRequest('GET', `${server.url}/healthz`)).status).toBe(200);

    expect(await server.stop()).toBe(0);
    const log = server.stderr();
    for (const secret of [...Object.values(passwords), Buffer.from(admin).toString('base64'), 'authorization', 'Authorization']) {
      expect(log).not.toContain(secret);
    }
    const audit = (await readFile(join(cwd, 'audit.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(audit.filter((entry) => entry.action === 'denied' && entry.status === 401).length).toBeGreaterThanOrEqual(5);
    expect(audit.filter((entry) => entry.action === 'denied' && entry.status === 403).length).toBeGreaterThanOrEqual(20);
    expect(audit).toContainEqual(expect.objectContaining({ action: 'write', user: 'admin', workspace: 'prod', serial: 1, status: 200 }));
    expect(JSON.stringify(audit)).not.toContain('secret');
  });

  it('a read-only user reads but cannot write, lock, unlock or delete; a user outside its patterns gets 403', async () => {
    const cwd = await temporaryDirectory();
    await writeUsers(cwd);
    const server = await startServeProcess(['serve', '--listen', '127.0.0.1:0', '--auth-file', 'users.json'], { cwd });
    const admin = `admin:${passwords.admin}`;
    const reader = `reader:${passwords.reader}`;
    const dev = `dev:${passwords.dev}`;
    const prod = `${server.url}/prod`;
    const original = stateFile({ serial: 5 });
    expect((await terraformRequest('POST', prod, { body: original, auth: admin })).status).toBe(200);
    const holder = terraformLockBody(generateLockId());
    expect((await terraformRequest('LOCK', prod, { body: holder, auth: admin })).status).toBe(200);

    expect((await terraformRequest('GET', prod, { auth: reader })).text).toBe(original);
    expect((await terraformRequest('POST', prod, { body: stateFile({ serial: 6 }), auth: reader })).status).toBe(403);
    expect((await terraformRequest('LOCK', `${server.url}/other`, { body: terraformLockBody(generateLockId()), auth: reader })).status).toBe(403);
    expect((await terraformRequest('UNLOCK', prod, { chunkedEmptyBody: true, auth: reader })).status).toBe(403);
    expect((await terraformRequest('DELETE', `${prod}/lock`, { auth: reader })).status).toBe(403);
    expect((await terraformRequest('DELETE', prod, { auth: reader })).status).toBe(403);
    expect((await terraformRequest('GET', `${prod}/lock`, { auth: admin })).text).toBe(holder);
    expect((await terraformRequest('GET', prod, { auth: admin })).text).toBe(original);

    expect((await terraformRequest('GET', prod, { auth: dev })).status).toBe(403);
    expect((await terraformRequest('POST', `${server.url}/prod`, { body: stateFile(), auth: dev })).status).toBe(403);
    expect((await terraformRequest('POST', `${server.url}/dev-1`, { body: stateFile(), auth: dev })).status).toBe(200);
    const shared = stateFile({ serial: 8 });
    expect((await terraformRequest('POST', `${server.url}/shared`, { body: shared, auth: admin })).status).toBe(200);
    expect((await terraformRequest('GET', `${server.url}/shared`, { auth: dev })).status).toBe(200);
    expect((await terraformRequest('POST', `${server.url}/shared`, { body: stateFile({ serial: 9 }), auth: dev })).status).toBe(403);
    expect((await terraformRequest('GET', `${server.url}/shared`, { auth: admin })).text).toBe(shared);
    expect(await server.stop()).toBe(0);
  });

  it('reads htpasswd lines from TFSTATE_SERVE_AUTH and refuses plain-text passwords without echoing them', async () => {
    const cwd = await temporaryDirectory();
    const line = await hashPassword(cwd, 'from-env', 'ci');
    const server = await startServeProcess(['serve', '--listen', '127.0.0.1:0'], { cwd, env: { TFSTATE_SERVE_AUTH: `# accounts\n${line.replace('$2b$', '$2y$')}\n` } });
    expect((await terraformRequest('GET', `${server.url}/default`, { auth: 'ci:from-env' })).status).toBe(404);
    expect((await terraformRequest('GET', `${server.url}/default`, { auth: 'ci:wrong' })).status).toBe(403);
    expect(await server.stop()).toBe(0);

    await writeFile(join(cwd, 'plain.htpasswd'), 'ci:hunter2-plain\n');
    const refused = await serveRefusal(['serve', '--listen', '127.0.0.1:0', '--auth-file', 'plain.htpasswd'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('not a bcrypt hash');
    expect(refused.stderr).not.toContain('hunter2');
  });

  it('refuses to listen beyond loopback without authentication, and starts there with it', async () => {
    const cwd = await temporaryDirectory();
    const refused = await serveRefusal(['serve', '--listen', '0.0.0.0:0'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('without authentication');
    expect(refused.stderr).toContain('--auth-file');

    const line = await hashPassword(cwd, 'pw', 'ci');
    const server = await startServeProcess(['serve', '--listen', '0.0.0.0:0'], { cwd, env: { TFSTATE_SERVE_AUTH: line } });
    expect(server.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    const port = new URL(server.url).port;
    expect((await terraformRequest('GET', `http://127.0.0.1:${port}/default`)).status).toBe(401);
    expect(await server.stop()).toBe(0);
  });

  it.runIf(terraformAvailable())('terraform with username and password applies; a wrong password fails init with "invalid auth"', async () => {
    const stateDirectory = await temporaryDirectory();
    await writeUsers(stateDirectory);
    const server = await startServeProcess(['serve', '--listen', '127.0.0.1:0', '--auth-file', 'users.json'], { cwd: stateDirectory });
    const cwd = await temporaryDirectory();
    await writeHttpBackendConfig(cwd, `${server.url}/dev-app`, { username: 'dev', password: passwords.dev });
    await terraform(cwd, 'init', '-input=false');
    await terraform(cwd, 'apply', '-auto-approve', '-input=false');
    expect((await terraformRequest('GET', `${server.url}/dev-app`, { auth: `dev:${passwords.dev}` })).status).toBe(200);

    const wrong = await temporaryDirectory();
    await writeHttpBackendConfig(wrong, `${server.url}/dev-app`, { username: 'dev', password: 'nope' });
    const failed = await runTerraform(wrong, ['init', '-input=false']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('HTTP remote state endpoint invalid auth');
    expect(await server.stop()).toBe(0);
  });
});

describe('tfstate serve over TLS', () => {
  it('serves HTTPS with the given certificate and, with --tls-client-ca, only to clients with a certificate from that CA', async () => {
    const cwd = await temporaryDirectory();
    const certificates = await makeTestCertificates(cwd);
    const tlsArguments = ['--tls-cert', certificates.serverCertPath, '--tls-key', certificates.serverKeyPath];
    const plain = await startServeProcess(['serve', '--listen', '127.0.0.1:0', ...tlsArguments], { cwd });
    expect(plain.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect((await terraformRequest('POST', `${plain.url}/default`, { body: stateFile(), tls: { ca: certificates.ca } })).status).toBe(200);
    await expect(terraformRequest('GET', `${plain.url}/default`)).rejects.toThrow(/self[- ]signed|unable to verify|issuer/i);
    expect(await plain.stop()).toBe(0);

    const mutual = await startServeProcess(['serve', '--listen', '0.0.0.0:0', ...tlsArguments, '--tls-client-ca', certificates.caPath, '--audit-log', 'audit.jsonl'], { cwd });
    const url = `https://127.0.0.1:${new URL(mutual.url).port}/default`;
    const client = { ca: certificates.ca, cert: certificates.clientCert, key: certificates.clientKey };
    expect((await terraformRequest('GET', url, { tls: client })).status).toBe(200);
    expect((await terraformRequest('POST', url, { body: stateFile({ serial: 2 }), tls: client })).status).toBe(200);
    await expect(terraformRequest('GET', url, { tls: { ca: certificates.ca } })).rejects.toThrow();
    await expect(
      terraformRequest('POST', url, { body: stateFile({ serial: 3 }), tls: { ca: certificates.ca, cert: certificates.strangerCert, key: certificates.strangerKey } }),
    ).rejects.toThrow();
    expect(JSON.parse((await terraformRequest('GET', url, { tls: client })).text)).toMatchObject({ serial: 2 });
    expect(await mutual.stop()).toBe(0);
    const audit = (await readFile(join(cwd, 'audit.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(audit).toEqual([expect.objectContaining({ action: 'write', user: 'ci-runner', serial: 2, status: 200 })]);
  });

  it.runIf(terraformAvailable())('terraform applies over HTTPS with a client certificate', async () => {
    const stateDirectory = await temporaryDirectory();
    const certificates = await makeTestCertificates(stateDirectory);
    const server = await startServeProcess(
      ['serve', '--listen', '127.0.0.1:0', '--tls-cert', certificates.serverCertPath, '--tls-key', certificates.serverKeyPath, '--tls-client-ca', certificates.caPath],
      { cwd: stateDirectory },
    );
    const cwd = await temporaryDirectory();
    await writeHttpBackendConfig(cwd, `${server.url}/secure`, {
      client_ca_certificate_pem: certificates.ca,
      client_certificate_pem: certificates.clientCert,
      client_private_key_pem: certificates.clientKey,
    });
    await terraform(cwd, 'init', '-input=false');
    await terraform(cwd, 'apply', '-auto-approve', '-input=false');
    const pulled = await terraform(cwd, 'state', 'pull');
    expect(JSON.parse(pulled.stdout)).toMatchObject({ outputs: { value: { value: 'one' } } });
    expect(await server.stop()).toBe(0);
  });
});
