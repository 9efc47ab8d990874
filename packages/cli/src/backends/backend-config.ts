import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BackendError } from '@x/backend-core/errors';
import { UsageError } from '../cli-errors.js';
import type { BackendConfig, BackendConfigValue } from './backend-config-value.js';
import { parseHclAttributes } from './parse-hcl-attributes.js';

const keyPattern = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Merges `-c` arguments with Terraform's `-backend-config` rules: an argument containing `=` is
 * `key=value` (the value is kept as a string), anything else names a file of `key = "value"`
 * lines or a JSON object. Later arguments win. Relative file names resolve from
 * `workingDirectory`. Values never appear in error messages: they may be credentials.
 */
export async function resolveBackendConfig(entries: readonly string[], workingDirectory: string): Promise<BackendConfig> {
  const merged: Record<string, BackendConfigValue> = {};
  for (const entry of entries) {
    const equals = entry.indexOf('=');
    if (equals === -1) {
      Object.assign(merged, await readBackendConfigFile(resolve(workingDirectory, entry), entry));
      continue;
    }
    const key = entry.slice(0, equals).trim();
    if (!keyPattern.test(key)) {
      throw new UsageError(`invalid backend setting name "${key}" in -c`, {
        hint: 'Pass settings as -c key=value (for example -c bucket=my-state), or -c FILE for a config file.',
      });
    }
    merged[key] = entry.slice(equals + 1);
  }
  return merged;
}

async function readBackendConfigFile(path: string, shownAs: string): Promise<Record<string, BackendConfigValue>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackendError('INVALID_CONFIG', `cannot read backend config file "${shownAs}" (${code ?? 'unknown error'})`, {
      hint: 'Pass -c key=value for a single setting, or the path of an existing file with key = "value" lines.',
    });
  }
  if (path.endsWith('.json') || text.trimStart().startsWith('{')) return parseJsonConfig(text, shownAs);
  return parseHclAttributes(text, shownAs);
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
    throw new BackendError('INVALID_CONFIG', `backend config file "${shownAs}" must hold a JSON object of settings`);
  }
  return parsed as Record<string, BackendConfigValue>;
}
