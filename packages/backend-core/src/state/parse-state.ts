import { BackendError } from '../errors/backend-error.js';
import {
  memberValue,
  parseJsonTree,
  stringValue,
  type JsonArrayNode,
  type JsonLiteralNode,
  type JsonMember,
  type JsonNode,
} from './json-tree.js';
import { writeJsonNode } from './json-writer.js';
import { defineOwn, type StateOutput, type TerraformState } from './terraform-state.js';

/** Top-level members Terraform's v4 format defines; every other member is kept as an extra. */
const knownTopLevelFields: ReadonlySet<string> = new Set([
  'version',
  'terraform_version',
  'serial',
  'lineage',
  'outputs',
  'resources',
  'check_results',
]);

const knownOutputFields: ReadonlySet<string> = new Set(['value', 'type', 'sensitive']);

const upgradeHint =
  'Upgrade it by running `terraform state pull > state.json` with a current Terraform (>= 0.12), then push the result.';

/**
 * Parses a state file (format v4) strictly, keeping everything it does not interpret as raw
 * JSON. Throws `BackendError`:
 * - `INVALID_STATE`: not JSON (with line and column), not an object, or a field of the wrong
 *   type (the message names the field, e.g. `resources[2].type`);
 * - `UNSUPPORTED_STATE_VERSION`: no `version`, versions 0-3 (with an upgrade hint) or above 4;
 * - `ENCRYPTED_STATE`: an OpenTofu encryption envelope, which is never read as plaintext.
 */
export function parseState(bytes: Uint8Array | string): TerraformState {
  const text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const root = parseJsonTree(text, 'the state file');
  if (root.kind !== 'object') {
    throw invalid(`the state file must be a JSON object, found ${describe(root)}`);
  }
  const marker = memberValue(root, 'encryption_version');
  if (marker?.kind === 'string' && stringValue(marker) !== '') {
    throw new BackendError('ENCRYPTED_STATE', 'the state is encrypted with OpenTofu client-side state encryption', {
      hint: 'Read it with OpenTofu and its encryption configuration (`tofu state pull`); this tool does not decrypt states and will not overwrite them as plaintext.',
    });
  }
  checkVersion(memberValue(root, 'version'));
  return {
    version: 4,
    terraformVersion: readTerraformVersion(memberValue(root, 'terraform_version')),
    serial: readSerial(memberValue(root, 'serial')),
    lineage: readOptionalString(memberValue(root, 'lineage'), 'lineage'),
    outputs: readOutputs(memberValue(root, 'outputs')),
    resources: readResources(memberValue(root, 'resources')),
    checkResults: readCheckResults(memberValue(root, 'check_results')),
    extraFields: root.members.filter((member) => !knownTopLevelFields.has(member.key)),
  };
}

function checkVersion(node: JsonNode | undefined): void {
  if (isAbsent(node)) {
    throw new BackendError('UNSUPPORTED_STATE_VERSION', 'the state file has no "version" field', {
      hint: 'This is not a Terraform state file, or it is damaged. Check that the right object was read.',
    });
  }
  if (node.kind !== 'number') throw wrongType('version', 'a number', node);
  if (!/^(0|[1-9][0-9]*)$/.test(node.raw)) throw invalid(`the state field "version" must be a whole number, found ${node.raw}`);
  const version = Number(node.raw);
  if (version === 4) return;
  if (version >= 1 && version <= 3) {
    throw new BackendError('UNSUPPORTED_STATE_VERSION', `the state file uses format version ${version}; only version 4 is supported`, {
      hint: upgradeHint,
    });
  }
  throw new BackendError(
    'UNSUPPORTED_STATE_VERSION',
    `the state file uses format version ${node.raw}, which this tool does not know (it reads version 4)`,
    {
      hint:
        version === 0
          ? 'Version 0 is not a valid state format; the file is damaged or not a Terraform state.'
          : 'It was written by a newer Terraform or OpenTofu; upgrade this tool.',
    },
  );
}

function readTerraformVersion(node: JsonNode | undefined): string {
  if (isAbsent(node)) throw invalid('the state field "terraform_version" is missing');
  if (node.kind !== 'string') throw wrongType('terraform_version', 'a string', node);
  const value = stringValue(node);
  if (value === '') throw invalid('the state field "terraform_version" is empty');
  return value;
}

function readSerial(node: JsonNode | undefined): number {
  if (isAbsent(node)) return 0;
  if (node.kind !== 'number') throw wrongType('serial', 'a number', node);
  if (!/^(0|[1-9][0-9]*)$/.test(node.raw)) {
    throw invalid(`the state field "serial" must be a whole number >= 0, found ${node.raw}`);
  }
  const serial = Number(node.raw);
  if (!Number.isSafeInteger(serial)) {
    throw invalid(`the state field "serial" (${node.raw}) is larger than ${Number.MAX_SAFE_INTEGER}, which this tool cannot count past`);
  }
  return serial;
}

