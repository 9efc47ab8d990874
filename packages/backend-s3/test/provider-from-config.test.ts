import { createStateBackend } from '@x/backend-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createProviderFromConfig } from '../src/index.js';
import { s3BackendArguments } from './support/backend-arguments.js';
import { createBucket, createLockTable, servers, uniqueName } from './support/test-stores.js';

const bucket = uniqueName('from-config');
const table = uniqueName('from-config');

beforeAll(async () => {
  await Promise.all([createBucket(bucket, { versioned: false }), createLockTable(table)]);
});

function config(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return s3BackendArguments(bucket, 'cli/terraform.tfstate', { skip_region_validation: true, use_lockfile: true, dynamodb_table: table, ...overrides });
}

describe('createProviderFromConfig (what the CLI loads)', () => {
  it('builds a working provider from Terraform backend arguments', async () => {
    const provider = await createProviderFromConfig(config(), { workingDirectory: process.cwd(), env: {} });
    expect(provider.name).toBe('s3');
    expect(provider.capabilities).toMatchObject({ locking: true, digest: true, writeChecksLock: true });
    const backend = createStateBackend(provider);
    const id = await backend.lock('default', { Operation: 'OperationTypeApply' });
    await backend.writeState('default', new TextEncoder().encode('{"version":4}\n'), { lockId: id });
    expect((await backend.readLock('default'))?.Path).toBe(`${bucket}/cli/terraform.tfstate`);
    await backend.unlock('default', id);
    expect(new TextDecoder().decode((await backend.readState('default'))?.bytes)).toBe('{"version":4}\n');
    await backend.close();
  });

  it('without a lock setting, locking is not offered', async () => {
    const provider = await createProviderFromConfig(config({ use_lockfile: false, dynamodb_table: undefined }), {
      workingDirectory: process.cwd(),
      env: {},
    });
    expect(provider.capabilities.locking).toBe(false);
    await expect(createStateBackend(provider).lock('default')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await provider.close?.();
  });

  it('a missing bucket is INVALID_CONFIG with Terraform\'s text and no secret', async () => {
    const provider = await createProviderFromConfig(config({ bucket: uniqueName('absent') }), { workingDirectory: process.cwd(), env: {} });
    const error = await createStateBackend(provider).listWorkspaces().then(
      () => undefined,
      (rejection: unknown) => rejection as Error & { code: string; hint?: string },
    );
    expect(error?.code).toBe('INVALID_CONFIG');
    expect(error?.message).toMatch(/^S3 bucket ".*" does not exist\./);
    expect(JSON.stringify({ message: error?.message, hint: error?.hint })).not.toContain(servers().s3.secretAccessKey);
    await provider.close?.();
  });
});
