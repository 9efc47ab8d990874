import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { BackendError, createLockInfo, encodeLockInfo, type StateProvider } from '@x/backend-core';
import { createOssProvider, digestMismatchMessage, resolveOssConfig } from '../src/index.js';
import {
  backendConfig,
  createBucket,
  createLockTable,
  listAllKeys,
  providerFromConfig,
  rawOssClient,
  readRow,
  testServers,
  uniqueName,
  uniqueBucketName,
  uniqueTableName,
  writeRow,
} from './support/oss-fixtures.js';

const versioned = uniqueBucketName();
const plain = uniqueBucketName();
const suspended = uniqueBucketName();
const table = uniqueTableName();
const wrongTable = uniqueTableName();

beforeAll(async () => {
  await Promise.all([
    createBucket(versioned, { versioning: 'Enabled' }),
    createBucket(plain, { versioning: 'Off' }),
    createBucket(suspended, { versioning: 'Suspended' }),
    createLockTable(table),
    createLockTable(wrongTable, [{ name: 'id', type: 'INTEGER' }]),
  ]);
});

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const state = (serial: number) => `{\n  "version": 4,\n  "serial": ${serial},\n  "lineage": "l"\n}\n`;

async function use<T>(provider: StateProvider, run: (provider: StateProvider) => Promise<T>): Promise<T> {
  try {
    return await run(provider);
  } finally {
    await provider.close?.();
  }
}

describe('objects and rows as Terraform writes them (spec §1-2)', () => {
  it('stores states at <prefix>/<key> and <prefix>/<ws>/<key> as application/json with SSE and ACL headers', async () => {
    const prefix = `${uniqueName('layout')}/env:/`;
    const config = backendConfig({ bucket: versioned, prefix, lockMode: 'tablestore', table, extra: { encrypt: true, acl: 'private' } });
    await use(await providerFromConfig(config), async (provider) => {
      await provider.writeState('default', new TextEncoder().encode(state(1)), {});
      await provider.writeState('dev', new TextEncoder().encode(state(2)), {});
    });
    const raw = rawOssClient(versioned);
    const base = prefix.replace(/\/+$/, '');
    expect(await listAllKeys(raw, prefix.split('/')[0]!)).toEqual([`${base}/dev/terraform.tfstate`, `${base}/terraform.tfstate`]);
    const object = await raw.get(`${base}/dev/terraform.tfstate`);
    expect(object.content.toString()).toBe(state(2));
    expect(object.res.headers['content-type']).toBe('application/json');
    expect(object.res.headers['x-oss-server-side-encryption']).toBe('AES256');
    expect((await raw.getACL(`${base}/dev/terraform.tfstate`)).acl).toBe('private');
    expect(await readRow(table, `${versioned}/${base}/dev/terraform.tfstate-md5`, 'Digest')).toBe(md5(state(2)));
    expect(await readRow(table, `${versioned}/${base}/terraform.tfstate-md5`, 'Digest')).toBe(md5(state(1)));
  });

  it('writes the lock row <bucket>/<state path> with Info = Go-JSON LockInfo (Path filled) as a STRING cell, and removes it', async () => {
    const prefix = uniqueName('lockrow');
    await use(await providerFromConfig(backendConfig({ bucket: versioned, prefix, lockMode: 'tablestore', table })), async (provider) => {
      const info = createLockInfo({ operation: 'OperationTypeApply', info: '<&> "quoted"', who: 'u@h' });
      await provider.lock('dev', info);
      const path = `${versioned}/${prefix}/dev/terraform.tfstate`;
      expect(await readRow(table, path, 'Info')).toBe(encodeLockInfo({ ...info, Path: path }));
      expect(await provider.readLock('dev')).toEqual({ ...info, Path: path });
      await provider.unlock('dev', info.ID);
      expect(await readRow(table, path, 'Info')).toBeUndefined();
    });
  });

  it('writes <state>.tflock with forbid-overwrite, the Go-JSON body, and the SSE and ACL headers (use_lockfile)', async () => {
    const prefix = uniqueName('lockfile');
    const config = backendConfig({ bucket: plain, prefix, lockMode: 'lockfile', extra: { encrypt: 'true', acl: 'public-read' } });
    await use(await providerFromConfig(config), async (provider) => {
      const info = createLockInfo({ operation: 'OperationTypePlan' });
      await provider.lock('default', info);
      const raw = rawOssClient(plain);
      const lockObject = await raw.get(`${prefix}/terraform.tfstate.tflock`);
      expect(lockObject.content.toString()).toBe(encodeLockInfo({ ...info, Path: `${plain}/${prefix}/terraform.tfstate` }));
      expect(lockObject.res.headers['x-oss-server-side-encryption']).toBe('AES256');
      expect((await raw.getACL(`${prefix}/terraform.tfstate.tflock`)).acl).toBe('public-read');
      expect(await provider.listWorkspaces()).toEqual(['default']);
      await provider.unlock('default', info.ID);
      expect(await listAllKeys(raw, `${prefix}/`)).toEqual([]);
    });
  });

  it('lists only exact <prefix>/<ws>/<key> objects, once each, never foreign or stray objects', async () => {
    const prefix = uniqueName('listing');
    const raw = rawOssClient(plain);
    for (const key of [
      `${prefix}/a/terraform.tfstate`,
      `${prefix}/a/other-project.tfstate`,
      `${prefix}/a/nested/terraform.tfstate`,
      `${prefix}/stray.tfstate`,
      `${prefix}/b/terraform.tfstate.tflock`,
      `${prefix}/default/terraform.tfstate`,
      `${prefix}-other/c/terraform.tfstate`,
      `${prefix}/d/terraform.tfstate`,
    ]) {
      await raw.put(key, Buffer.from('{}'));
    }
    await use(await providerFromConfig(backendConfig({ bucket: plain, prefix: `${prefix}/`, lockMode: 'none' })), async (provider) => {
      expect((await provider.listWorkspaces()).sort()).toEqual(['a', 'd', 'default']);
    });
  });

  it("checks the digest on read with Terraform's message after the window, and deletes the digest with the state", async () => {
    const prefix = uniqueName('digest');
    const config = backendConfig({ bucket: versioned, prefix, lockMode: 'tablestore', table });
    await use(await providerFromConfig(config), async (provider) => {
      await provider.writeState('default', new TextEncoder().encode(state(1)), {});
      await writeRow(table, `${versioned}/${prefix}/terraform.tfstate-md5`, 'Digest', md5(state(9)).toUpperCase());
      const error = await provider.readState('default').catch((rejection: unknown) => rejection);
      expect(BackendError.hasCode(error, 'DIGEST_MISMATCH')).toBe(true);
      expect((error as Error).message).toBe(digestMismatchMessage(md5(state(1))));
      expect((error as Error).message.startsWith('state data in OSS does not have the expected content.')).toBe(true);
      await writeRow(table, `${versioned}/${prefix}/terraform.tfstate-md5`, 'Digest', 'not-a-digest');
      expect(new TextDecoder().decode((await provider.readState('default'))?.bytes)).toBe(state(1));
      await provider.deleteState('default', {});
      expect(await readRow(table, `${versioned}/${prefix}/terraform.tfstate-md5`, 'Digest')).toBeUndefined();
      expect(await provider.readState('default')).toBeUndefined();
    });
  });

  it("waits Terraform's full default window (10 s, 2 s polls) before reporting a lingering digest of a deleted state", async () => {
    const prefix = uniqueName('window');
    const { settings } = resolveOssConfig(backendConfig({ bucket: versioned, prefix, lockMode: 'tablestore', table }), { env: {} });
    const { oss } = testServers();
    const provider = createOssProvider({ settings, credentials: { accessKeyId: oss.accessKeyId, accessKeySecret: oss.accessKeySecret } });
    await writeRow(table, `${versioned}/${prefix}/terraform.tfstate-md5`, 'Digest', md5(state(3)));
    const started = Date.now();
    const error = await use(provider, (opened) => opened.readState('default')).catch((rejection: unknown) => rejection);
    const elapsed = Date.now() - started;
    expect(BackendError.hasCode(error, 'DIGEST_MISMATCH')).toBe(true);
    expect({ expected: (error as { expected: string }).expected, actual: (error as { actual: string }).actual }).toEqual({ expected: md5(state(3)), actual: '' });
    // Terraform gives up only once the window has passed; the bound here is a lower one.
    expect(elapsed).toBeGreaterThanOrEqual(10_000);
  }, 30_000);
});

