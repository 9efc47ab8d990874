import { DEFAULT_TOOL_VERSION, generateLockId } from '../lock/lock-info.js';
import type { JsonArrayNode, JsonLiteralNode, JsonMember } from './json-tree.js';

/**
 * A parsed Terraform state file, format version 4. The fields Terraform's own logic uses are
 * plain values; everything else keeps its source JSON (`JsonNode`) so that a read-modify-write
 * never changes provider data: number text, string escapes and key order survive as written.
 */
export interface TerraformState {
  version: 4;
  /** Version of the tool that wrote the state; replaced by the writer's version on every write. */
  terraformVersion: string;
  /** Increases on every change; a safe integer >= 0. */
  serial: number;
  /** Identifies the history this state belongs to; empty only for states never written. */
  lineage: string;
  /** Root module outputs; insertion order is file order. */
  outputs: Record<string, StateOutput>;
  /** The `resources` array exactly as read (Terraform keeps it sorted; this library does not reorder). */
  resources: JsonArrayNode;
  /** `check_results`: `null` (the usual case) or an array, as read. */
  checkResults: JsonArrayNode | JsonLiteralNode;
  /** Top-level members this library does not know, in file order, written after the known ones. */
  extraFields: JsonMember[];
}

/** One root module output. */
export interface StateOutput {
  /** The decoded value (big numbers lose precision here; `rawValue` keeps them). */
  value: unknown;
  /** The decoded cty type, e.g. `"string"` or `["list","number"]`. */
  type: unknown;
  sensitive: boolean;
  /**
   * The value's JSON text as read. Written back verbatim while it still decodes to `value`;
   * once `value` is changed, `value` is encoded afresh.
   */
  rawValue: string;
  /** The type's JSON text as read, with the same rule against `type`. */
  rawType?: string;
  /** Members of the output object other than value/type/sensitive (OpenTofu's `deprecated`), in order. */
  extraFields?: JsonMember[];
}

/** Byte layout of a serialised state. */
export type StateLayout = 'terraform' | 'opentofu';

/** Options of {@link createEmptyState}. */
export interface CreateEmptyStateOptions {
  /** Default: a new random lineage (8-4-4-4-12 hex, as Terraform generates). */
  lineage?: string;
  /** Default 0. */
  serial?: number;
  /** Default `DEFAULT_TOOL_VERSION`. */
  terraformVersion?: string;
}

/** A state with no outputs, resources or check results. */
export function createEmptyState(options: CreateEmptyStateOptions = {}): TerraformState {
  const serial = options.serial ?? 0;
  if (!Number.isSafeInteger(serial) || serial < 0) {
    throw new TypeError(`serial must be a safe integer >= 0, got ${serial}`);
  }
  return {
    version: 4,
    terraformVersion: options.terraformVersion ?? DEFAULT_TOOL_VERSION,
    serial,
    lineage: options.lineage ?? generateLockId(),
    outputs: {},
    resources: { kind: 'array', items: [] },
    checkResults: { kind: 'literal', raw: 'null' },
    extraFields: [],
  };
}

/** Adds `value` under `key` even when the key is `__proto__`. */
export function defineOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

