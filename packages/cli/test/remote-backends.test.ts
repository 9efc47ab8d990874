import { generateLockId } from '@x/backend-core';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDynamoLockTable, createS3Bucket, hclText, ossBackendSettings, s3BackendSettings, type S3Lock } from './helpers/remote-backends.js';
import { runTfstate, temporaryDirectory } from './helpers/run-tfstate.js';
import { stateFile } from './helpers/state-files.js';

/** A backend the CLI reaches through `--backend NAME -c FILE`, on a fresh bucket (and table). */
interface RemoteBackend {
  name: 's3' | 'oss';
  label: string;
  configure(): Promise<string>;
}

const remoteBackends: RemoteBackend[] = [
  { name: 's3', label: 's3 with an S3 lockfile', configure: () => s3Config({ lockfile: true }) },
  { name: 's3', label: 's3 with a DynamoDB lock table', configure: () => s3Config({ lockfile: false }) },
  { name: 'oss', label: 'oss with an OSS lockfile', configure: ossConfig },
];

describe.each(remoteBackends)('tfstate on $label', (backend) => {
  it('pushes, pulls, lists workspaces and reads outputs', async () => {
    const cwd = await setUp(backend);
    const run = (...args: string[]) => runTfstate(['--backend', backend.name, '-c', 'backend.hcl', ...args], { cwd });
    expect((await run('workspace', 'list', '--json')).stdout).toBe(
      `${JSON.stringify({ current: 'default', workspaces: ['default'] }, null, 2)}\n`,
    );

    const pushed = stateFile({ serial: 7, outputs: { region: { value: 'eu-west-1', type: 'string' } } });
    await writeFile(join(cwd, 'pushed.tfstate'), pushed);
    expect(await run('state', 'push', 'pushed.tfstate')).toMatchObject({ code: 0 });
    const pulled = await run('state', 'pull');
    expect(pulled.code).toBe(0);
    expect(JSON.parse(pulled.stdout)).toMatchObject({ serial: 7, outputs: { region: { value: 'eu-west-1' } } });
    // On Node < 22 the AWS SDK prints a NodeVersionSupportWarning in every process that loads it; bin/tfstate.mjs turns it off.
    expect(pulled.stderr).not.toMatch(/NodeVersionSupportWarning|upgrade to node/);
    expect(await run('outputs', 'region', '--raw')).toMatchObject({ code: 0, stdout: 'eu-west-1' });

    expect(await run('workspace', 'new', 'dev')).toMatchObject({ code: 0 });
    expect(JSON.parse((await run('workspace', 'list', '--json')).stdout)).toEqual({ current: 'default', workspaces: ['default', 'dev'] });
    expect(await run('workspace', 'delete', 'dev')).toMatchObject({ code: 0 });
    expect(JSON.parse((await run('workspace', 'list', '--json')).stdout)).toEqual({ current: 'default', workspaces: ['default'] });
  });

  it('keeps a lock taken by lock acquire across processes until unlock or force-unlock', async () => {
    const cwd = await setUp(backend);
    const run = (...args: string[]) => runTfstate(['--backend', backend.name, '-c', 'backend.hcl', ...args], { cwd });
    await writeFile(join(cwd, 'state.tfstate'), stateFile({ serial: 1 }));

    const acquired = await run('lock', 'acquire', '--operation', 'ci-deploy', '--json');
    expect(acquired.code).toBe(0);
    const { id } = JSON.parse(acquired.stdout) as { id: string };
    const status = JSON.parse((await run('lock', 'status', '--json')).stdout) as Record<string, unknown>;
    expect(status).toMatchObject({ locked: true, id, operation: 'ci-deploy' });

    const blocked = await run('state', 'push', 'state.tfstate');
    expect(blocked.code).toBe(3);
    expect(blocked.stderr).toContain(id);
    expect(await run('unlock', generateLockId())).toMatchObject({ code: 1 });
    expect(await run('lock', 'acquire')).toMatchObject({ code: 3 });

    expect(await run('unlock', id)).toMatchObject({ code: 0 });
    expect(JSON.parse((await run('lock', 'status', '--json')).stdout)).toEqual({ locked: false });

    const second = JSON.parse((await run('lock', 'acquire', '--json')).stdout) as { id: string };
    const refused = await run('force-unlock', second.id);
    expect(refused.code).toBe(2);
    expect(JSON.parse((await run('lock', 'status', '--json')).stdout)).toMatchObject({ locked: true, id: second.id });
    expect(await run('force-unlock', second.id, '--yes')).toMatchObject({ code: 0 });
    expect(await run('state', 'push', 'state.tfstate')).toMatchObject({ code: 0 });
  });
});

async function setUp(backend: RemoteBackend): Promise<string> {
  const cwd = await temporaryDirectory();
  await writeFile(join(cwd, 'backend.hcl'), await backend.configure());
  return cwd;
}

async function s3Config(options: { lockfile: boolean }): Promise<string> {
  const bucket = await createS3Bucket('cli');
  const lock: S3Lock = options.lockfile ? { kind: 'lockfile' } : { kind: 'dynamodb', table: await createDynamoLockTable() };
  return hclText(s3BackendSettings({ bucket, lock }));
}

async function ossConfig(): Promise<string> {
  // The OSS server keeps its objects in radosgw, so the bucket is created there.
  return hclText(ossBackendSettings({ bucket: await createS3Bucket('cli-oss'), lock: { kind: 'lockfile' } }));
}
