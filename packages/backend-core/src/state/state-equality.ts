import { writeJsonNode } from './json-writer.js';
import { stateNode } from './serialize-state.js';
import type { TerraformState } from './terraform-state.js';

/**
 * True when two states hold the same content: outputs, resources, check results and unknown
 * members, ignoring `serial`, `lineage` and `terraform_version`. Like Terraform's
 * `StatesMarshalEqual`, it compares the serialised forms, so formatting never matters but
 * number text does (`1.0` and `1` differ, as they would on disk).
 */
export function statesEqualIgnoringMeta(left: TerraformState, right: TerraformState): boolean {
  return stateContentText(left) === stateContentText(right);
}

/**
 * The state's content (everything but serial, lineage and terraform_version) as compact text;
 * two states are equal for persist purposes when these texts are equal.
 */
export function stateContentText(state: TerraformState): string {
  return writeJsonNode(stateNode({ ...state, serial: 0, lineage: '', terraformVersion: '0.0.0' }));
}
