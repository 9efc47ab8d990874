import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runProcess } from './processes.mjs';

/** Renders backend settings (strings, booleans, flat objects) as a `-backend-config` file. */
export function renderBackendFile(config) {
  const value = (item) =>
    typeof item === 'object'
      ? `{ ${Object.entries(item)
          .map(([key, inner]) => `${key} = ${value(inner)}`)
          .join(', ')} }`
      : JSON.stringify(item);
  return `${Object.entries(config)
    .map(([key, item]) => `${key} = ${value(item)}`)
    .join('\n')}\n`;
}

/**
 * Creates a Terraform working directory holding `files` (name to content), runs `terraform init
 * -input=false <initArguments> -reconfigure` in it, and returns the directory with a `terraform`
 * function that runs further commands there. On top of `env`, the environment disables the
 * version check and points the CLI config at an empty file, so nothing leaves the machine and the
 * user's own settings do not change what is measured.
 */
export async function initTerraformDirectory(directory, files, { env, initArguments = [] }) {
  await mkdir(directory, { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(join(directory, file), content);
  await writeFile(join(directory, 'cli.tfrc'), '');
  const environment = { ...env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0', TF_CLI_CONFIG_FILE: join(directory, 'cli.tfrc') };
  const terraform = (...args) => runProcess('terraform', ['-chdir=' + directory, ...args, '-no-color'], { env: environment });
  await terraform('init', '-input=false', ...initArguments, '-reconfigure');
  return { directory, terraform };
}
