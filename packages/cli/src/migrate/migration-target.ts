import { resolve } from 'node:path';
import type { BackendConfig } from '../backends/backend-config-value.js';
import { UsageError } from '../cli-errors.js';
import { readBackendConfigEntries } from '../config/backend-config-entries.js';
import { readBackendDefinitionFile } from '../config/backend-definition-file.js';
import { withHclParser } from '../config/parse-hcl.js';

/** The migrate options that choose the target backend. */
export interface TargetOptions {
  toBackend?: string;
  toBackendConfig?: string[];
  toConfig?: string;
}

/**
 * The target's type and settings: `--to-config FILE` (a `.tf` file with a backend block, which
 * gives the type, or a `-backend-config` style settings file), then every `-t`, later ones
 * winning per setting as `-c` does. The type comes from `--to-backend` or the `.tf` file; when
 * both give one they must agree.
 */
export async function resolveMigrationTarget(options: TargetOptions, workingDirectory: string): Promise<{ type: string; config: BackendConfig }> {
  const definition =
    options.toConfig === undefined ? undefined : await readBackendDefinitionFile(resolve(workingDirectory, options.toConfig), options.toConfig);
  const type = options.toBackend ?? definition?.type;
  if (type === undefined) {
    throw new UsageError('migrate needs the target backend type: --to-backend TYPE, or --to-config FILE.tf with a backend block', {
      hint: 'For example: tfstate migrate --to-backend s3 --to-config new.s3.tfbackend (or -t bucket=... -t key=... -t region=...).',
    });
  }
  if (definition?.type !== undefined && definition.type !== type) {
    throw new UsageError(`--to-backend ${type} disagrees with the backend "${definition.type}" block of ${options.toConfig}`, {
      hint: 'Leave out --to-backend (the .tf file names the type), or pass a settings file for that type.',
    });
  }
  const flags = await withHclParser(() => readBackendConfigEntries(options.toBackendConfig ?? [], workingDirectory));
  return { type, config: { ...(definition?.config ?? {}), ...flags.config } };
}
