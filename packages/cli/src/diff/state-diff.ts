import {
  memberValue,
  parseJsonTree,
  parseState,
  stringValue,
  type JsonNode,
  type JsonObjectNode,
  type StateOutput,
  type TerraformState,
} from '@x/backend-core';
import { canonicalJson } from './canonical-json.js';
import { formatInstanceKey } from './instance-address.js';

/** Who wrote one side of a diff. */
export interface StateDiffSide {
  lineage: string;
  serial: number;
  terraformVersion: string;
}

/** One resource instance (or deposed object), named as Terraform prints it. */
export interface StateDiffInstance {
  /** Full instance address: `module.a["x"].aws_instance.web["k"]`, `aws_instance.web[0]`, `data.aws_ami.ubuntu`. */
  address: string;
  /** The resource's address without the instance key: `module.a["x"].aws_instance.web`. */
  resource: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** Module path such as `module.a["x"]`; absent in the root module. */
  module?: string;
  /** `count` index (number) or `for_each` key (string); absent for a single instance. */
  indexKey?: string | number;
  /** Deposed object key (a create-before-destroy leftover); absent for the current object. */
  deposed?: string;
}

/** An instance present on both sides whose stored object differs. */
export interface StateDiffChangedInstance extends StateDiffInstance {
  /** Top-level attribute names whose values differ, sorted. Values are never reported. */
  attributes: string[];
  /** The names in `attributes` that either side marks sensitive. */
  sensitiveAttributes: string[];
  /**
   * Other members of the instance that differ, sorted: `schema_version`, `private`,
   * `dependencies`, `sensitive_attributes`, `status`, `provider` (of the resource), ...
   */
  fields: string[];
}

/** A root output that exists on one side only. `value` is absent when the output is sensitive. */
export interface StateDiffOutput {
  name: string;
  sensitive: boolean;
  value?: unknown;
}

/** A root output present on both sides that differs. Values are absent when either side is sensitive. */
export interface StateDiffChangedOutput {
  name: string;
  /** True when either side is sensitive. */
  sensitive: boolean;
  /** What differs, in this order: `value`, `type`, `sensitive`. */
  changes: Array<'value' | 'type' | 'sensitive'>;
  before?: unknown;
  after?: unknown;
}

/** What changed from one state to another, at resource-instance and output level. */
export interface StateDiff {
  before: StateDiffSide;
  after: StateDiffSide;
  resources: {
    /** In the after state's order (Terraform keeps resources sorted). */
    added: StateDiffInstance[];
    /** In the before state's order. */
    removed: StateDiffInstance[];
    /** In the after state's order. */
    changed: StateDiffChangedInstance[];
  };
  outputs: {
    added: StateDiffOutput[];
    removed: StateDiffOutput[];
    changed: StateDiffChangedOutput[];
  };
}

/**
 * Compares two state files (format v4) instance by instance. Instances are matched by module,
 * mode, type, name, instance key and deposed key; a changed instance lists the names of the
 * attributes that differ, never their values. Outputs carry their values only when neither
 * side marks them sensitive. Throws what `parseState` throws (`INVALID_STATE`,
 * `UNSUPPORTED_STATE_VERSION`, `ENCRYPTED_STATE`) for either side.
 */
export function diffStates(before: Uint8Array, after: Uint8Array): StateDiff {
  return diffParsedStates(parseState(before), parseState(after));
}

/** {@link diffStates} for states already parsed. */
export function diffParsedStates(before: TerraformState, after: TerraformState): StateDiff {
  const beforeInstances = collectInstances(before);
  const afterInstances = collectInstances(after);
  const resources: StateDiff['resources'] = { added: [], removed: [], changed: [] };
  for (const [key, instance] of afterInstances) {
    const previous = beforeInstances.get(key);
    if (previous === undefined) {
      resources.added.push(instance.identity);
      continue;
    }
    const change = compareInstances(previous, instance);
    if (change !== undefined) resources.changed.push(change);
  }
  for (const [key, instance] of beforeInstances) {
    if (!afterInstances.has(key)) resources.removed.push(instance.identity);
  }
  return {
    before: sideOf(before),
    after: sideOf(after),
    resources,
    outputs: diffOutputs(before.outputs, after.outputs),
  };
}

/** True when the diff reports no instance or output change (lineage and serial are not compared). */
export function isEmptyStateDiff(diff: StateDiff): boolean {
  const { resources, outputs } = diff;
  return [resources.added, resources.removed, resources.changed, outputs.added, outputs.removed, outputs.changed].every(
    (list) => list.length === 0,
  );
}

function sideOf(state: TerraformState): StateDiffSide {
  return { lineage: state.lineage, serial: state.serial, terraformVersion: state.terraformVersion };
}

/** One instance object with what is needed to compare it. */
interface CollectedInstance {
  identity: StateDiffInstance;
  /** Canonical JSON of each top-level attribute. */
  attributes: Map<string, string>;
  sensitive: Set<string>;
  /** Canonical JSON of every other member that describes the object (and the resource's provider). */
  fields: Map<string, string>;
}

/** Members that identify an instance or hold its attributes; everything else is compared as a field. */
const identifyingMembers: ReadonlySet<string> = new Set(['index_key', 'deposed', 'attributes', 'attributes_flat']);

