import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { normalizeTerraformStyleFlags } from '../src/argv/terraform-style-flags.js';
import { runTfstate, temporaryDirectory } from './helpers/run-tfstate.js';
import { stateFile } from './helpers/state-files.js';
import { terraform, terraformAvailable } from './helpers/terraform.js';

/** A small tree shaped like tfstate's: global options, a group, and commands with their own options. */
function sampleProgram(): Command {
  const program = new Command('tfstate')
    .option('--chdir <dir>')
    .option('-c, --backend-config <value>')
    .option('-w, --workspace <name>')
    .option('--lock-timeout <duration>')
    .option('--json');
  program.command('outputs').argument('[name]').option('--raw').option('--show-sensitive');
  const lock = program.command('lock');
  lock.command('acquire').option('--info <text>');
  program.command('force-unlock').argument('<id>').addOption(new Option('-y, --yes'));
  return program;
}

describe('normalizeTerraformStyleFlags', () => {
  const normalize = (...argv: string[]): string[] => normalizeTerraformStyleFlags(sampleProgram(), argv);

  it('rewrites single-dash long options the command or its parents declare', () => {
    expect(normalize('outputs', '-raw', 'vpc_id')).toEqual(['outputs', '--raw', 'vpc_id']);
    expect(normalize('outputs', '-json')).toEqual(['outputs', '--json']);
    expect(normalize('-chdir=infra/prod', 'outputs', '-show-sensitive')).toEqual(['--chdir=infra/prod', 'outputs', '--show-sensitive']);
    expect(normalize('-lock-timeout', '5m', 'lock', 'acquire', '-info', 'deploy')).toEqual(['--lock-timeout', '5m', 'lock', 'acquire', '--info', 'deploy']);
    expect(normalize('-backend-config=bucket=b', 'outputs')).toEqual(['--backend-config=bucket=b', 'outputs']);
    expect(normalize('force-unlock', 'abc', '-yes', '-help')).toEqual(['force-unlock', 'abc', '--yes', '--help']);
  });

  it('leaves short options, attached short values and unknown names alone', () => {
    expect(normalize('-w', 'prod', 'outputs')).toEqual(['-w', 'prod', 'outputs']);
    expect(normalize('-cbucket=b', 'outputs')).toEqual(['-cbucket=b', 'outputs']);
    expect(normalize('outputs', '-nonsense')).toEqual(['outputs', '-nonsense']);
    // -raw belongs to outputs, not to lock acquire.
    expect(normalize('lock', 'acquire', '-raw')).toEqual(['lock', 'acquire', '-raw']);
  });

  it('never touches the value of an option or anything after --', () => {
    expect(normalize('lock', 'acquire', '--info', '-json')).toEqual(['lock', 'acquire', '--info', '-json']);
    expect(normalize('-w', '-json', 'outputs')).toEqual(['-w', '-json', 'outputs']);
    expect(normalize('outputs', '--', '-json')).toEqual(['outputs', '--', '-json']);
    expect(normalize('-chdir', '-json', 'outputs', '-json')).toEqual(['--chdir', '-json', 'outputs', '--json']);
  });
});

const outputs = {
  vpc_id: { value: 'vpc-0a1b2c', type: 'string' },
  replicas: { value: 3, type: 'number' },
};

async function stateDirectory(): Promise<{ cwd: string; stack: string }> {
  const cwd = await temporaryDirectory();
  const stack = join(cwd, 'stack');
  await mkdir(stack);
  await writeFile(join(stack, 'terraform.tfstate'), stateFile({ outputs }));
  return { cwd, stack };
}

describe('tfstate with Terraform-style flags', () => {
  it('outputs -raw NAME, -json and -chdir=DIR behave like their -- forms', async () => {
    const { cwd } = await stateDirectory();
    const raw = await runTfstate(['-chdir=stack', 'outputs', '-raw', 'vpc_id'], { cwd });
    expect(raw).toMatchObject({ code: 0, stdout: 'vpc-0a1b2c' });
    const json = await runTfstate(['-chdir=stack', 'outputs', '-json'], { cwd });
    const doubleDash = await runTfstate(['--chdir', 'stack', 'outputs', '--json'], { cwd });
    expect(json.code).toBe(0);
    expect(json.stdout).toBe(doubleDash.stdout);
    expect(JSON.parse(json.stdout)).toMatchObject({ vpc_id: { value: 'vpc-0a1b2c' }, replicas: { value: 3 } });
  });

  it('still reports an unknown single-dash option as a usage error', async () => {
    const { cwd } = await stateDirectory();
    const result = await runTfstate(['-chdir=stack', 'outputs', '-no-such-flag'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '-no-such-flag'");
  });

  it.runIf(terraformAvailable())('prints what terraform output prints for the same flags', async () => {
    const { cwd, stack } = await stateDirectory();
    await writeFile(join(stack, 'main.tf'), 'output "vpc_id" {\n  value = "unused"\n}\n');
    for (const flags of [['-raw', 'vpc_id'], ['-json'], ['-raw', 'replicas']]) {
      const expected = await terraform(cwd, '-chdir=stack', 'output', ...flags);
      const actual = await runTfstate(['-chdir=stack', 'outputs', ...flags], { cwd });
      expect(actual.code).toBe(0);
      expect(actual.stdout).toBe(expected.stdout);
    }
  });
});
