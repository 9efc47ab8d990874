import { execFile, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

let availability: boolean | undefined;

/** True when a `terraform` binary on PATH answers `terraform version` (checked once per process). */
export function terraformAvailable(): boolean {
  availability ??= spawnSync('terraform', ['version', '-json'], { encoding: 'utf8' }).status === 0;
  return availability;
}

/**
 * Decides whether a test that needs the real terraform can run. In CI a missing binary is a
 * failure (CI must provide terraform v1.11.4); elsewhere the test is skipped with a warning
 * so that the gap is visible in the output.
 */
export function requireTerraform(testName: string, skip: (note?: string) => void): void {
  if (terraformAvailable()) return;
  if (process.env.CI === 'true') {
    throw new Error(`${testName}: terraform is not on PATH; CI must install terraform v1.11.4`);
  }
  const note = `terraform not on PATH: skipped "${testName}" (install terraform v1.11.4 to run it)`;
  console.warn(`WARNING: ${note}`);
  skip(note);
}

/** A scratch directory with its own HOME and an empty CLI config, so no user settings leak in. */
export interface TerraformSandbox {
  readonly directory: string;
  /** Runs terraform in the sandbox; rejects on a non-zero exit. */
  terraform(...args: string[]): Promise<{ stdout: string; stderr: string }>;
  remove(): Promise<void>;
}

/** Creates a sandbox under the OS temp dir holding `files` (relative path -> contents). */
export async function createTerraformSandbox(files: Record<string, string>): Promise<TerraformSandbox> {
  const root = await mkdtemp(join(tmpdir(), 'backend-core-terraform-'));
  const directory = join(root, 'config');
  const home = join(root, 'home');
  const cliConfig = join(root, 'empty.tfrc');
  await mkdir(home, { recursive: true });
  await writeFile(cliConfig, '');
  for (const [path, contents] of Object.entries(files)) {
    await mkdir(dirname(join(directory, path)), { recursive: true });
    await writeFile(join(directory, path), contents);
  }
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    TMPDIR: root,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
  };
  return {
    directory,
    terraform: (...args) => run('terraform', args, { cwd: directory, env }),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