function collectInstances(state: TerraformState): Map<string, CollectedInstance> {
  const collected = new Map<string, CollectedInstance>();
  for (const resource of state.resources.items) {
    if (resource.kind !== 'object') continue;
    const mode = text(resource, 'mode') === 'data' ? 'data' : 'managed';
    const type = text(resource, 'type') ?? '';
    const name = text(resource, 'name') ?? '';
    const module = text(resource, 'module') || undefined;
    const local = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
    const resourceAddress = module === undefined ? local : `${module}.${local}`;
    const provider = memberValue(resource, 'provider');
    const instances = memberValue(resource, 'instances');
    if (instances?.kind !== 'array') continue;
    for (const instance of instances.items) {
      if (instance.kind !== 'object') continue;
      const indexKey = instanceKey(memberValue(instance, 'index_key'));
      const deposed = text(instance, 'deposed') || undefined;
      const identity: StateDiffInstance = {
        address: indexKey === undefined ? resourceAddress : resourceAddress + formatInstanceKey(indexKey),
        resource: resourceAddress,
        mode,
        type,
        name,
      };
      if (module !== undefined) identity.module = module;
      if (indexKey !== undefined) identity.indexKey = indexKey;
      if (deposed !== undefined) identity.deposed = deposed;
      const fields = new Map<string, string>();
      if (provider !== undefined) fields.set('provider', canonicalJson(provider));
      for (const member of instance.members) {
        if (!identifyingMembers.has(member.key)) fields.set(member.key, canonicalJson(member.value));
      }
      collected.set(`${identity.address}\u0000${deposed ?? ''}`, {
        identity,
        attributes: attributeTexts(instance),
        sensitive: sensitiveAttributeNames(memberValue(instance, 'sensitive_attributes')),
        fields,
      });
    }
  }
  return collected;
}

/** A number key for `count`, a string key for `for_each`; anything else means no key. */
function instanceKey(node: JsonNode | undefined): string | number | undefined {
  if (node?.kind === 'string') return stringValue(node);
  if (node?.kind === 'number') return Number(node.raw);
  return undefined;
}

/**
 * Each top-level attribute as canonical JSON. States from Terraform 0.11 keep `attributes_flat`
 * (`tags.%`, `tags.Name`, ...), whose entries are grouped under the name before the first dot.
 */
function attributeTexts(instance: JsonObjectNode): Map<string, string> {
  const texts = new Map<string, string>();
  const attributes = memberValue(instance, 'attributes');
  if (attributes?.kind === 'object') {
    for (const member of attributes.members) texts.set(member.key, canonicalJson(member.value));
  }
  const flat = memberValue(instance, 'attributes_flat');
  if (flat?.kind === 'object') {
    for (const member of flat.members) {
      const top = member.key.split('.', 1)[0]!;
      texts.set(top, `${texts.get(top) ?? ''}${JSON.stringify(member.key)}:${canonicalJson(member.value)};`);
    }
  }
  return texts;
}

/** Top-level names of the paths in `sensitive_attributes` (each path a list of `get_attr`/`index` steps). */
function sensitiveAttributeNames(node: JsonNode | undefined): Set<string> {
  const names = new Set<string>();
  if (node?.kind !== 'array') return names;
  for (const path of node.items) {
    const first = path.kind === 'array' ? path.items[0] : undefined;
    if (first?.kind !== 'object') continue;
    const step = text(first, 'type');
    const value = memberValue(first, 'value');
    if (step === 'get_attr' && value?.kind === 'string') names.add(stringValue(value));
  }
  return names;
}

function compareInstances(before: CollectedInstance, after: CollectedInstance): StateDiffChangedInstance | undefined {
  const attributes = changedKeys(before.attributes, after.attributes);
  const fields = changedKeys(before.fields, after.fields);
  if (attributes.length === 0 && fields.length === 0) return undefined;
  const sensitiveAttributes = attributes.filter((name) => before.sensitive.has(name) || after.sensitive.has(name));
  return { ...after.identity, attributes, sensitiveAttributes, fields };
}

/** Keys whose text differs or that exist on one side only, sorted. */
function changedKeys(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set<string>();
  for (const [key, value] of after) if (before.get(key) !== value) keys.add(key);
  for (const key of before.keys()) if (!after.has(key)) keys.add(key);
  return [...keys].sort();
}

function diffOutputs(before: Record<string, StateOutput>, after: Record<string, StateOutput>): StateDiff['outputs'] {
  const outputs: StateDiff['outputs'] = { added: [], removed: [], changed: [] };
  for (const [name, output] of Object.entries(after)) {
    const previous = Object.hasOwn(before, name) ? before[name] : undefined;
    if (previous === undefined) {
      outputs.added.push(outputEntry(name, output));
      continue;
    }
    const changes: StateDiffChangedOutput['changes'] = [];
    if (jsonText(previous.rawValue, previous.value) !== jsonText(output.rawValue, output.value)) changes.push('value');
    if (jsonText(previous.rawType, previous.type) !== jsonText(output.rawType, output.type)) changes.push('type');
    if (previous.sensitive !== output.sensitive) changes.push('sensitive');
    if (changes.length === 0) continue;
    const sensitive = previous.sensitive || output.sensitive;
    outputs.changed.push(sensitive ? { name, sensitive, changes } : { name, sensitive, changes, before: previous.value, after: output.value });
  }
  for (const [name, output] of Object.entries(before)) {
    if (!Object.hasOwn(after, name)) outputs.removed.push(outputEntry(name, output));
  }
  return outputs;
}

function outputEntry(name: string, output: StateOutput): StateDiffOutput {
  return output.sensitive ? { name, sensitive: true } : { name, sensitive: false, value: output.value };
}

/** Canonical JSON of an output's value or type: from its raw text, which keeps big numbers exact. */
function jsonText(raw: string | undefined, value: unknown): string {
  return canonicalJson(parseJsonTree(raw === undefined || raw === '' ? (JSON.stringify(value) ?? 'null') : raw));
}

function text(node: JsonObjectNode, key: string): string | undefined {
  const value = memberValue(node, key);
  return value?.kind === 'string' ? stringValue(value) : undefined;
}
