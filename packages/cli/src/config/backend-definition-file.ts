import { readBackendBlock } from './backend-block.js';
import { readBackendConfigFile } from './backend-config-entries.js';
import { withHclParser } from './parse-hcl.js';
import type { SettingSource, SourcedConfig } from './setting-source.js';
import { BackendError } from '@x/backend-core/errors';

/** Settings from one file, with the backend type when the file names it. */
export interface BackendDefinition extends SourcedConfig {
  /** The type of a `.tf`/`.tf.json` file's backend block; undefined for a settings file. */
  type?: string;
}

/**
 * Reads a file that defines a backend, for options such as `migrate --to-config FILE`: a
 * `.tf`/`.tf.json` file MUST hold a backend block (its type and settings are returned); any
 * other file is a `-backend-config` style settings file (HCL attributes or JSON), without a
 * type. Errors are `INVALID_CONFIG` naming the file (`shownAs`, default `path`) and line.
 */
export function readBackendDefinitionFile(path: string, shownAs: string = path): Promise<BackendDefinition> {
  return withHclParser(() => readDefinition(path, shownAs));
}

async function readDefinition(path: string, shownAs: string): Promise<BackendDefinition> {
  if (/\.tf(\.json)?$/.test(path)) {
    const block = await readBackendBlock(path);
    if (block === undefined) {
      throw new BackendError('INVALID_CONFIG', `${shownAs} has no terraform { backend "TYPE" { ... } } block`, {
        hint: 'Give a .tf file with a backend block, or a settings file of key = "value" lines together with the backend type.',
      });
    }
    const sources: Record<string, SettingSource> = {};
    for (const [key, source] of Object.entries(block.sources)) {
      sources[key] = source.kind === 'block' ? { ...source, file: shownAs } : source;
    }
    return { type: block.type, config: block.config, sources };
  }
  const config = await readBackendConfigFile(path, shownAs);
  const sources: Record<string, SettingSource> = {};
  for (const key of Object.keys(config)) sources[key] = { kind: 'file', file: shownAs };
  return { config, sources };
}
