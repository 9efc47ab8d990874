import { BackendError } from '@x/backend-core/errors';
import type { BackendConfigValue } from '../backends/backend-config-value.js';

/** A parsed HCL file: hcl2json's JSON form, blocks as lists of bodies. */
export type HclDocument = Record<string, BackendConfigValue>;

let parserProcess: Promise<typeof import('./hcl-parser-process.js')> | undefined;

/**
 * Runs `read` (which may call {@link parseHcl} any number of times), then stops the parser
 * process, so its memory is gone before the command moves state. Every reader of configuration
 * files goes through here.
 */
export async function withHclParser<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } finally {
    if (parserProcess !== undefined) await (await parserProcess).stopHclParserProcess();
  }
}

/**
 * Parses HCL native syntax with `@cdktf/hcl2json` (HashiCorp's own parser compiled to
 * WebAssembly), loaded on first use in a child process (see hcl-parser-process.ts) that
 * {@link withHclParser} stops: commands that read no configuration never load it, and the others
 * do not keep it.
 * A syntax error becomes `INVALID_CONFIG` naming `shownAs:line:column` and the problem.
 */
export async function parseHcl(text: string, shownAs: string, hint: string): Promise<HclDocument> {
  const { parseHclInProcess } = await (parserProcess ??= import('./hcl-parser-process.js'));
  try {
    return (await parseHclInProcess(shownAs, text)) as HclDocument;
  } catch (error) {
    throw new BackendError('INVALID_CONFIG', syntaxErrorMessage(error, shownAs), { hint, cause: error });
  }
}

/** hcl2json says `parse config: [file:3,14-4,1: Summary; Detail]`; this makes it `file:3:14: Summary; Detail`. */
function syntaxErrorMessage(error: unknown, shownAs: string): string {
  const raw = error instanceof Error ? error.message : String(error);
  const inner = raw.replace(/^parse config: \[/, '').replace(/\]$/, '');
  const located = inner.replace(/:(\d+),(\d+)-\d+(?:,\d+)?: /g, ':$1:$2: ');
  return located.startsWith(shownAs) ? `invalid HCL in ${located}` : `invalid HCL in ${shownAs}: ${located}`;
}

/**
 * Terraform refuses references and templates in backend settings ("Variables may not be used
 * here"); hcl2json keeps them as `${...}` text, and `$${` for a literal `${`. Returns the
 * value with escapes undone, or `undefined` when it holds a reference or template.
 */
export function literalValue(value: BackendConfigValue): BackendConfigValue | undefined {
  if (typeof value === 'string') {
    if (/(^|[^$])\$\{|(^|[^%])%\{/.test(value)) return undefined;
    return value.replaceAll('$${', '${').replaceAll('%%{', '%{');
  }
  if (Array.isArray(value)) {
    const items: BackendConfigValue[] = [];
    for (const item of value) {
      const literal = literalValue(item);
      if (literal === undefined) return undefined;
      items.push(literal);
    }
    return items;
  }
  if (value !== null && typeof value === 'object') {
    const result: Record<string, BackendConfigValue> = {};
    for (const [key, item] of Object.entries(value)) {
      const literal = literalValue(item);
      if (literal === undefined) return undefined;
      result[key] = literal;
    }
    return result;
  }
  return value;
}

/**
 * The 1-based line where `name` is set (`name =`, `name {`, or `"name":` in JSON), searching
 * from `fromLine`; `undefined` when not found.
 */
export function lineOfSetting(text: string, name: string, fromLine = 1): number | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\s*(?:"${escaped}"\\s*:|${escaped}\\s*[={])`);
  const lines = text.split('\n');
  for (let index = fromLine - 1; index < lines.length; index++) {
    if (pattern.test(lines[index]!)) return index + 1;
  }
  return undefined;
}
