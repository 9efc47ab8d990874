import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The terraform version these interop tests were written against. */
export const TERRAFORM_VERSION = '1.11.4';

/** `terraform version` of the binary on PATH, or undefined when there is none. */
export function installedTerraformVersion(): string | undefined {
  const result = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', env: terraformEnvironment() });
  if (result.status !== 0) return undefined;
  return (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
}

const cliConfig = join(mkdtempSync(join(tmpdir(), 'terraform-cli-')), 'empty.tfrc');
writeFileSync(cliConfig, '');

/** Offline, non-interactive terraform with an empty CLI configuration. */
export function terraformEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
}

/** A working directory with `config` as main.tf, initialised (no providers, so offline). */
export function terraformProject(config: string): string {
  const directory = mkdtempSync(join(tmpdir(), 'local-terraform-'));
  writeFileSync(join(directory, 'main.tf'), config);
  const init = runTerraform(directory, ['init', '-input=false', '-no-color']);
  if (init.status !== 0) throw new Error(`terraform init failed: ${init.stderr}`);
  return directory;
}

/** Runs terraform to completion. */
export function runTerraform(directory: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('terraform', args, { cwd: directory, encoding: 'utf8', env: terraformEnvironment() });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs terraform asynchronously (the event loop stays free for our own provider calls). */
export async function runTerraformAsync(
  directory: string,
  args: string[],
  onStdout?: (text: string) => void,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn('terraform', args, { cwd: directory, env: terraformEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    onStdout?.(stdout);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [status] = (await once(child, 'exit')) as [number | null];
  return { status, stdout, stderr };
}

/**
 * `terraform console` holds the state lock for as long as it runs; it runs until its stdin
 * closes, so the returned process keeps the lock until `stdin.end()`.
 */
export function startConsole(directory: string): ChildProcess {
  return spawn('terraform', ['console', '-no-color'], { cwd: directory, env: terraformEnvironment(), stdio: ['pipe', 'pipe', 'pipe'] });
}
