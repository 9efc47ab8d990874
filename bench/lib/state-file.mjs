import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { generateLockId } from '@x/backend-core';

/**
 * A valid Terraform v4 state of about `targetBytes` bytes: `terraform_data` resources whose
 * `input` attributes carry random hex, plus one output, serialised as Terraform does (two-space
 * indent, trailing newline). Random content keeps compression or deduplication from flattering
 * any side.
 */
export function makeStateBytes(targetBytes, { serial = 1, lineage = generateLockId() } = {}) {
  const fillerLength = 8 * 1024;
  const resources = [];
  let estimate = 300;
  for (let index = 0; estimate < targetBytes; index++) {
    const input = randomBytes(fillerLength / 2).toString('hex');
    resources.push({
      mode: 'managed',
      type: 'terraform_data',
      name: `filler_${index}`,
      provider: 'provider["terraform.io/builtin/terraform"]',
      instances: [
        {
          schema_version: 0,
          attributes: { id: generateLockId(), input: { value: input, type: 'string' }, output: null, triggers_replace: null },
          sensitive_attributes: [],
        },
      ],
    });
    estimate += fillerLength + 520;
  }
  const state = {
    version: 4,
    terraform_version: '1.11.4',
    serial,
    lineage,
    outputs: { hello: { value: 'world', type: 'string' } },
    resources,
    check_results: null,
  };
  return Buffer.from(`${JSON.stringify(state, null, 2)}\n`);
}

/** Writes a state of about `targetBytes` bytes (see makeStateBytes) to `file` and returns its bytes. */
export async function writeStateFile(file, targetBytes) {
  const bytes = makeStateBytes(targetBytes);
  await writeFile(file, bytes);
  return bytes;
}