function readOptionalString(node: JsonNode | undefined, field: string): string {
  if (isAbsent(node)) return '';
  if (node.kind !== 'string') throw wrongType(field, 'a string', node);
  return stringValue(node);
}

function readOutputs(node: JsonNode | undefined): Record<string, StateOutput> {
  const outputs: Record<string, StateOutput> = {};
  if (isAbsent(node)) return outputs;
  if (node.kind !== 'object') throw wrongType('outputs', 'an object', node);
  for (const member of node.members) {
    defineOwn(outputs, member.key, readOutput(member));
  }
  return outputs;
}

function readOutput(member: JsonMember): StateOutput {
  const field = `outputs.${member.key}`;
  const node = member.value;
  if (node.kind !== 'object') throw wrongType(field, 'an object', node);
  const valueNode = memberValue(node, 'value');
  const typeNode = memberValue(node, 'type');
  if (valueNode === undefined) throw invalid(`the state field "${field}.value" is missing`);
  if (typeNode === undefined) throw invalid(`the state field "${field}.type" is missing`);
  const sensitiveNode = memberValue(node, 'sensitive');
  if (sensitiveNode !== undefined && sensitiveNode.kind !== 'literal') throw wrongType(`${field}.sensitive`, 'a boolean', sensitiveNode);
  const rawValue = writeJsonNode(valueNode);
  const rawType = writeJsonNode(typeNode);
  const output: StateOutput = {
    value: JSON.parse(rawValue),
    type: JSON.parse(rawType),
    sensitive: sensitiveNode?.raw === 'true',
    rawValue,
    rawType,
  };
  const extras = node.members.filter((candidate) => !knownOutputFields.has(candidate.key));
  if (extras.length > 0) output.extraFields = extras;
  return output;
}

function readResources(node: JsonNode | undefined): JsonArrayNode {
  if (isAbsent(node)) return { kind: 'array', items: [] };
  if (node.kind !== 'array') throw wrongType('resources', 'an array', node);
  node.items.forEach((resource, index) => checkResource(resource, `resources[${index}]`));
  return node;
}

/** Checks the members Terraform interprets; the rest of a resource is provider data. */
function checkResource(node: JsonNode, field: string): void {
  if (node.kind !== 'object') throw wrongType(field, 'an object', node);
  const mode = memberValue(node, 'mode');
  if (mode === undefined) throw invalid(`the state field "${field}.mode" is missing`);
  if (mode.kind !== 'string') throw wrongType(`${field}.mode`, 'a string', mode);
  const modeValue = stringValue(mode);
  if (modeValue !== 'managed' && modeValue !== 'data') {
    throw invalid(`the state field "${field}.mode" must be "managed" or "data", found ${JSON.stringify(modeValue)}`);
  }
  for (const name of ['type', 'name']) {
    const value = memberValue(node, name);
    if (value === undefined) throw invalid(`the state field "${field}.${name}" is missing`);
    if (value.kind !== 'string') throw wrongType(`${field}.${name}`, 'a string', value);
  }
  const module = memberValue(node, 'module');
  if (module !== undefined && module.kind !== 'string') throw wrongType(`${field}.module`, 'a string', module);
  const instances = memberValue(node, 'instances');
  if (!isAbsent(instances)) {
    if (instances.kind !== 'array') throw wrongType(`${field}.instances`, 'an array', instances);
    instances.items.forEach((instance, index) => {
      if (instance.kind !== 'object') throw wrongType(`${field}.instances[${index}]`, 'an object', instance);
    });
  }
}

function readCheckResults(node: JsonNode | undefined): JsonArrayNode | JsonLiteralNode {
  if (isAbsent(node)) return { kind: 'literal', raw: 'null' };
  if (node.kind !== 'array') throw wrongType('check_results', 'an array or null', node);
  return node;
}

/** Missing and `null` both leave a Go field at its zero value. */
function isAbsent(node: JsonNode | undefined): node is undefined | (JsonLiteralNode & { raw: 'null' }) {
  return node === undefined || (node.kind === 'literal' && node.raw === 'null');
}

function describe(node: JsonNode): string {
  switch (node.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'literal':
      return node.raw === 'null' ? 'null' : 'a boolean';
  }
}

function wrongType(field: string, expected: string, node: JsonNode): BackendError {
  return invalid(`the state field "${field}" must be ${expected}, found ${describe(node)}`);
}

function invalid(message: string): BackendError {
  return new BackendError('INVALID_STATE', message, {
    hint: 'The file is damaged or was not written by Terraform or OpenTofu. Restore an earlier version (`tfstate versions`) or fix the field named above.',
  });
}

