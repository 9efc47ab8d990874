import { BackendError } from '@x/backend-core';

/** Raw settings as the CLI or a caller passes them (`-c key=value` gives strings). */
export type RawConfig = Readonly<Record<string, unknown>>;

/** Environment variables, first non-empty one wins (Terraform's `MultiEnvDefaultFunc`). */
export function firstEnv(env: NodeJS.ProcessEnv, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** A string argument; absent, null and `''` read as undefined, like an unset Terraform attribute. */
export function readString(config: RawConfig, name: string): string | undefined {
  const value = config[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw wrongType(name, 'string');
  return value;
}

/** A bool argument: a boolean, or the strings `true`/`false` (what `-c name=true` gives). */
export function readBoolean(config: RawConfig, name: string): boolean | undefined {
  const value = config[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw wrongType(name, 'bool');
}

/** An int argument: an integer number, or a string of decimal digits. */
export function readInteger(config: RawConfig, name: string, shownAs = name): number | undefined {
  const value = config[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  throw wrongType(shownAs, 'int');
}

/** Terraform's wording for a value of the wrong type; the value itself is never shown. */
function wrongType(name: string, type: 'string' | 'bool' | 'int'): BackendError {
  return new BackendError('INVALID_CONFIG', `expected type of ${name} to be ${type}`, {
    hint: `Set "${name}" to a ${type === 'int' ? 'whole number' : type === 'bool' ? 'true or false' : 'string'}.`,
  });
}
