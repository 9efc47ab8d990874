import { memberValue, stringValue, type JsonNode } from './json-tree.js';
import type { TerraformState } from './terraform-state.js';

/** One resource block of a state, as `terraform state list` groups it. */
export interface ResourceSummary {
  /** `module.a.aws_instance.web` or `data.aws_ami.ubuntu`, without instance keys. */
  address: string;
  /** Module path such as `module.a` or `module.a["x"]`; absent for the root module. */
  module?: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** Number of instances (including deposed objects). */
  instanceCount: number;
}

/** The resources of a state in file order. `parseState` has already checked their shape. */
export function listResources(state: TerraformState): ResourceSummary[] {
  return state.resources.items.map((resource) => {
    const mode = text(resource, 'mode') === 'data' ? 'data' : 'managed';
    const type = text(resource, 'type') ?? '';
    const name = text(resource, 'name') ?? '';
    const module = text(resource, 'module');
    const local = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
    const instances = resource.kind === 'object' ? memberValue(resource, 'instances') : undefined;
    const summary: ResourceSummary = {
      address: module ? `${module}.${local}` : local,
      mode,
      type,
      name,
      instanceCount: instances?.kind === 'array' ? instances.items.length : 0,
    };
    if (module) summary.module = module;
    return summary;
  });
}

function text(node: JsonNode, key: string): string | undefined {
  if (node.kind !== 'object') return undefined;
  const value = memberValue(node, key);
  return value?.kind === 'string' ? stringValue(value) : undefined;
}
