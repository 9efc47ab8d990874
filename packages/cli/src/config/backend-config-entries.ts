import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BackendError } from '@x/backend-core/errors';
import { UsageError } from '../cli-errors.js';
import type { BackendConfigValue } from '../backends/backend-config-value.js';
import { lineOfSetting, literalValue, parseHcl } from './parse-hcl.js';
import type { SettingSource, SourcedConfig } from './setting-source.js';

const keyPattern = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const fileHint = 'A backend config file holds lines like: bucket = "my-bucket" (or a JSON object of settings).';

/**
 * Merges `-c` arguments as `terraform init -backend-config` does: an argument containing `=`
 * is `key=value` (the value stays a string; the provider converts it), anything else names a
 * file of HCL attributes or a JSON object. Later arguments win, per top-level setting.
 * Relative file names resolve from `workingDirectory`. A bad `key=value` is a `UsageError`;
 * an unreadable or invalid file is `INVALID_CONFIG`. Values never appear in messages.
 */
export async function readBackendConfigEntries(entries: readonly string[], workingDirectory: string): Promise<SourcedConfig> {
  const config: Record<string, BackendConfigValue> = {};
  const sources: Record<string, SettingSource> = {};
  for (const entry of entries) {
    const equals = entry.indexOf('=');
    if (equals === -1) {
      const file = await readBackendConfigFile(resolve(workingDirectory, entry), entry);
      for (const [key, value] of Object.entries(file)) {
        config[key] = value;
        sources[key] = { kind: 'file', file: entry };
      }
      continue;
    }
    const key = entry.slice(0, equals).trim();
    if (!keyPattern.test(key)) {
      throw new UsageError(`invalid backend setting name "${key}" in -c`, {
        hint: 'Pass settings as -c key=value (for example -c bucket=my-state), or -c FILE for a config file.',
      });
    }
    config[key] = entry.slice(equals + 1);
    sources[key] = { kind: 'flag' };
  }
  return { config, sources };
}

/**
 * Reads a `-backend-config` style file: HCL attributes (`key = "value"`, lists, objects), or a
 * JSON object when the name ends in `.json` or the text starts with `{`.
 */
export async function readBackendConfigFile(path: string, shownAs: string): Promise<Record<string, BackendConfigValue>> {
  const text = await readConfigText(path, shownAs);
  if (path.endsWith('.json') || text.trimStart().startsWith('{')) return parseJsonConfig(text, shownAs);
  const document = await parseHcl(text, shownAs, fileHint);
  const result: Record<string, BackendConfigValue> = {};
  for (const [key, value] of Object.entries(document)) {
    const literal = literalValue(value);
    if (literal === undefined) {
      const line = lineOfSetting(text, key);
      throw new BackendError('INVALID_CONFIG', `${shownAs}${line === undefined ? '' : `:${line}`}: variables may not be used in "${key}"`, {
        hint: 'Backend settings must be literal values (no var.*, local.* or "${...}" templates), as Terraform requires.',
      });
    }
    result[key] = literal;
  }
  return result;
}

/** The text of a settings file; a missing or unreadable file is `INVALID_CONFIG`. */
export async function readConfigText(path: string, shownAs: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackendError('INVALID_CONFIG', `cannot read backend config file "${shownAs}" (${code ?? 'unknown error'})`, {
      hint: 'Pass -c key=value for a single setting, or the path of an existing file with key = "value" lines.',
    });
  }
}

function parseJsonConfig(text: string, shownAs: string): Record<string, BackendConfigValue> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text around the problem, which may be a credential: say only what is wrong.
    throw new BackendError('INVALID_CONFIG', `backend config file "${shownAs}" is not valid JSON`, {
      hint: 'Check the file with a JSON validator, or write it as key = "value" lines instead.',
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BackendError('INVALID_CONFIG', `backend config file "${shownAs}" must hold a JSON object of settings`, { hint: fileHint });
  }
  return parsed as Record<string, BackendConfigValue>;
}
