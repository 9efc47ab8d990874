import { randomUUID } from 'node:crypto';

export interface StateFileOptions {
  serial?: number;
  lineage?: string;
  outputs?: Record<string, { value: unknown; type: unknown; sensitive?: boolean }>;
  resources?: unknown[];
}

/** A state file in Terraform's own layout (2-space indent, trailing new line). */
export function stateFile(options: StateFileOptions = {}): string {
  const outputs: Record<string, unknown> = {};
  for (const [name, output] of Object.entries(options.outputs ?? {})) {
    outputs[name] = { value: output.value, type: output.type, ...(output.sensitive ? { sensitive: true } : {}) };
  }
  const state = {
    version: 4,
    terraform_version: '1.11.4',
    serial: options.serial ?? 1,
    lineage: options.lineage ?? randomUUID(),
    outputs,
    resources: options.resources ?? [],
    check_results: null,
  };
  return `${JSON.stringify(state, null, 2)}\n`;
}

/** One managed resource with one instance, as Terraform records `terraform_data.example`. */
export const managedResource = {
  mode: 'managed',
  type: 'terraform_data',
  name: 'example',
  provider: 'provider["terraform.io/builtin/terraform"]',
  instances: [
    {
      schema_version: 0,
      attributes: { id: 'c0ffee', input: null, output: null, triggers_replace: null },
      sensitive_attributes: [],
      identity_schema_version: 0,
    },
  ],
};