describe('use_lockfile refuses versioned buckets (OSS ignores forbid-overwrite there)', () => {
  it.each([
    [versioned, 'Enabled'],
    [suspended, 'Suspended'],
  ])('bucket %s with versioning %s', async (bucket, status) => {
    await use(await providerFromConfig(backendConfig({ bucket, prefix: uniqueName('refused'), lockMode: 'lockfile' })), async (provider) => {
      const error = await provider.lock('default', createLockInfo()).catch((rejection: unknown) => rejection);
      expect(BackendError.hasCode(error, 'INVALID_CONFIG')).toBe(true);
      expect((error as Error).message).toContain(`its versioning is ${status}`);
      expect((error as BackendError).hint).toContain('tablestore_table');
      expect(provider.capabilities.versions).toBe(false);
      const report = await provider.probe!();
      expect(report.observed.locking).toBe(false);
      expect(report.checks.find((check) => check.id === 'lockfile-locking')).toMatchObject({ ok: false, severity: 'error' });
    });
  });
});

describe('probe', () => {
  it('reports an unversioned bucket honouring forbid-overwrite and a correct lock table, leaving nothing behind', async () => {
    const prefix = uniqueName('probe');
    await use(await providerFromConfig(backendConfig({ bucket: plain, prefix, lockMode: 'tablestore', table })), async (provider) => {
      const report = await provider.probe!();
      expect(report.checks.map((check) => [check.id, check.ok])).toEqual([
        ['versions', false],
        ['lockfile-locking', true],
        ['lock-table', true],
      ]);
      expect(report.observed).toEqual({ versions: false });
      expect(await listAllKeys(rawOssClient(plain), `${prefix}/`)).toEqual([]);
    });
  });

  it('finds a lock table whose primary key is not LockID STRING', async () => {
    const config = backendConfig({ bucket: versioned, prefix: uniqueName('probe'), lockMode: 'tablestore', table: wrongTable });
    await use(await providerFromConfig(config), async (provider) => {
      const report = await provider.probe!();
      expect(report.checks.find((check) => check.id === 'lock-table')).toMatchObject({ ok: false, severity: 'error' });
      expect(report.observed).toMatchObject({ locking: false, digest: false });
      const error = await provider.lock('default', createLockInfo()).catch((rejection: unknown) => rejection);
      expect(BackendError.isInstance(error) && ['INVALID_CONFIG', 'BACKEND_ERROR'].includes(error.code)).toBe(true);
    });
  });

  it('maps a missing bucket to INVALID_CONFIG with the fix', async () => {
    await use(await providerFromConfig(backendConfig({ bucket: uniqueBucketName(), lockMode: 'none' })), async (provider) => {
      const error = await provider.readState('default').catch((rejection: unknown) => rejection);
      expect(BackendError.hasCode(error, 'INVALID_CONFIG')).toBe(true);
      expect((error as BackendError).hint).toContain('Create the bucket');
    });
  });
});
