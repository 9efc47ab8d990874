import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTfstate, temporaryDirectory } from './helpers/run-tfstate.js';
import { stateFile } from './helpers/state-files.js';

const outputs = {
  endpoint: { value: 'db.internal:5432', type: 'string' },
  password: { value: 'hunter2', type: 'string', sensitive: true },
  ports: { value: [80, 443], type: ['list', 'number'] },
  enabled: { value: true, type: 'bool' },
};

async function stateDirectory(): Promise<string> {
  const cwd = await temporaryDirectory();
  await writeFile(join(cwd, 'terraform.tfstate'), stateFile({ outputs }));
  return cwd;
}

describe('tfstate outputs', () => {
  it('lists outputs sorted by name and masks sensitive ones', async () => {
    const result = await runTfstate(['outputs'], { cwd: await stateDirectory() });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'enabled = true\nendpoint = "db.internal:5432"\npassword = <sensitive>\nports = tolist([\n  80,\n  443,\n])\n',
    );
    expect(result.stdout).not.toContain('hunter2');
  });

  it('shows sensitive values with --show-sensitive', async () => {
    const cwd = await stateDirectory();
    expect((await runTfstate(['outputs', '--show-sensitive'], { cwd })).stdout).toContain('password = "hunter2"\n');
    const named = await runTfstate(['outputs', 'password'], { cwd });
    expect(named).toMatchObject({ code: 0, stdout: '<sensitive>\n' });
    expect(named.stderr).toContain('--show-sensitive');
    expect((await runTfstate(['outputs', 'password', '--show-sensitive'], { cwd })).stdout).toBe('"hunter2"\n');
  });

  it('prints the terraform output -json shape with real values', async () => {
    const result = await runTfstate(['outputs', '--json'], { cwd: await stateDirectory() });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      enabled: { sensitive: false, type: 'bool', value: true },
      endpoint: { sensitive: false, type: 'string', value: 'db.internal:5432' },
      password: { sensitive: true, type: 'string', value: 'hunter2' },
      ports: { sensitive: false, type: ['list', 'number'], value: [80, 443] },
    });
  });

  it('prints one value as compact JSON, or bare with --raw', async () => {
    const cwd = await stateDirectory();
    expect((await runTfstate(['outputs', 'ports', '--json'], { cwd })).stdout).toBe('[80,443]\n');
    expect((await runTfstate(['outputs', 'endpoint', '--raw'], { cwd })).stdout).toBe('db.internal:5432');
    expect((await runTfstate(['outputs', 'enabled', '--raw'], { cwd })).stdout).toBe('true');
    const complex = await runTfstate(['outputs', 'ports', '--raw'], { cwd });
    expect(complex.code).toBe(1);
    expect(complex.stderr).toContain('Error: --raw only prints strings, numbers and bools, but output "ports" is list of number');
  });

  it('fails for an unknown output and warns when there are none', async () => {
    const cwd = await stateDirectory();
    const missing = await runTfstate(['outputs', 'nope'], { cwd });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Error: output "nope" not found in the state of workspace "default"');
    const empty = await temporaryDirectory();
    expect(await runTfstate(['outputs'], { cwd: empty })).toMatchObject({ code: 0, stdout: '' });
    expect(await runTfstate(['outputs', '--json'], { cwd: empty })).toMatchObject({ code: 0, stdout: '{}\n' });
  });
});
