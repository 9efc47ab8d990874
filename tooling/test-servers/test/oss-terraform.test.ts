import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOssServer, type OssRequestRecord, type OssServer } from '../src/oss/index.js';
import { startRadosgw, type S3Server } from '../src/radosgw/index.js';
import { aliOssClient } from './ali-oss-client.js';

const run = promisify(execFile);

async function terraformVersion(): Promise<string | undefined> {
  try {
    const { stdout } = await run('terraform', ['version', '-json'], { env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    return (JSON.parse(stdout) as { terraform_version: string }).terraform_version;
  } catch {
    return undefined;
  }
}

const version = await terraformVersion();
if (version === undefined) {
  if (process.env.CI === 'true') throw new Error('terraform is not on PATH; CI must run the real Terraform oss backend against the OSS test server. Install terraform v1.11.4.');
  console.warn('SKIPPING the Terraform oss backend tests: terraform is not on PATH (install terraform v1.11.4 to run them).');
}

/** The ali-oss calls used to inspect what Terraform stored. */
interface Inspector {
  get(name: string): Promise<{ content: Buffer; res: { headers: Record<string, string> } }>;
  list(query: Record<string, unknown>, options: object): Promise<{ objects: Array<{ name: string }> }>;
  putBucket(bucket: string): Promise<unknown>;
}

describe.skipIf(version === undefined)(`terraform ${version ?? '(missing)'} oss backend against the OSS test server`, () => {
  const bucket = `tfstate-${randomBytes(4).toString('hex')}`;
  const records: OssRequestRecord[] = [];
  let s3: S3Server;
  let server: OssServer;
  let directory: string;
  let inspector: Inspector;

  async function terraform(...args: string[]): Promise<string> {
    const environment: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: directory, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: join(directory, 'cli.tfrc') };
    try {
      const { stdout } = await run('terraform', [...args, '-no-color'], { cwd: directory, env: environment, timeout: 120_000 });
      return stdout;
    } catch (error) {
      const failure = error as { stdout?: string; stderr?: string; message: string };
      const recent = records.slice(-10).map((record) => `${record.method} ${record.url} -> ${record.status} ${record.errorCode ?? ''}`).join('\n');
      throw new Error(`terraform ${args.join(' ')} failed:\n${failure.stderr ?? ''}\n${failure.stdout ?? ''}\nlast OSS requests:\n${recent}`);
    }
  }

  beforeAll(async () => {
    s3 = await startRadosgw();
    server = await startOssServer({ s3, onRequest: (record) => records.push(record) });
    inspector = aliOssClient<Inspector>(server, { bucket });
    await inspector.putBucket(bucket);
    directory = await mkdtemp(join(tmpdir(), 'oss-terraform-'));
    await writeFile(join(directory, 'cli.tfrc'), '');
    await writeFile(
      join(directory, 'main.tf'),
      [
        'terraform {',
        '  backend "oss" {',
        `    endpoint   = "${server.endpoint}"`,
        `    bucket     = "${bucket}"`,
        '    prefix     = "env"',
        '    key        = "terraform.tfstate"',
        `    region     = "${server.region}"`,
        `    access_key = "${server.accessKeyId}"`,
        `    secret_key = "${server.accessKeySecret}"`,
        '  }',
        '}',
        'output "workspace" { value = terraform.workspace }',
        'output "greeting" { value = "hello from ${terraform.workspace}" }',
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await server?.stop();
    await s3?.stop();
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  });

  it('runs init, apply, workspace new and output -json through the OSS test server', async () => {
    await terraform('init', '-input=false');
    await terraform('apply', '-auto-approve', '-input=false');
    expect(JSON.parse(await terraform('output', '-json'))).toEqual({
      greeting: { sensitive: false, type: 'string', value: 'hello from default' },
      workspace: { sensitive: false, type: 'string', value: 'default' },
    });

    await terraform('workspace', 'new', 'dev');
    await terraform('apply', '-auto-approve', '-input=false');
    expect(JSON.parse(await terraform('output', '-json')).greeting.value).toBe('hello from dev');
    expect(await terraform('workspace', 'list')).toMatch(/default\n\* dev/);

    const stored = await inspector.list({ prefix: 'env/' }, {});
    expect(stored.objects.map((object) => object.name).sort()).toEqual(['env/dev/terraform.tfstate', 'env/terraform.tfstate']);
    const devState = JSON.parse((await inspector.get('env/dev/terraform.tfstate')).content.toString()) as { outputs: Record<string, { value: string }> };
    expect(devState.outputs.greeting?.value).toBe('hello from dev');

    await terraform('workspace', 'select', 'default');
    expect(JSON.parse(await terraform('output', '-json')).greeting.value).toBe('hello from default');
  });

  it('was served with OSS V1 signatures, path-style URLs and no rejected request', () => {
    expect(records.length).toBeGreaterThan(0);
    const terraformRecords = records.filter((record) => record.url.includes(bucket) && record.host === server.endpoint.replace('http://', ''));
    expect(terraformRecords.length).toBeGreaterThan(0);
    expect(new Set(terraformRecords.map((record) => record.signature))).toEqual(new Set(['OSS']));
    expect(records.filter((record) => record.status === 403 || record.status >= 500)).toEqual([]);
    expect(terraformRecords.some((record) => record.method === 'HEAD' && record.url.includes('objectMeta'))).toBe(true);
  });
});
