import { closestName } from './closest-name.js';
import { configError } from './config-error.js';

/**
 * Typed, read-only access to one level of backend settings, converting values the way HCL
 * converts them for Terraform: `-c key=value` gives strings, so `"true"`/`"false"` are booleans
 * and numeric text is a number; numbers and booleans become strings where a string is expected;
 * lists and objects may be given as JSON text. `null` means "not set". Error messages name the
 * argument and the expected type, never the value (it may be a credential).
 */
export class ConfigObject {
  constructor(
    private readonly values: Readonly<Record<string, unknown>>,
    /** Path of this object (`assume_role`), empty for the top level. */
    readonly path: string,
  ) {}

  /** The full argument path of `name` inside this object. */
  pathOf(name: string): string {
    return this.path === '' ? name : `${this.path}.${name}`;
  }

  /** True when `name` is present with a non-null value. */
  has(name: string): boolean {
    return this.values[name] !== undefined && this.values[name] !== null;
  }

  /** Refuses names outside `known`, suggesting the closest known name. */
  refuseUnknown(known: readonly string[]): void {
    for (const name of Object.keys(this.values)) {
      if (known.includes(name)) continue;
      const suggestion = closestName(name, known);
      const argument = this.pathOf(name);
      throw configError({
        summary: 'Unsupported argument',
        detail:
          `An argument named "${argument}" is not expected here.` +
          (suggestion === undefined ? '' : ` Did you mean "${this.pathOf(suggestion)}"?`),
        hint:
          suggestion === undefined
            ? `Remove "${argument}"; the s3 backend arguments are: ${known.join(', ')}.`
            : `Rename "${argument}" to "${this.pathOf(suggestion)}".`,
      });
    }
  }

  string(name: string): string | undefined {
    const value = this.values[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw this.typeError(name, 'string');
  }

  bool(name: string): boolean | undefined {
    const value = this.values[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw this.typeError(name, 'bool');
  }

  /** A whole number (`max_retries`). */
  integer(name: string): number | undefined {
    const value = this.values[name];
    if (value === undefined || value === null) return undefined;
    const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (Number.isNaN(number)) throw this.typeError(name, 'number');
    if (!Number.isInteger(number)) {
      throw configError({
        summary: 'Incorrect attribute value type',
        detail: `Inappropriate value for attribute "${this.pathOf(name)}": a whole number is required.`,
        argument: this.pathOf(name),
      });
    }
    return number;
  }

  /** A set of strings: duplicates are dropped, order of first appearance kept. */
  stringSet(name: string): string[] | undefined {
    const value = this.structured(name, 'set of string');
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw this.typeError(name, 'set of string');
    const items = value.map((item) => {
      if (typeof item === 'string') return item;
      if (typeof item === 'number' || typeof item === 'boolean') return String(item);
      throw this.typeError(name, 'set of string');
    });
    return [...new Set(items)];
  }

  stringMap(name: string): Record<string, string> | undefined {
    const value = this.structured(name, 'map of string');
    if (value === undefined) return undefined;
    if (!isPlainObject(value)) throw this.typeError(name, 'map of string');
    const result: Record<string, string> = {};
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'string') result[key] = item;
      else if (typeof item === 'number' || typeof item === 'boolean') result[key] = String(item);
      else throw this.typeError(name, 'map of string');
    }
    return result;
  }

  object(name: string): ConfigObject | undefined {
    const value = this.structured(name, 'object');
    if (value === undefined) return undefined;
    if (!isPlainObject(value)) throw this.typeError(name, 'object');
    return new ConfigObject(value, this.pathOf(name));
  }

  /** A list/map/object value, parsing JSON text when it came from `-c key=value`. */
  private structured(name: string, expected: string): unknown {
    const value = this.values[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw configError({
        summary: 'Incorrect attribute value type',
        detail: `Inappropriate value for attribute "${this.pathOf(name)}": ${expected} required.`,
        argument: this.pathOf(name),
        hint: `Give "${this.pathOf(name)}" in a backend config file, or as JSON text with -c (for example -c '${this.pathOf(name)}=${expected === 'set of string' ? '["a","b"]' : '{"name":"value"}'}').`,
      });
    }
  }

  private typeError(name: string, expected: string) {
    return configError({
      summary: 'Incorrect attribute value type',
      detail: `Inappropriate value for attribute "${this.pathOf(name)}": ${expected} required.`,
      argument: this.pathOf(name),
    });
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
