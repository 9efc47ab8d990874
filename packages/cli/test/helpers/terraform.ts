import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runProcess, type RunResult } from './run-tfstate.js';

/** True when `terraform` runs. In CI a missing terraform fails the suite instead of skipping it. */
export function terraformAvailable(): boolean {
  const found = spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0;
  if (!found && process.env.CI === 'true') {
    throw new Error('terraform is not on PATH, and CI=true requires the terraform interop tests to run');
  }
  if (!found) console.warn('\n*** SKIPPING terraform interop tests: terraform is not on PATH ***\n');
  return found;
}

/** Runs terraform offline in `cwd`: empty CLI config, no input, no colour. */
export async function terraform(cwd: string, ...args: string[]): Promise<RunResult> {
  const config = join(cwd, '.empty.tfrc');
  await writeFile(config, '');
  const result = await runProcess('terraform', [...args], {
    cwd,
    env: { TF_CLI_CONFIG_FILE: config, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' },
  });
  if (result.code !== 0) throw new Error(`terraform ${args.join(' ')} failed (${result.code}):\n${result.stderr}${result.stdout}`);
  return result;
}
