import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BackendError } from '@x/backend-core/errors';
import type { BackendConfigValue } from '../backends/backend-config-value.js';
import { readConfigText } from './backend-config-entries.js';
import { lineOfSetting, literalValue, parseHcl, type HclDocument } from './parse-hcl.js';
import type { SettingSource, SourcedConfig } from './setting-source.js';

/** The `terraform { backend "TYPE" { ... } }` block of a configuration. */
export interface BackendBlock extends SourcedConfig {
  type: string;
  /** The file that holds the block, as shown in messages (a base name when a directory was read). */
  file: string;
  /** 1-based line of `backend "TYPE"`, when found. */
  line?: number;
}

interface FoundBlock {
  kind: 'backend' | 'cloud';
  type: string;
  body: unknown;
  file: string;
  text: string;
  line: number | undefined;
}

const syntaxHint = 'Fix the syntax at that line (terraform validate shows the same problem).';

/**
 * Reads the backend block of a Terraform configuration: `path` is a `.tf`/`.tf.json` file or
 * a directory whose `*.tf` and `*.tf.json` files are read (in name order, as Terraform loads
 * them; a block in an `override.tf`/`*_override.tf` file replaces the others).
 *
 * Returns `undefined` when there is no backend block. MUST throw `INVALID_CONFIG` naming the
 * file and line for: HCL or JSON syntax errors, two backend blocks, a `cloud` block (HCP
 * Terraform is not a state backend tfstate can open), and references or templates in a
 * setting (Terraform refuses them too). Values never appear in messages.
 */
export async function readBackendBlock(path: string): Promise<BackendBlock | undefined> {
  const info = await stat(path).catch(() => undefined);
  const files = info?.isDirectory() ? await configurationFiles(path) : [{ path, shownAs: path }];
  let primary: FoundBlock | undefined;
  let override: FoundBlock | undefined;
  for (const file of files) {
    const isOverride = /(^|_)override\.tf(\.json)?$/.test(basename(file.path));
    for (const block of await blocksOfFile(file.path, file.shownAs)) {
      if (block.kind === 'cloud') throw cloudBlockError(block);
      const previous = isOverride ? override : primary;
      if (previous !== undefined) throw duplicateError(block, previous);
      if (isOverride) override = block;
      else primary = block;
    }
  }
  const chosen = override ?? primary;
  return chosen === undefined ? undefined : toBackendBlock(chosen);
}

async function configurationFiles(directory: string): Promise<Array<{ path: string; shownAs: string }>> {
  const names = (await readdir(directory, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && /\.tf(\.json)?$/.test(entry.name) && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  return names.map((name) => ({ path: join(directory, name), shownAs: name }));
}

async function blocksOfFile(path: string, shownAs: string): Promise<FoundBlock[]> {
  const text = await readConfigText(path, shownAs);
  const document = path.endsWith('.json') ? parseJsonConfiguration(text, shownAs) : await parseHcl(text, shownAs, syntaxHint);
  const found: FoundBlock[] = [];
  const lines = { backend: 1, cloud: 1 };
  for (const terraform of listOf(document.terraform)) {
    if (!isObject(terraform)) continue;
    for (const backends of listOf(terraform.backend)) {
      if (!isObject(backends)) continue;
      for (const [type, bodies] of Object.entries(backends)) {
        for (const body of listOf(bodies)) {
          const line = findBlockLine(text, 'backend', type, lines.backend);
          if (line !== undefined) lines.backend = line + 1;
          found.push({ kind: 'backend', type, body, file: shownAs, text, line });
        }
      }
    }
    for (const body of listOf(terraform.cloud)) {
      found.push({ kind: 'cloud', type: 'cloud', body, file: shownAs, text, line: findBlockLine(text, 'cloud', undefined, lines.cloud) });
    }
  }
  return found;
}

function parseJsonConfiguration(text: string, shownAs: string): HclDocument {
  try {
    const parsed: unknown = JSON.parse(text);
    if (isObject(parsed)) return parsed as HclDocument;
  } catch {
    // Fall through: JSON.parse's message quotes the text, which may hold a credential.
  }
  throw new BackendError('INVALID_CONFIG', `${shownAs} is not a valid Terraform JSON configuration (a JSON object)`, {
    hint: 'Check the file with a JSON validator (terraform validate reports the same problem).',
  });
}

function toBackendBlock(block: FoundBlock): BackendBlock {
  if (!isObject(block.body)) {
    throw new BackendError('INVALID_CONFIG', `${located(block)}: the backend "${block.type}" block must hold settings`, {
      hint: `Write it as backend "${block.type}" { key = "value" }.`,
    });
  }
  const config: Record<string, BackendConfigValue> = {};
  const sources: Record<string, SettingSource> = {};
  for (const [key, value] of Object.entries(block.body as Record<string, BackendConfigValue>)) {
    const line = lineOfSetting(block.text, key, block.line ?? 1) ?? block.line;
    const literal = literalValue(value);
    if (literal === undefined) {
      throw new BackendError(
        'INVALID_CONFIG',
        `${block.file}${line === undefined ? '' : `:${line}`}: variables may not be used in the backend setting "${key}"`,
        {
          hint: `Write a literal value, or leave "${key}" out of the block and pass it with -c ${key}=VALUE (partial configuration), as Terraform requires.`,
        },
      );
    }
    config[key] = literal;
    sources[key] = line === undefined ? { kind: 'block', file: block.file } : { kind: 'block', file: block.file, line };
  }
  return { type: block.type, config, sources, file: block.file, ...(block.line === undefined ? {} : { line: block.line }) };
}

function cloudBlockError(block: FoundBlock): BackendError {
  return new BackendError(
    'INVALID_CONFIG',
    `${located(block)}: the configuration uses a cloud block (HCP Terraform / Terraform Enterprise), which tfstate cannot open`,
    {
      hint: 'Name a state backend instead: --backend s3|oss|local with -c settings (a --backend flag skips the configuration files).',
    },
  );
}

function duplicateError(block: FoundBlock, previous: FoundBlock): BackendError {
  return new BackendError(
    'INVALID_CONFIG',
    `${located(block)}: duplicate backend configuration; a configuration may have only one backend block, and one was already given at ${located(previous)}`,
    { hint: 'Remove one of the two backend blocks (Terraform refuses this configuration too).' },
  );
}

function located(block: FoundBlock): string {
  return block.line === undefined ? block.file : `${block.file}:${block.line}`;
}

/** Line of the next `backend "TYPE" {` (or `cloud {`, or the JSON key) at or after `fromLine`. */
function findBlockLine(text: string, keyword: 'backend' | 'cloud', type: string | undefined, fromLine: number): number | undefined {
  const quotedType = type === undefined ? '' : type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern =
    keyword === 'backend'
      ? new RegExp(`(^|[\\s{])backend\\s+"?${quotedType}"?\\s*\\{|"backend"\\s*:`)
      : /(^|[\s{])cloud\s*\{|"cloud"\s*:/;
  const lines = text.split('\n');
  for (let index = fromLine - 1; index < lines.length; index++) {
    if (pattern.test(lines[index]!)) return index + 1;
  }
  return undefined;
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
