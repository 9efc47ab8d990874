/// <reference lib="dom" />
// (The page callbacks below run in Chromium.)
import { createStateBackend, type StateBackend } from '@x/backend-core';
import { createLocalProvider } from '@x/backend-local';
import { createProviderFromConfig } from '@x/backend-s3';
import { ensureChromium } from '@x/test-servers';
import bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeHandle } from '../src/serve/start-serve.js';
import { holdLock } from './helpers/lock-holder.js';
import { createS3Bucket, requireServers } from './helpers/remote-backends.js';
import { temporaryDirectory } from './helpers/run-tfstate.js';
import { managedResource, stateFile } from './helpers/state-files.js';

const outputDirectory = fileURLToPath(new URL('../test-output/', import.meta.url));
const sampleState = fileURLToPath(new URL('../../../tooling/demo/sample.tfstate', import.meta.url));
/** The sensitive output value in tooling/demo/sample.tfstate. */
const sampleSecret = 's3cr3t-demo-only';

const chromiumArguments = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser: BrowserContext;
let userDataDirectory: string;

beforeAll(async () => {
  const executablePath = await ensureChromium();
  userDataDirectory = await mkdtemp(join(tmpdir(), 'tfstate-chromium-'));
  browser = await chromium.launchPersistentContext(userDataDirectory, {
    executablePath,
    headless: true,
    args: chromiumArguments,
    viewport: { width: 1280, height: 800 },
  });
  await mkdir(outputDirectory, { recursive: true });
}, 900_000);

afterAll(async () => {
  await browser?.close();
  if (userDataDirectory) await rm(userDataDirectory, { recursive: true, force: true });
});

const openServers: ServeHandle[] = [];
const openBackends: StateBackend[] = [];
const openPages: Page[] = [];

afterEach(async () => {
  await Promise.all(openPages.splice(0).map((page) => page.close()));
  await Promise.all(openServers.splice(0).map((server) => server.close()));
  await Promise.all(openBackends.splice(0).map((backend) => backend.close()));
});

/** A browser tab that sends `user`'s Basic credentials with every request (none when undefined). */
async function newPage(user?: { name: string; password: string }): Promise<Page> {
  const page = await browser.newPage();
  openPages.push(page);
  if (user) await page.setExtraHTTPHeaders({ Authorization: basicAuthorization(user.name, user.password) });
  return page;
}

