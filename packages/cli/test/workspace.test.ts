import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTfstate, temporaryDirectory } from './helpers/run-tfstate.js';
import { managedResource, stateFile } from './helpers/state-files.js';

describe('tfstate workspace', () => {
  it('creates a workspace with an empty state (new lineage, serial 1) and lists it', async () => {
    const cwd = await temporaryDirectory();
    const created = await runTfstate(['workspace', 'new', 'dev', '--json'], { cwd });
    expect(created.code).toBe(0);
    const report = JSON.parse(created.stdout) as { workspace: string; created: boolean; serial: number; lineage: string };
    expect(report).toMatchObject({ workspace: 'dev', created: true, serial: 1 });
    expect(report.lineage).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const stored = JSON.parse(await readFile(join(cwd, 'terraform.tfstate.d/dev/terraform.tfstate'), 'utf8'));
    expect(stored).toMatchObject({ version: 4, serial: 1, lineage: report.lineage, outputs: {}, resources: [] });

    const listed = await runTfstate(['workspace', 'list', '--json', '-w', 'dev'], { cwd });
    expect(JSON.parse(listed.stdout)).toEqual({ current: 'dev', workspaces: ['default', 'dev'] });
    const human = await runTfstate(['workspace', 'list'], { cwd, env: { TF_WORKSPACE: 'dev' } });
    expect(human.stdout).toBe('  default\n* dev\n');
  });

  it('refuses to create a workspace that exists or has an invalid name', async () => {
    const cwd = await temporaryDirectory();
    expect((await runTfstate(['workspace', 'new', 'dev'], { cwd })).code).toBe(0);
    const again = await runTfstate(['workspace', 'new', 'dev'], { cwd });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Error: workspace "dev" already exists');
    const invalid = await runTfstate(['workspace', 'new', 'a/b'], { cwd });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^Error: .*a\/b/);
  });

  it('shows the workspace from -w, else TF_WORKSPACE, else default', async () => {
    const cwd = await temporaryDirectory();
    expect((await runTfstate(['workspace', 'show'], { cwd })).stdout).toBe('default\n');
    expect((await runTfstate(['workspace', 'show'], { cwd, env: { TF_WORKSPACE: 'prod' } })).stdout).toBe('prod\n');
    const flag = await runTfstate(['workspace', 'show', '--json', '-w', 'qa'], { cwd, env: { TF_WORKSPACE: 'prod' } });
    expect(JSON.parse(flag.stdout)).toEqual({ workspace: 'qa' });
  });

  it('refuses a workspace name Terraform would refuse, from -w or TF_WORKSPACE, as a usage error', async () => {
    const cwd = await temporaryDirectory();
    const flag = await runTfstate(['workspace', 'show', '-w', 'a/b'], { cwd });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('-w: the workspace name "a/b"');
    const environment = await runTfstate(['outputs'], { cwd, env: { TF_WORKSPACE: 'two words' } });
    expect(environment.code).toBe(2);
    expect(environment.stderr).toContain('TF_WORKSPACE');
    expect(environment.stdout).toBe('');
  });

  it('never deletes default', async () => {
    const cwd = await temporaryDirectory();
    await writeFile(join(cwd, 'terraform.tfstate'), stateFile());
    const result = await runTfstate(['workspace', 'delete', 'default', '--force'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Error: can't delete default state");
    expect(existsSync(join(cwd, 'terraform.tfstate'))).toBe(true);
  });

  it('refuses a workspace that does not exist', async () => {
    const result = await runTfstate(['workspace', 'delete', 'ghost'], { cwd: await temporaryDirectory() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Error: workspace "ghost" doesn't exist`);
  });

  it('refuses a workspace whose state tracks resources unless --force', async () => {
    const cwd = await temporaryDirectory();
    expect((await runTfstate(['workspace', 'new', 'busy'], { cwd })).code).toBe(0);
    const statePath = join(cwd, 'terraform.tfstate.d/busy/terraform.tfstate');
    const busyState = stateFile({ serial: 3, resources: [managedResource] });
    await writeFile(statePath, busyState);

    const refused = await runTfstate(['workspace', 'delete', 'busy'], { cwd });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Error: workspace "busy" is not empty: its state still tracks 1 managed resource');
    expect(refused.stderr).toContain('--force');
    expect(await readFile(statePath, 'utf8')).toBe(busyState);

    const forced = await runTfstate(['workspace', 'delete', 'busy', '--force', '--json'], { cwd });
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toEqual({ workspace: 'busy', deleted: true });
    expect(existsSync(statePath)).toBe(false);
    expect((await runTfstate(['workspace', 'list'], { cwd })).stdout).toBe('* default\n');
  });

  it('deletes an empty workspace and counts only managed resources as content', async () => {
    const cwd = await temporaryDirectory();
    expect((await runTfstate(['workspace', 'new', 'reads'], { cwd })).code).toBe(0);
    const dataOnly = { ...managedResource, mode: 'data', type: 'terraform_remote_state', name: 'other' };
    await writeFile(join(cwd, 'terraform.tfstate.d/reads/terraform.tfstate'), stateFile({ resources: [dataOnly] }));
    const deleted = await runTfstate(['workspace', 'delete', 'reads'], { cwd });
    expect(deleted).toMatchObject({ code: 0, stdout: 'Deleted workspace "reads".\n' });
  });
});
