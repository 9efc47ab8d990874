export {
  createEmptyState,
  type CreateEmptyStateOptions,
  type StateLayout,
  type StateOutput,
  type TerraformState,
} from './terraform-state.js';
export { parseState } from './parse-state.js';
export { serializeState, type SerializeStateOptions } from './serialize-state.js';
export { isEncryptedState } from './encrypted-state.js';
export { statesEqualIgnoringMeta } from './state-equality.js';
export { listResources, type ResourceSummary } from './list-resources.js';
export {
  memberValue,
  parseJsonTree,
  stringValue,
  type JsonArrayNode,
  type JsonLiteralNode,
  type JsonMember,
  type JsonNode,
  type JsonNumberNode,
  type JsonObjectNode,
  type JsonStringNode,
} from './json-tree.js';
export { nodeFromValue, writeJsonNode } from './json-writer.js';