function basicAuthorization(name: string, password: string): string {
  return `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;
}

async function serve(backend: StateBackend, users?: Parameters<typeof startServe>[0]['users']): Promise<ServeHandle> {
  openBackends.push(backend);
  const handle = await startServe({ backend, listen: '127.0.0.1:0', ...(users ? { users } : {}) });
  openServers.push(handle);
  return handle;
}

/** The text of every cell of a table's body rows. */
function tableRows(page: Page, selector: string): Promise<string[][]> {
  return page.locator(`${selector} tbody tr`).evaluateAll((rows) =>
    rows.map((row) => Array.from(row.querySelectorAll('td'), (cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim())),
  );
}

async function screenshot(page: Page, name: string): Promise<void> {
  const path = join(outputDirectory, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  console.log(`dashboard screenshot: ${path}`);
}

describe('tfstate serve dashboard on the local backend', () => {
  it('lists readable workspaces with serial, lineage, size, change time and lock, never showing sensitive values', async () => {
    const directory = await temporaryDirectory();
    const backend = createStateBackend(createLocalProvider({ directory }));
    const prodSecret = `prod-token-${randomBytes(8).toString('hex')}`;
    const prodLineage = '0f3c5a9e-1111-4a2b-9c3d-123456789abc';
    await backend.writeState('default', await readFile(sampleState));
    await backend.writeState(
      'prod',
      Buffer.from(
        stateFile({
          serial: 41,
          lineage: prodLineage,
          outputs: {
            api_token: { value: prodSecret, type: 'string', sensitive: true },
            endpoint: { value: 'https://prod.example', type: 'string' },
          },
          resources: [managedResource],
        }),
      ),
    );
    await backend.writeState(
      'staging',
      Buffer.from(
        stateFile({
          serial: 3,
          outputs: { '<img src=x onerror=alert(1)>': { value: '<script>alert("x")</script>', type: 'string' } },
        }),
      ),
    );
    await backend.writeState('team&ops', Buffer.from(stateFile({ serial: 9 })));
    const holder = await holdLock(directory, 'prod');

    const alice = { name: 'alice', password: `alice-${randomBytes(6).toString('hex')}` };
    const bob = { name: 'bob', password: `bob-${randomBytes(6).toString('hex')}` };
    const server = await serve(backend, [
      { name: alice.name, passwordHash: bcrypt.hashSync(alice.password, 4), grants: [{ workspaces: ['*'], access: 'read-only' }] },
      { name: bob.name, passwordHash: bcrypt.hashSync(bob.password, 4), grants: [{ workspaces: ['staging'], access: 'read-only' }] },
    ]);

    // Without credentials the browser gets the 401 challenge and no page.
    const anonymous = await newPage();
    const statuses: number[] = [];
    anonymous.on('response', (response) => statuses.push(response.status()));
    await expect(anonymous.goto(`${server.url}/`)).rejects.toThrow(/ERR_INVALID_AUTH_CREDENTIALS/);
    expect(statuses).toEqual([401]);
    const challenge = await fetch(`${server.url}/`);
    expect(challenge.status).toBe(401);
    expect(challenge.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect((await fetch(`${server.url}/`, { headers: { Authorization: basicAuthorization('alice', 'wrong') } })).status).toBe(401);

    const page = await newPage(alice);
    const overview = await page.goto(`${server.url}/`);
    expect(overview?.status()).toBe(200);
    const headers = overview?.headers() ?? {};
    expect(headers['content-security-policy']).toContain("default-src 'none'");
    expect(headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(await page.locator('header.top .user').textContent()).toBe('signed in as alice');

    const rows = await tableRows(page, '#workspaces');
    expect(rows.map((row) => row[0])).toEqual(['default', 'prod', 'staging', 'team&ops']);
    expect(rows[0]?.slice(1, 4)).toEqual(['2', 'a7a16428-cad5-2e80-f9b7-f5ed1b88164a', '2.1 KiB']);
    expect(rows[0]?.[4]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \([\dms ]+ ago\)$/);
    expect(rows[0]?.[5]).toBe('free');
    expect(rows[1]?.slice(1, 3)).toEqual(['41', prodLineage]);
    expect(rows[1]?.[5]).toMatch(/^locked holder@test OperationTypeApply · [\dms ]+$/);
    expect(rows[2]?.[5]).toBe('free');
    expect(await page.locator('p.lead').textContent()).toContain('4 workspaces · 1 locked');

    const overviewHtml = await overview!.text();
    for (const secret of [sampleSecret, prodSecret]) {
      expect(overviewHtml).not.toContain(secret);
      expect(await page.content()).not.toContain(secret);
    }
    await screenshot(page, 'dashboard-overview');

    // The workspace page: lock details, outputs with the sensitive one masked, resources.
    await page.getByRole('link', { name: 'prod', exact: true }).click();
    await page.waitForURL(`${server.url}/ui/workspaces/prod`);
    expect(await page.locator('h1').textContent()).toBe('prod');
    expect(await page.locator('#lock').textContent()).toContain(holder.id);
    expect(await tableRows(page, '#outputs')).toEqual([
      ['api_token', '"string"', 'sensitive value hidden'],
      ['endpoint', '"string"', '"https://prod.example"'],
    ]);
    expect(await tableRows(page, '#resources')).toEqual([['terraform_data.example', 'managed', 'terraform_data', '1']]);
    expect(await page.locator('main').textContent()).toContain('This backend keeps no earlier versions');
    expect(await page.content()).not.toContain(prodSecret);
    await screenshot(page, 'dashboard-workspace');

    const api = await fetch(`${server.url}/ui/api/workspaces/prod`, { headers: { Authorization: basicAuthorization(alice.name, alice.password) } });
    const apiText = await api.text();
    expect(api.status).toBe(200);
    expect(apiText).not.toContain(prodSecret);
    expect((JSON.parse(apiText) as { outputs: unknown[] }).outputs).toEqual([
      { name: 'api_token', type: '"string"', sensitive: true },
      { name: 'endpoint', type: '"string"', sensitive: false, value: '"https://prod.example"' },
    ]);

    // State-derived text is shown as text, never as markup.
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'staging', exact: true }).click();
    await page.waitForURL(`${server.url}/ui/workspaces/staging`);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('main script').count()).toBe(0);
    expect(await tableRows(page, '#outputs')).toEqual([['<img src=x onerror=alert(1)>', '"string"', '"<script>alert(\\"x\\")</script>"']]);

    // Names with URL-special characters round-trip through links.
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'team&ops', exact: true }).click();
    await page.waitForURL(`${server.url}/ui/workspaces/team%26ops`);
    expect(await page.locator('h1').textContent()).toBe('team&ops');

    // Read-only: the dashboard refuses other methods.
    const post = await fetch(`${server.url}/ui/workspaces/prod`, {
      method: 'POST',
      headers: { Authorization: basicAuthorization(alice.name, alice.password) },
    });
    expect(post.status).toBe(405);

    // A user sees only the workspaces a grant lets them read; others are not found.
    const bobPage = await newPage(bob);
    await bobPage.goto(`${server.url}/`);
    expect((await tableRows(bobPage, '#workspaces')).map((row) => row[0])).toEqual(['staging']);
    expect((await bobPage.goto(`${server.url}/ui/workspaces/prod`))?.status()).toBe(404);
    expect(await bobPage.content()).not.toContain(prodLineage);

    await holder.release();
    await page.goto(`${server.url}/`);
    expect((await tableRows(page, '#workspaces'))[1]?.[5]).toBe('free');
  });
});

describe('tfstate serve dashboard on s3 with a versioned bucket', () => {
  it('lists versions and shows the resource-level diff between consecutive and chosen versions', async () => {
    const backend = await versionedS3Backend();
    const secrets = [`first-${randomBytes(8).toString('hex')}`, `second-${randomBytes(8).toString('hex')}`];
    const lineage = 'b9b7c3a0-2222-4c1d-8e2f-abcdefabcdef';
    const versions = [
      stateFile({
        serial: 1,
        lineage,
        outputs: { db_password: { value: secrets[0], type: 'string', sensitive: true }, replicas: { value: 2, type: 'number' } },
        resources: [dataResource('network', { id: 'net-1', input: '10.0.0.0/16' })],
      }),
      stateFile({
        serial: 2,
        lineage,
        outputs: { db_password: { value: secrets[1], type: 'string', sensitive: true }, replicas: { value: 3, type: 'number' } },
        resources: [dataResource('cache', { id: 'cache-1', input: 'small' }), dataResource('network', { id: 'net-1', input: '10.1.0.0/16' })],
      }),
      stateFile({
        serial: 3,
        lineage,
        outputs: { region: { value: 'eu-west-1', type: 'string' }, replicas: { value: 3, type: 'number' } },
        resources: [dataResource('cache', { id: 'cache-1', input: 'small' })],
      }),
    ];
    for (const version of versions) await backend.writeState('default', Buffer.from(version));
    const listed = await backend.listVersions('default');
    expect(listed).toHaveLength(3);
    const [newest, middle, oldest] = listed.map((entry) => entry.versionId);

    const server = await serve(backend);
    const page = await newPage();
    expect((await page.goto(`${server.url}/ui/workspaces/default`))?.status()).toBe(200);
    const versionRows = await tableRows(page, '#versions');
    expect(versionRows.map((row) => row[2])).toEqual([newest, middle, oldest]);
    expect(versionRows.map((row) => row[3])).toEqual(['current', '', '']);
    expect(versionRows.map((row) => row[4])).toEqual(['changes from previous', 'changes from previous', '']);
    await screenshot(page, 'dashboard-versions');

    // Consecutive versions 2 -> 3: a resource and a sensitive output removed, an output added.
    await page.locator(`#versions tr[data-version="${newest}"] a`).click();
    await page.waitForURL(/\/ui\/workspaces\/default\/diff\?/);
    expect(new URL(page.url()).searchParams.get('from')).toBe(middle);
    expect(new URL(page.url()).searchParams.get('to')).toBe(newest);
    expect(await page.locator('#diff-summary').textContent()).toBe('0 added, 0 changed, 1 removed resource instances · 2 output changes');
    expect(await tableRows(page, '#resource-changes')).toEqual([['removed', 'terraform_data.network', '']]);
    expect(await tableRows(page, '#output-changes')).toEqual([
      ['added', 'region', '', '"eu-west-1"'],
      ['removed', 'db_password', 'sensitive', ''],
    ]);

    // Versions 1 -> 2 from the previous version's link: changed attributes are named, values never shown.
    await page.goBack();
    await page.locator(`#versions tr[data-version="${middle}"] a`).click();
    await page.waitForURL(/\/ui\/workspaces\/default\/diff\?/);
    expect(await tableRows(page, '#resource-changes')).toEqual([
      ['added', 'terraform_data.cache', ''],
      ['changed', 'terraform_data.network', 'attributes: input'],
    ]);
    expect(await tableRows(page, '#output-changes')).toEqual([
      ['changed', 'db_password', 'sensitive', 'sensitive'],
      ['changed', 'replicas', '2', '3'],
    ]);
    await screenshot(page, 'dashboard-diff');
    const diffHtml = await page.content();
    for (const secret of secrets) expect(diffHtml).not.toContain(secret);

    // Any two versions through the compare form (a plain GET form, no script).
    await page.goto(`${server.url}/ui/workspaces/default`);
    await page.locator('form.compare select[name="from"]').selectOption(oldest!);
    await page.locator('form.compare select[name="to"]').selectOption(newest!);
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/\/ui\/workspaces\/default\/diff\?/);
    expect(await page.locator('#diff-summary').textContent()).toBe('1 added, 0 changed, 1 removed resource instances · 3 output changes');
    expect(await tableRows(page, '#resource-changes')).toEqual([
      ['added', 'terraform_data.cache', ''],
      ['removed', 'terraform_data.network', ''],
    ]);
    for (const secret of secrets) expect(await page.content()).not.toContain(secret);
    await screenshot(page, 'dashboard-versions-compare');

    expect((await page.goto(`${server.url}/ui/workspaces/default/diff?from=missing-version&to=${newest}`))?.status()).toBe(404);
  });
});

/** A `terraform_data` resource with the given attributes, as Terraform records it. */
function dataResource(name: string, attributes: Record<string, unknown>): unknown {
  return { ...managedResource, name, instances: [{ ...managedResource.instances[0], attributes: { output: null, triggers_replace: null, ...attributes } }] };
}

/** An s3 backend (S3 lockfile) on a fresh radosgw bucket with versioning enabled. */
async function versionedS3Backend(): Promise<StateBackend> {
  const { s3 } = requireServers('s3');
  const bucket = await createS3Bucket('dashboard', { versioned: true });
  const provider = await createProviderFromConfig(
    {
      bucket,
      key: 'app/terraform.tfstate',
      region: s3.region,
      access_key: s3.accessKeyId,
      secret_key: s3.secretAccessKey,
      use_path_style: true,
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_s3_checksum: true,
      use_lockfile: true,
      endpoints: { s3: s3.endpoint },
    },
    { workingDirectory: tmpdir(), env: {} },
  );
  return createStateBackend(provider);
}
