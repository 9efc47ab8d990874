import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listResources, parseState, serializeState, statesEqualIgnoringMeta } from '../src/state/index.js';
import { createTerraformSandbox, requireTerraform, terraformAvailable, type TerraformSandbox } from './state-terraform-binary.js';

const rootConfig = `
output "html" { value = "<a href=\\"x\\">&amp; é 中文 \\u2028 😀</a>" }
output "big" { value = 12345678901234567890 }
output "fraction" { value = 0.1 }
output "secret" {
  value     = "hunter2"
  sensitive = true
}
output "list" { value = [1, 2, 3] }
output "map" { value = { "10" = "a", "2" = "b", b = "c" } }
output "object" { value = { name = "x", nested = { n = 1.5, ok = true, none = null } } }
output "empty_list" { value = [] }
output "empty_map" { value = {} }
output "from_child" { value = module.child.greeting }

module "child" { source = "./child" }

resource "terraform_data" "by_key" {
  for_each = { "10" = 12345678901234567890, "2" = 0.5, "b<&>" = 3 }
  input    = { value = each.value, label = "<\${each.key}>", tags = { "10" = "x", "2" = "y" } }
}

resource "terraform_data" "counted" {
  count = 2
  input = count.index
}

check "counted" {
  assert {
    condition     = length(terraform_data.counted) == 2
    error_message = "expected <2> & got something else"
  }
}
`;

const childConfig = `
output "greeting" { value = "hello\\tworld\\n" }
resource "terraform_data" "inner" { input = "inside" }
`;

describe('state files written by the real terraform', () => {
  let sandbox: TerraformSandbox | undefined;
  let stateBytes: Buffer;

  beforeAll(async () => {
    if (!terraformAvailable()) return;
    sandbox = await createTerraformSandbox({ 'main.tf': rootConfig, 'child/main.tf': childConfig });
    await sandbox.terraform('init', '-input=false', '-no-color');
    await sandbox.terraform('apply', '-auto-approve', '-input=false', '-no-color');
    stateBytes = await readFile(join(sandbox.directory, 'terraform.tfstate'));
  });

  afterAll(async () => {
    await sandbox?.remove();
  });

  it('re-serialises terraform.tfstate byte for byte in the terraform layout', (context) => {
    requireTerraform(context.task.name, (note) => context.skip(note));
    const state = parseState(stateBytes);
    const written = Buffer.from(serializeState(state, { layout: 'terraform' }));
    expect(written.toString('utf8')).toBe(stateBytes.toString('utf8'));
    expect(written.equals(stateBytes)).toBe(true);
  });

  it('reads the metadata, outputs and resources terraform wrote', (context) => {
    requireTerraform(context.task.name, (note) => context.skip(note));
    const state = parseState(stateBytes);
    expect(state.terraformVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(state.serial).toBeGreaterThanOrEqual(1);
    expect(state.lineage).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(state.outputs.html?.value).toBe('<a href="x">&amp; é 中文 \u2028 😀</a>');
    expect(state.outputs.big?.rawValue).toBe('12345678901234567890');
    expect(state.outputs.secret?.sensitive).toBe(true);
    expect(state.outputs.list?.sensitive).toBe(false);
    expect(state.outputs.from_child?.value).toBe('hello\tworld\n');
    expect(Object.keys(state.outputs)).toEqual([
      'big',
      'empty_list',
      'empty_map',
      'fraction',
      'from_child',
      'html',
      'list',
      'map',
      'object',
      'secret',
    ]);
    expect(listResources(state).map((resource) => [resource.address, resource.instanceCount])).toEqual([
      ['terraform_data.by_key', 3],
      ['terraform_data.counted', 2],
      ['module.child.terraform_data.inner', 1],
    ]);
    expect(state.checkResults.kind).toBe('array');
  });

  it('writes the same content compactly in the opentofu layout, which terraform reads back', async (context) => {
    requireTerraform(context.task.name, (note) => context.skip(note));
    const state = parseState(stateBytes);
    const compact = serializeState(state, { layout: 'opentofu' });
    const text = new TextDecoder().decode(compact);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.slice(0, -1)).not.toMatch(/\n/);
    expect(JSON.parse(text)).toEqual(JSON.parse(stateBytes.toString('utf8')));
    expect(statesEqualIgnoringMeta(parseState(compact), state)).toBe(true);

    const pushed = await createTerraformSandbox({ 'main.tf': 'terraform {}\n', 'terraform.tfstate': text });
    try {
      const { stdout } = await pushed.terraform('output', '-no-color', '-json');
      const outputs = JSON.parse(stdout) as Record<string, { value: unknown; sensitive: boolean }>;
      expect(outputs.html?.value).toBe('<a href="x">&amp; é 中文 \u2028 😀</a>');
      expect(outputs.secret?.sensitive).toBe(true);
      const { stdout: list } = await pushed.terraform('state', 'list');
      expect(list.trim().split('\n')).toContain('module.child.terraform_data.inner');
    } finally {
      await pushed.remove();
    }
  });
});
