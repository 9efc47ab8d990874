import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runProcess } from './processes.mjs';

/** A configuration with no providers: one literal output, state in the s3 backend. */
const mainConfiguration = `terraform {
  backend "s3" {}
}

output "hello" {
  value = "world"
}
`;

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
 * Creates a Terraform working directory for `config` and runs `terraform init` in it. The
 * environment disables the version check and the CLI config file so nothing leaves the machine.
 */
export async function prepareTerraformDirectory(directory, config, awsEnvironment) {
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, 'main.tf'), mainConfiguration);
  await writeFile(join(directory, 'backend.hcl'), renderBackendFile(config));
  await writeFile(join(directory, 'cli.tfrc'), '');
  const env = {
    ...process.env,
    ...awsEnvironment,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    TF_CLI_CONFIG_FILE: join(directory, 'cli.tfrc'),
  };
  const terraform = (...args) => runProcess('terraform', ['-chdir=' + directory, ...args, '-no-color'], { env });
  await terraform('init', '-input=false', '-backend-config=backend.hcl', '-reconfigure');
  return { directory, terraform };
}
