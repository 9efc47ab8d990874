import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The terraform version these interop tests were written against. */
export const TERRAFORM_VERSION = '1.11.4';

const cliConfig = join(mkdtempSync(join(tmpdir(), 'oss-terraform-cli-')), 'empty.tfrc');
writeFileSync(cliConfig, '');

/** Offline, non-interactive terraform with an empty CLI configuration and no Alibaba Cloud variables. */
function terraformEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
  for (const name of Object.keys(env)) if (/^(ALICLOUD|ALIBABA_CLOUD)_/.test(name) || name === 'OSS_ENDPOINT') delete env[name];
  return env;
}

/** `terraform version` of the binary on PATH, or undefined when there is none. */
export function installedTerraformVersion(): string | undefined {
  const result = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', env: terraformEnvironment() });
  if (result.status !== 0) return undefined;
  return (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
}

/** An HCL string literal. */
function hcl(value: string | boolean): string {
  return typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

/**
 * A working directory whose backend "oss" block holds `settings`, initialised. Terraform runs
 * asynchronously throughout: a server started inside the test process must keep answering.
 */
export async function terraformProject(settings: Record<string, unknown>, body = 'output "greeting" {\n  value = "hello"\n}\n'): Promise<string> {
  const directory = mkdtempSync(join(tmpdir(), 'oss-terraform-'));
  const lines = Object.entries(settings)
    .filter(([name]) => name !== 'use_lockfile')
    .map(([name, value]) => `    ${name} = ${hcl(value as string | boolean)}`);
  writeFileSync(join(directory, 'main.tf'), `terraform {\n  backend "oss" {\n${lines.join('\n')}\n  }\n}\n\n${body}`);
  const init = await runTerraform(directory, ['init', '-input=false', '-no-color']);
  if (init.status !== 0) throw new Error(`terraform init failed: ${init.stderr}${init.stdout}`);
  return directory;
}

/** Runs terraform to completion, asynchronously, so servers and provider calls in this process go on meanwhile. */
export function runTerraform(directory: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn('terraform', args, { cwd: directory, env: terraformEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (status) => resolve({ status, stdout, stderr })));
}

/** `terraform console` holds the state lock while it runs (until its stdin closes or it is killed). */
export function startConsole(directory: string): ChildProcess {
  return spawn('terraform', ['console', '-no-color'], { cwd: directory, env: terraformEnvironment(), stdio: ['pipe', 'pipe', 'pipe'] });
}
