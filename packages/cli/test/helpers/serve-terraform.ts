import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runProcess, type RunResult } from './run-tfstate.js';

/** Runs terraform offline in `cwd` (empty CLI config, no input, no colour) and resolves whatever its exit code. */
export async function runTerraform(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const config = join(cwd, '.empty.tfrc');
  await writeFile(config, '');
  return runProcess('terraform', [...args], {
    cwd,
    env: { TF_CLI_CONFIG_FILE: config, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', ...env },
  });
}

/** Writes a configuration using the http backend at `address` for state, lock and unlock, with one builtin resource. */
export async function writeHttpBackendConfig(cwd: string, address: string, extra: Record<string, string> = {}): Promise<void> {
  const settings = Object.entries({ address, lock_address: address, unlock_address: address, ...extra })
    .map(([key, value]) => `    ${key} = ${JSON.stringify(value)}`)
    .join('\n');
  await writeFile(
    join(cwd, 'main.tf'),
    `terraform {\n  backend "http" {\n${settings}\n  }\n}\n\nvariable "value" {\n  type    = string\n  default = "one"\n}\n\n` +
      `resource "terraform_data" "example" {\n  input = var.value\n}\n\noutput "value" {\n  value = terraform_data.example.output\n}\n`,
  );
}

/** The LOCK requests of the request log on `stderr` (JSON lines) for `path`, with their status. */
export function lockStatuses(stderr: string, path: string): number[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { method: string; path: string; status: number })
    .filter((entry) => entry.method === 'LOCK' && entry.path === path)
    .map((entry) => entry.status);
}
