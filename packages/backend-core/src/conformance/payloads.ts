import { randomBytes } from 'node:crypto';
import { generateLockId } from '../lock/lock-info.js';

export const MiB = 1024 * 1024;

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** `size` random bytes (incompressible, so no store can shortcut them). */
export function randomPayload(size: number): Uint8Array {
  return new Uint8Array(randomBytes(size));
}

/**
 * A Terraform v4 state as Terraform writes it (two-space indent, final newline), with a
 * sensitive output and a resource in a child module, so a provider that reformats JSON or
 * drops fields is caught by a byte comparison.
 */
export function sampleState(options: { serial?: number; lineage?: string; marker?: string } = {}): Uint8Array {
  const state = {
    version: 4,
    terraform_version: '1.11.4',
    serial: options.serial ?? 1,
    lineage: options.lineage ?? generateLockId(),
    outputs: {
      password: { value: options.marker ?? 'hunter2 <&> \u2028', type: 'string', sensitive: true },
      endpoint: { value: 'https://example.invalid/path?a=1&b=2', type: 'string' },
    },
    resources: [
      {
        module: 'module.network',
        mode: 'managed',
        type: 'null_resource',
        name: 'subnet',
        provider: 'provider["registry.terraform.io/hashicorp/null"]',
        instances: [{ schema_version: 0, attributes: { id: '4361219405837476', triggers: null }, sensitive_attributes: [] }],
      },
    ],
    check_results: null,
  };
  return utf8(JSON.stringify(state, null, 2) + '\n');
}
