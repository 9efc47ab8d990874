import { isDeepStrictEqual } from 'node:util';
import { BackendError } from '@x/backend-core/errors';
import type { BackendConfig, BackendConfigValue } from '../backends/backend-config-value.js';
import { readBackendBlock } from './backend-block.js';
import { readBackendConfigEntries } from './backend-config-entries.js';
import { withHclParser } from './parse-hcl.js';
import type { SettingSource } from './setting-source.js';
import { readInitRecord } from './terraform-data-directory.js';

/** Where the backend type came from: `--backend`, the backend block, `terraform init`'s record, or the default `local`. */
export type BackendTypeSource = 'flag' | 'block' | 'init' | 'default';

/** The backend to open and the settings to open it with, each with its source. */
export interface BackendSelection {
  type: string;
  typeSource: BackendTypeSource;
  /** Settings for the provider: block or init record, then `-c` (later wins per top-level setting). */
  config: BackendConfig;
  /** Source of each key of `config`. Environment variables and defaults are added by the providers' describers. */
  sources: Readonly<Record<string, SettingSource>>;
  /** The backend block, when the configuration has one and `--backend` was not given. */
  block?: { file: string; line?: number };
  /** Things Terraform would refuse or do differently; print them on stderr. */
  warnings: string[];
}

export interface BackendSelectionOptions {
  /** `--backend`: when given, the configuration files and init record are not read. */
  backend?: string;
  /** `-c` arguments in command-line order. */
  entries: readonly string[];
  workingDirectory: string;
  env: NodeJS.ProcessEnv;
  /** Backend types that can be opened; a block or record of another type is `INVALID_CONFIG`. */
  knownTypes?: readonly string[];
}

/**
 * Chooses the backend as Terraform does for a working directory, and merges its settings:
 *
 * 1. `--backend TYPE` with the `-c` settings alone; else
 * 2. the `terraform { backend "TYPE" {...} }` block of the `*.tf`/`*.tf.json` files. When
 *    `terraform init` recorded the same type in `.terraform/terraform.tfstate` (or
 *    `$TF_DATA_DIR`), the recorded settings are used, as Terraform uses them while the block
 *    is unchanged: they include the `-backend-config` values given at init; else
 * 3. the type and settings recorded by `terraform init`; else
 * 4. `local` with no settings.
 *
 * `-c` settings are applied last (later wins, per top-level setting), as
 * `terraform init -backend-config` merges them, so a partial block can be completed.
 * MUST throw `INVALID_CONFIG` naming file and line for bad configuration files (see
 * `readBackendBlock`) and for a block or record whose type is not in `knownTypes`.
 */
export function resolveBackendSelection(options: BackendSelectionOptions): Promise<BackendSelection> {
  return withHclParser(() => selectBackend(options));
}

async function selectBackend(options: BackendSelectionOptions): Promise<BackendSelection> {
  const flags = await readBackendConfigEntries(options.entries, options.workingDirectory);
  if (options.backend !== undefined) {
    return { type: options.backend, typeSource: 'flag', config: flags.config, sources: flags.sources, warnings: [] };
  }
  const block = await readBackendBlock(options.workingDirectory);
  const record = await readInitRecord(options.workingDirectory, options.env);
  const config: Record<string, BackendConfigValue> = {};
  const sources: Record<string, SettingSource> = {};
  const warnings: string[] = [];
  let selection: Pick<BackendSelection, 'type' | 'typeSource' | 'block'>;

  if (block !== undefined) {
    const where = block.line === undefined ? block.file : `${block.file}:${block.line}`;
    requireKnownType(block.type, where, options.knownTypes);
    const location = { file: block.file, ...(block.line === undefined ? {} : { line: block.line }) };
    selection = { type: block.type, typeSource: 'block', block: location };
    if (record !== undefined && record.type === block.type) {
      for (const [key, value] of Object.entries(record.config)) {
        config[key] = value;
        sources[key] = { kind: 'init', file: record.file };
      }
      const changed: string[] = [];
      for (const [key, value] of Object.entries(block.config)) {
        if (key in config && !isDeepStrictEqual(config[key], value)) {
          changed.push(key);
          continue;
        }
        config[key] = value;
        sources[key] = block.sources[key]!;
      }
      if (changed.length > 0) {
        warnings.push(
          `the backend block at ${where} sets ${changed.join(', ')} differently from what terraform init recorded in ${record.file}; ` +
            'using the recorded values, as Terraform does until you run terraform init again',
        );
      }
    } else {
      Object.assign(config, block.config);
      Object.assign(sources, block.sources);
      if (record !== undefined) {
        warnings.push(
          `terraform init recorded the ${record.type} backend in ${record.file}, but ${where} configures ${block.type}; ` +
            'using the block (Terraform asks for terraform init first)',
        );
      }
    }
  } else if (record !== undefined) {
    requireKnownType(record.type, record.file, options.knownTypes);
    selection = { type: record.type, typeSource: 'init' };
    for (const [key, value] of Object.entries(record.config)) {
      config[key] = value;
      sources[key] = { kind: 'init', file: record.file };
    }
  } else {
    selection = { type: 'local', typeSource: 'default' };
  }

  Object.assign(config, flags.config);
  Object.assign(sources, flags.sources);
  return { ...selection, config, sources, warnings };
}

function requireKnownType(type: string, where: string, knownTypes: readonly string[] | undefined): void {
  if (knownTypes === undefined || knownTypes.includes(type)) return;
  throw new BackendError('INVALID_CONFIG', `${where}: tfstate has no "${type}" backend`, {
    hint: `tfstate opens these backends: ${knownTypes.join(', ')}. Give --backend and -c settings to open another state location.`,
  });
}
