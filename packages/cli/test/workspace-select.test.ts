import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTfstate, temporaryDirectory } from './helpers/run-tfstate.js';
import { terraform, terraformAvailable } from './helpers/terraform.js';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('workspace select', () => {
  it('refuses a workspace the backend does not have, with Terraform\'s advice, and changes nothing', async () => {
    const cwd = await temporaryDirectory();
    const result = await runTfstate(['workspace', 'select', 'missing'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Workspace "missing" doesn\'t exist.');
    expect(result.stderr).toContain('"new" subcommand or include the "--or-create" flag');
    expect(await exists(join(cwd, '.terraform'))).toBe(false);
  });

  it('--or-create creates the workspace and records it as terraform does (name only, no new line)', async () => {
    const cwd = await temporaryDirectory();
    const result = await runTfstate(['workspace', 'select', 'blue', '--or-create', '--json'], { cwd });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ workspace: 'blue', created: true, file: '.terraform/environment' });
    expect(await readFile(join(cwd, '.terraform/environment'), 'utf8')).toBe('blue');
    expect(JSON.parse(await readFile(join(cwd, 'terraform.tfstate.d/blue/terraform.tfstate'), 'utf8'))).toMatchObject({ serial: 1 });
    expect(JSON.parse((await runTfstate(['workspace', 'list', '--json'], { cwd })).stdout)).toEqual({
      current: 'blue',
      workspaces: ['default', 'blue'],
    });
    expect(await runTfstate(['workspace', 'select', 'default'], { cwd })).toMatchObject({ code: 0, stdout: 'Switched to workspace "default".\n' });
    expect(await runTfstate(['workspace', 'show'], { cwd })).toMatchObject({ code: 0, stdout: 'default\n' });
  });

  it('writes to $TF_DATA_DIR, and refuses while TF_WORKSPACE overrides the selection', async () => {
    const cwd = await temporaryDirectory();
    expect(await runTfstate(['workspace', 'select', 'green', '--or-create'], { cwd, env: { TF_DATA_DIR: 'data' } })).toMatchObject({ code: 0 });
    expect(await readFile(join(cwd, 'data/environment'), 'utf8')).toBe('green');
    expect(await runTfstate(['workspace', 'show'], { cwd, env: { TF_DATA_DIR: 'data' } })).toMatchObject({ stdout: 'green\n' });
    expect(await runTfstate(['workspace', 'show'], { cwd })).toMatchObject({ stdout: 'default\n' });

    const overridden = await runTfstate(['workspace', 'select', 'green'], { cwd, env: { TF_DATA_DIR: 'data', TF_WORKSPACE: 'other' } });
    expect(overridden.code).toBe(1);
    expect(overridden.stderr).toContain('TF_WORKSPACE environment variable');
    expect(await readFile(join(cwd, 'data/environment'), 'utf8')).toBe('green');
  });

  it('refuses a name Terraform would refuse as a usage error', async () => {
    const result = await runTfstate(['workspace', 'select', 'a b', '--or-create'], { cwd: await temporaryDirectory() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('workspace name "a b"');
  });
});

describe.skipIf(!terraformAvailable())('workspace select with terraform', () => {
  it('terraform sees what tfstate selected, and tfstate sees what terraform selected', async () => {
    const cwd = await temporaryDirectory();
    await writeFile(join(cwd, 'main.tf'), 'output "where" { value = terraform.workspace }\n');
    expect(await runTfstate(['workspace', 'select', 'blue', '--or-create'], { cwd })).toMatchObject({ code: 0 });
    expect((await terraform(cwd, 'workspace', 'show')).stdout).toBe('blue\n');
    expect((await terraform(cwd, 'workspace', 'list', '-no-color')).stdout).toBe('  default\n* blue\n\n');

    await terraform(cwd, 'workspace', 'new', '-no-color', 'red');
    expect(await runTfstate(['workspace', 'show'], { cwd })).toMatchObject({ code: 0, stdout: 'red\n' });
    await terraform(cwd, 'apply', '-auto-approve', '-input=false', '-no-color');
    expect(await runTfstate(['outputs', 'where', '--raw'], { cwd })).toMatchObject({ code: 0, stdout: 'red' });

    expect(await runTfstate(['workspace', 'select', 'blue'], { cwd })).toMatchObject({ code: 0 });
    expect((await terraform(cwd, 'workspace', 'show')).stdout).toBe('blue\n');
  });
});
