import { createStateBackend } from '@x/backend-core';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStateInspector, type StateInspector } from '../src/index.js';
import {
  backendConfig,
  createBucket,
  createLockTable,
  providerFromConfig,
  testServers,
  uniqueBucketName,
  uniqueName,
  uniqueTableName,
  writeRow,
} from './support/oss-fixtures.js';

const bucket = uniqueBucketName();
const table = uniqueTableName();
const context = { workingDirectory: process.cwd(), env: {} };

beforeAll(async () => {
  await Promise.all([createBucket(bucket, { versioning: 'Off' }), createLockTable(table)]);
});

async function withInspector<T>(config: Record<string, unknown>, run: (inspector: Required<StateInspector>) => Promise<T>): Promise<T> {
  const inspector = await createStateInspector(config, context);
  try {
    return await run(inspector);
  } finally {
    await inspector.close();
  }
}

describe('createStateInspector (oss)', () => {
  it('compares TableStore digest rows with the objects once, for each status', async () => {
    const prefix = uniqueName('digests');
    const config = backendConfig({ bucket, prefix, lockMode: 'tablestore', table });
    const backend = createStateBackend(await providerFromConfig(config));
    const bytes = new TextEncoder().encode('{"version":4,"serial":1}\n');
    await backend.writeState('default', bytes);
    await backend.writeState('broken', bytes);
    await backend.close();
    const md5 = createHash('md5').update(bytes).digest('hex');
    await writeRow(table, `${bucket}/${prefix}/broken/terraform.tfstate-md5`, 'Digest', 'b'.repeat(32));
    await writeRow(table, `${bucket}/${prefix}/gone/terraform.tfstate-md5`, 'Digest', md5);

    const comparisons = await withInspector(config, (inspector) => inspector.compareDigests(['default', 'broken', 'gone', 'never']));
    expect(comparisons).toEqual([
      { workspace: 'default', location: `${prefix}/terraform.tfstate`, record: `${bucket}/${prefix}/terraform.tfstate-md5`, stored: md5, actual: md5, status: 'match' },
      {
        workspace: 'broken',
        location: `${prefix}/broken/terraform.tfstate`,
        record: `${bucket}/${prefix}/broken/terraform.tfstate-md5`,
        stored: 'b'.repeat(32),
        actual: md5,
        status: 'mismatch',
      },
      {
        workspace: 'gone',
        location: `${prefix}/gone/terraform.tfstate`,
        record: `${bucket}/${prefix}/gone/terraform.tfstate-md5`,
        stored: md5,
        actual: undefined,
        status: 'digest-without-state',
      },
      { workspace: 'never', location: `${prefix}/never/terraform.tfstate`, record: `${bucket}/${prefix}/never/terraform.tfstate-md5`, stored: undefined, actual: undefined, status: 'no-state' },
    ]);
  });

  it('lists OSS lock files under the prefix, including workspaces without a state; not TableStore rows', async () => {
    const prefix = uniqueName('locks');
    const config = backendConfig({ bucket, prefix, lockMode: 'lockfile' });
    const backend = createStateBackend(await providerFromConfig(config));
    await backend.writeState('with-state', new TextEncoder().encode('{"version":4}\n'));
    const ids = [await backend.lock('default'), await backend.lock('with-state'), await backend.lock('without-state')];
    await withInspector(config, async (inspector) => {
      const listing = await inspector.listLockedWorkspaces();
      expect(listing.workspaces.sort()).toEqual(['default', 'with-state', 'without-state']);
      expect(listing.coverage).toBe(`workspaces with a state, the default workspace, and every OSS lock file under "${prefix}/".`);
      expect(listing.lockTable).toBe('none');
      expect(await inspector.compareDigests(['default'])).toEqual([]);
    });
    await backend.unlock('default', ids[0]!);
    await backend.unlock('with-state', ids[1]!);
    await backend.unlock('without-state', ids[2]!);
    await backend.close();

    const tableListing = await withInspector(backendConfig({ bucket, prefix, lockMode: 'tablestore', table }), (inspector) => inspector.listLockedWorkspaces());
    expect(tableListing).toEqual({
      workspaces: [],
      coverage: 'workspaces with a state, and the default workspace. TableStore lock rows are read only for these workspaces.',
      lockTable: 'skipped',
    });
  });

  it('reads the TableStore lock rows under the prefix when asked, not digest rows or other prefixes', async () => {
    const prefix = uniqueName('scanned');
    const config = backendConfig({ bucket, prefix, lockMode: 'tablestore', table });
    const backend = createStateBackend(await providerFromConfig(config));
    await backend.writeState('with-state', new TextEncoder().encode('{"version":4}\n'));
    const ids = [await backend.lock('default'), await backend.lock('without-state')];
    // Another configuration's lock row sorts right after this prefix's rows ("_" > "/"): the range read stops there.
    const other = createStateBackend(await providerFromConfig(backendConfig({ bucket, prefix: `${prefix}_other`, lockMode: 'tablestore', table })));
    const otherId = await other.lock('stranger');

    await withInspector(config, async (inspector) => {
      const scanned = await inspector.listLockedWorkspaces({ scanLockTable: true });
      expect(scanned.workspaces.sort()).toEqual(['default', 'without-state']);
      expect(scanned).toMatchObject({
        coverage: `workspaces with a state, the default workspace, and every TableStore lock row under "${bucket}/${prefix}/".`,
        lockTable: 'scanned',
      });
      expect((await inspector.listLockedWorkspaces()).workspaces).toEqual([]);
    });

    await backend.unlock('default', ids[0]!);
    await backend.unlock('without-state', ids[1]!);
    await other.unlock('stranger', otherId);
    await Promise.all([backend.close(), other.close()]);
    const released = await withInspector(config, (inspector) => inspector.listLockedWorkspaces({ scanLockTable: true }));
    expect(released.workspaces).toEqual([]);
  });

  it('names where OSS and TableStore requests go', async () => {
    const { oss, tablestore } = testServers();
    const checks = await withInspector(backendConfig({ bucket, lockMode: 'tablestore', table }), async (inspector) => inspector.identityChecks());
    expect(checks).toEqual([
      { id: 'identity-oss', ok: true, severity: 'info', message: `OSS: bucket "${bucket}", region ${oss.region}, endpoint ${oss.endpoint}, signature v1` },
      { id: 'identity-tablestore', ok: true, severity: 'info', message: `TableStore: instance "${tablestore.instanceName}", table "${table}", endpoint ${tablestore.endpoint}` },
    ]);
  });
});
