import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { servers } from './test-stores.js';

/** The terraform version the interop tests were written against. */
export const TERRAFORM_VERSION = '1.11.4';

const cliConfig = join(mkdtempSync(join(tmpdir(), 's3-terraform-cli-')), 'empty.tfrc');
writeFileSync(cliConfig, '');

/**
 * Offline terraform: empty CLI configuration, no checkpoint, and the SDK checksum modes radosgw
 * accepts (Terraform's `skip_s3_checksum` leaves the Go SDK's default CRC32 on otherwise).
 */
export function terraformEnvironment(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    AWS_REQUEST_CHECKSUM_CALCULATION: 'when_required',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'when_required',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** `terraform version` on PATH, or undefined. */
export function installedTerraformVersion(): string | undefined {
  const result = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', env: terraformEnvironment() });
  if (result.status !== 0 || result.error !== undefined) return undefined;
  return (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
}

/** What the s3 backend blocks of these tests set. */
export interface BackendBlock {
  bucket: string;
  key: string;
  useLockfile: boolean;
  dynamodbTable?: string;
  workspaceKeyPrefix?: string;
}

/** The HCL attributes of an s3 backend pointing at radosgw + dynalite. */
export function s3BackendAttributes(block: BackendBlock): string {
  const { s3, dynamodb } = servers();
  const lines = [
    `bucket = ${JSON.stringify(block.bucket)}`,
    `key = ${JSON.stringify(block.key)}`,
    `region = "us-east-1"`,
    `endpoints = { s3 = ${JSON.stringify(s3.endpoint)}, dynamodb = ${JSON.stringify(dynamodb.endpoint)} }`,
    `access_key = ${JSON.stringify(s3.accessKeyId)}`,
    `secret_key = ${JSON.stringify(s3.secretAccessKey)}`,
    'use_path_style = true',
    'skip_credentials_validation = true',
    'skip_requesting_account_id = true',
    'skip_metadata_api_check = true',
    'skip_region_validation = true',
    'skip_s3_checksum = true',
    `use_lockfile = ${block.useLockfile}`,
  ];
  if (block.dynamodbTable !== undefined) lines.push(`dynamodb_table = ${JSON.stringify(block.dynamodbTable)}`);
  if (block.workspaceKeyPrefix !== undefined) lines.push(`workspace_key_prefix = ${JSON.stringify(block.workspaceKeyPrefix)}`);
  return lines.join('\n');
}

/** A project directory with `main.tf`, `terraform init`ed (built-in providers only, so offline). */
export function terraformProject(mainTf: string): string {
  const directory = mkdtempSync(join(tmpdir(), 's3-terraform-'));
  writeFileSync(join(directory, 'main.tf'), mainTf);
  const init = runTerraform(directory, ['init', '-input=false', '-no-color']);
  if (init.status !== 0) throw new Error(`terraform init failed:\n${init.stdout}\n${init.stderr}`);
  return directory;
}

export interface TerraformResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs terraform without blocking the event loop (our own provider calls keep running). */
export async function runTerraformAsync(directory: string, args: string[]): Promise<TerraformResult> {
  const child = spawn('terraform', args, { cwd: directory, env: terraformEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [status] = (await once(child, 'exit')) as [number | null];
  return { status, stdout, stderr };
}

export function runTerraform(directory: string, args: string[]): TerraformResult {
  const result = spawnSync('terraform', args, { cwd: directory, encoding: 'utf8', env: terraformEnvironment() });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts terraform with a piped stdin (to answer or never answer its prompts). */
export function startTerraform(directory: string, args: string[]): { child: ChildProcessWithoutNullStreams; output: () => string } {
  const child = spawn('terraform', args, { cwd: directory, env: terraformEnvironment(), stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Polls `probe` every 50 ms until it returns a value (up to 60 s). */
export async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  for (let attempt = 0; attempt < 1200; attempt += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}
