import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTfstate, temporaryDirectory } from './helpers/run-tfstate.js';
import { stateFile } from './helpers/state-files.js';
import { terraform, terraformAvailable } from './helpers/terraform.js';

/** Outputs only, so no provider plugin is needed. Covers every cty kind and the formatting edge cases. */
const configuration = `
output "text" { value = "hello <b> & \\"q\\" \\u0001 é" }
output "multiline" { value = "line1\\nEOT\\nline3\\n" }
output "big" { value = 12345678901234567890 }
output "fraction" { value = -0.25 }
output "flag" { value = false }
output "secret" {
  value     = "hunter2"
  sensitive = true
}
output "secret_object" {
  value     = { user = "admin", pass = "p4ss" }
  sensitive = true
}
output "tuple" { value = [1, "two", true, null] }
output "list" { value = tolist(["a", "b"]) }
output "set" { value = toset(["y", "x"]) }
output "map" { value = tomap({ zeta = 1, alpha = 2 }) }
output "object" { value = { z = [1, { k = "v\\nw" }], a = tomap({}), e = [] , n = { deep = tolist([tomap({ q = "r" })]) } } }
`;

async function appliedDirectory(): Promise<string> {
  const cwd = await temporaryDirectory();
  await writeFile(join(cwd, 'main.tf'), configuration);
  await terraform(cwd, 'init', '-input=false', '-no-color');
  await terraform(cwd, 'apply', '-auto-approve', '-input=false', '-no-color');
  return cwd;
}

describe.skipIf(!terraformAvailable())('interop with terraform', () => {
  it('outputs --json prints exactly what terraform output -json prints', async () => {
    const cwd = await appliedDirectory();
    const ours = await runTfstate(['outputs', '--json'], { cwd });
    const theirs = await terraform(cwd, 'output', '-json');
    expect(ours.code).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
    for (const name of ['object', 'secret', 'big', 'text']) {
      const one = await runTfstate(['outputs', name, '--json'], { cwd });
      expect(one.stdout).toBe((await terraform(cwd, 'output', '-json', name)).stdout);
    }
  });

  it('the human format equals terraform output, both masking sensitive values', async () => {
    const cwd = await appliedDirectory();
    const ours = await runTfstate(['outputs'], { cwd });
    const theirs = await terraform(cwd, 'output', '-no-color');
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stdout).toContain('secret = <sensitive>\n');
    for (const name of ['multiline', 'object', 'map', 'set', 'list', 'tuple']) {
      expect((await runTfstate(['outputs', name], { cwd })).stdout).toBe((await terraform(cwd, 'output', '-no-color', name)).stdout);
    }
  });

  it('--raw prints what terraform output -raw prints', async () => {
    const cwd = await appliedDirectory();
    for (const name of ['text', 'multiline', 'big', 'fraction', 'flag', 'secret']) {
      expect((await runTfstate(['outputs', name, '--raw'], { cwd })).stdout).toBe((await terraform(cwd, 'output', '-raw', name)).stdout);
    }
  });

  it('a state pushed by tfstate is read by terraform output -json and terraform state pull', async () => {
    const cwd = await temporaryDirectory();
    await writeFile(join(cwd, 'main.tf'), 'output "placeholder" { value = 1 }\n');
    await terraform(cwd, 'init', '-input=false', '-no-color');
    const lineage = '0badc0de-1234-5678-9abc-def012345678';
    await writeFile(
      join(cwd, 'pushed.tfstate'),
      stateFile({ serial: 3, lineage, outputs: { region: { value: 'eu-west-1', type: 'string' }, token: { value: 's3cr3t', type: 'string', sensitive: true } } }),
    );
    expect((await runTfstate(['state', 'push', 'pushed.tfstate'], { cwd })).code).toBe(0);

    const outputs = JSON.parse((await terraform(cwd, 'output', '-json')).stdout);
    expect(outputs).toEqual({
      region: { sensitive: false, type: 'string', value: 'eu-west-1' },
      token: { sensitive: true, type: 'string', value: 's3cr3t' },
    });
    const pulled = JSON.parse((await terraform(cwd, 'state', 'pull')).stdout);
    expect(pulled).toMatchObject({ version: 4, serial: 3, lineage });
    expect((await runTfstate(['outputs', '--json'], { cwd })).stdout).toBe((await terraform(cwd, 'output', '-json')).stdout);
  });

  it('tfstate state pull returns the bytes terraform wrote, and terraform lists a workspace tfstate created', async () => {
    const cwd = await appliedDirectory();
    const pulled = await runTfstate(['state', 'pull'], { cwd });
    expect(pulled.stdoutBytes.equals(await readFile(join(cwd, 'terraform.tfstate')))).toBe(true);

    expect((await runTfstate(['workspace', 'new', 'staging'], { cwd })).code).toBe(0);
    const listed = await terraform(cwd, 'workspace', 'list', '-no-color');
    expect(listed.stdout).toMatch(/^\s+staging$/m);
    const selected = await terraform(cwd, 'workspace', 'select', '-no-color', 'staging');
    expect(selected.stdout).toContain('staging');
  });
});
