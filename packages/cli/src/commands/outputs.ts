import {
  BackendError,
  encodeGoJsonString,
  nodeFromValue,
  parseJsonTree,
  parseState,
  writeJsonNode,
  type JsonMember,
  type JsonNode,
  type StateOutput,
} from '@x/backend-core';
import { UsageError } from '../cli-errors.js';
import type { CommandContext } from '../command-context.js';
import { writeAll } from '../support/cli-io.js';
import { note, printLines } from '../support/print.js';
import { compareUtf8, normalizeCtyJson } from '../outputs/cty-json.js';
import { ctyNumberText } from '../outputs/cty-number.js';
import { formatOutputValue, friendlyTypeName } from '../outputs/format-output-value.js';

export interface OutputsOptions {
  raw?: boolean;
  showSensitive?: boolean;
}

const masked = '<sensitive>';

/**
 * `outputs [NAME]`: root module outputs as `terraform output` prints them. `--json` has the
 * exact bytes of `terraform output -json` (real values, sensitive or not, as Terraform does);
 * `--raw` prints one primitive bare; the human format masks sensitive values unless
 * `--show-sensitive`.
 */
export async function run(context: CommandContext, [name]: string[], options: OutputsOptions): Promise<void> {
  if (options.raw && context.json) {
    throw new UsageError('--raw and --json cannot be used together', { hint: 'Pick one output format.' });
  }
  if (options.raw && name === undefined) {
    throw new UsageError('--raw needs the name of one output', { hint: 'For example: tfstate outputs vpc_id --raw' });
  }
  const stored = await (await context.backend()).readState(context.workspace);
  const outputs = stored ? parseState(stored.bytes).outputs : {};

  if (name !== undefined) {
    const output = Object.hasOwn(outputs, name) ? outputs[name] : undefined;
    if (!output) {
      throw new BackendError('INVALID_ARGUMENT', `output "${name}" not found in the state of workspace "${context.workspace}"`, {
        hint: 'List the outputs with: tfstate outputs. New outputs appear after terraform apply.',
      });
    }
    await printOne(context, name, output, options);
    return;
  }

  const names = Object.keys(outputs).sort(compareUtf8);
  if (context.json) {
    const members: JsonMember[] = names.map((key) => ({ key, rawKey: encodeGoJsonString(key), value: outputJson(outputs[key]!) }));
    await writeAll(context.io.stdout, `${writeJsonNode({ kind: 'object', members }, '  ')}\n`);
    return;
  }
  if (names.length === 0) {
    note(context, `Warning: no outputs found in the state of workspace "${context.workspace}".`);
    return;
  }
  await printLines(
    context,
    ...names.map((key) => {
      const output = outputs[key]!;
      const shown = output.sensitive && !options.showSensitive ? masked : formatOutputValue(valueNode(output), output.type);
      return `${key} = ${shown}`;
    }),
  );
}

async function printOne(context: CommandContext, name: string, output: StateOutput, options: OutputsOptions): Promise<void> {
  const value = valueNode(output);
  if (context.json) {
    await writeAll(context.io.stdout, `${writeJsonNode(value)}\n`);
  } else if (options.raw) {
    await writeAll(context.io.stdout, rawText(name, value, output.type));
  } else if (output.sensitive && !options.showSensitive) {
    await printLines(context, masked);
    note(context, `Output "${name}" is sensitive; pass --show-sensitive to print it.`);
  } else {
    await printLines(context, formatOutputValue(value, output.type));
  }
}

/** `{sensitive, type, value}` in the key order Go's encoder gives the struct Terraform prints. */
function outputJson(output: StateOutput): JsonNode {
  const member = (key: string, value: JsonNode): JsonMember => ({ key, rawKey: `"${key}"`, value });
  return {
    kind: 'object',
    members: [
      member('sensitive', { kind: 'literal', raw: output.sensitive ? 'true' : 'false' }),
      member('type', normalizeCtyJson(output.rawType === undefined ? nodeFromValue(output.type) : parseJsonTree(output.rawType, 'the output type'))),
      member('value', valueNode(output)),
    ],
  };
}

function valueNode(output: StateOutput): JsonNode {
  return normalizeCtyJson(parseJsonTree(output.rawValue, 'the output value'));
}

/** `terraform output -raw`: strings as they are, numbers and bools as text, no new line added. */
function rawText(name: string, value: JsonNode, type: unknown): string {
  if (value.kind === 'string') return JSON.parse(value.raw) as string;
  if (value.kind === 'number') return ctyNumberText(value.raw);
  if (value.kind === 'literal' && value.raw !== 'null') return value.raw;
  throw new BackendError(
    'INVALID_ARGUMENT',
    `--raw only prints strings, numbers and bools, but output "${name}" is ${value.kind === 'literal' ? 'null' : friendlyTypeName(type)}`,
    { hint: 'Use --json for a machine-readable form of complex values.' },
  );
}
