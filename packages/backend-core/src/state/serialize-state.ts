import { isDeepStrictEqual } from 'node:util';
import { BackendError } from '../errors/backend-error.js';
import { encodeGoJsonString } from '../json/go-json-string.js';
import { parseJsonTree, type JsonMember, type JsonNode } from './json-tree.js';
import { nodeFromValue, writeJsonNode } from './json-writer.js';
import type { StateLayout, StateOutput, TerraformState } from './terraform-state.js';

/** Options of {@link serializeState}. */
export interface SerializeStateOptions {
  /** `terraform` (default): Go `MarshalIndent` with two spaces; `opentofu`: compact. Both end in one `\n`. */
  layout?: StateLayout;
}

/**
 * The bytes Terraform (or OpenTofu) would write for `state`: top-level members in the v4 order
 * (`version`, `terraform_version`, `serial`, `lineage`, `outputs`, `resources`,
 * `check_results`, then unknown members as read), Go-JSON escaping, raw JSON kept verbatim,
 * one trailing newline. Throws `INVALID_ARGUMENT` when a field holds something a state
 * cannot (a negative or fractional serial, a non-string lineage, ...).
 */
export function serializeState(state: TerraformState, options: SerializeStateOptions = {}): Uint8Array {
  const layout = options.layout ?? 'terraform';
  const indent = layout === 'terraform' ? '  ' : undefined;
  return new TextEncoder().encode(writeJsonNode(stateNode(state), indent) + '\n');
}

/** The whole state as one tree, in the order Terraform writes it. */
export function stateNode(state: TerraformState): JsonNode {
  checkMeta(state);
  const members: JsonMember[] = [
    member('version', { kind: 'number', raw: '4' }),
    member('terraform_version', { kind: 'string', raw: encodeGoJsonString(state.terraformVersion) }),
    member('serial', { kind: 'number', raw: String(state.serial) }),
    member('lineage', { kind: 'string', raw: encodeGoJsonString(state.lineage) }),
    member('outputs', {
      kind: 'object',
      members: Object.entries(state.outputs).map(([name, output]) => member(name, outputNode(name, output))),
    }),
    member('resources', state.resources),
    member('check_results', state.checkResults),
    ...state.extraFields,
  ];
  return { kind: 'object', members };
}

function outputNode(name: string, output: StateOutput): JsonNode {
  const members = [
    member('value', rawOrFresh(output.rawValue, output.value, `outputs.${name}.value`)),
    member('type', rawOrFresh(output.rawType, output.type, `outputs.${name}.type`)),
  ];
  if (output.sensitive) members.push(member('sensitive', { kind: 'literal', raw: 'true' }));
  members.push(...(output.extraFields ?? []));
  return { kind: 'object', members };
}

/** The raw text while it still stands for `value` (so big numbers survive); otherwise `value` encoded. */
function rawOrFresh(raw: string | undefined, value: unknown, field: string): JsonNode {
  if (typeof raw === 'string' && raw !== '') {
    const node = parseJsonTree(raw, `the raw JSON of ${field}`);
    if (isDeepStrictEqual(JSON.parse(raw), value)) return node;
  }
  try {
    return nodeFromValue(value, field);
  } catch (error) {
    throw new BackendError('INVALID_ARGUMENT', `cannot serialise the state: ${(error as Error).message}`, { cause: error });
  }
}

function checkMeta(state: TerraformState): void {
  if (state.version !== 4) throw badMeta(`version must be 4, got ${String(state.version)}`);
  if (!Number.isSafeInteger(state.serial) || state.serial < 0) {
    throw badMeta(`serial must be a safe integer >= 0, got ${String(state.serial)}`);
  }
  if (typeof state.lineage !== 'string') throw badMeta('lineage must be a string');
  if (typeof state.terraformVersion !== 'string' || state.terraformVersion === '') {
    throw badMeta('terraformVersion must be a non-empty string');
  }
}

function badMeta(problem: string): BackendError {
  return new BackendError('INVALID_ARGUMENT', `cannot serialise the state: ${problem}`);
}

function member(key: string, value: JsonNode): JsonMember {
  return { key, rawKey: encodeGoJsonString(key), value };
}
