import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTfstate, temporaryDirectory } from './helpers/run-tfstate.js';

describe('tfstate command line', () => {
  it('documents every command and the exit codes in --help', async () => {
    const result = await runTfstate(['--help'], { cwd: await temporaryDirectory() });
    expect(result.code).toBe(0);
    for (const command of ['workspace', 'state', 'lock', 'unlock', 'force-unlock', 'outputs']) {
      expect(result.stdout).toContain(`  ${command}`);
    }
    expect(result.stdout).toMatch(/Exit codes:\n\s+0\s+success\n\s+1\s+error.*\n\s+2\s+usage error.*\n\s+3\s+the state lock is held/);
    expect(result.stderr).toBe('');
  });

  it('prints examples in the help of each command', async () => {
    const cwd = await temporaryDirectory();
    for (const command of [['workspace', 'delete'], ['state', 'push'], ['lock', 'acquire'], ['force-unlock'], ['outputs']]) {
      const result = await runTfstate([...command, '--help'], { cwd });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Examples:\n  $ ');
      expect(result.stdout).toContain('--lock-timeout <duration>');
    }
  });

  it('prints the package version', async () => {
    const result = await runTfstate(['--version'], { cwd: await temporaryDirectory() });
    const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['workspace', 'new'], /missing required argument 'name'/],
    [['outputs', '--no-such-flag'], /unknown option '--no-such-flag'/],
    [['--backend', 'ftp', 'workspace', 'list'], /argument 'ftp' is invalid/],
    [['--lock-timeout', '5 minutes', 'state', 'push', 'x.tfstate'], /invalid duration "5 minutes" for --lock-timeout/],
    [['--chdir', 'does-not-exist', 'workspace', 'list'], /--chdir "does-not-exist" is not a directory/],
    [['-c', '=value', 'workspace', 'list'], /invalid backend setting name "" in -c/],
    [['outputs', '--raw'], /--raw needs the name of one output/],
    [['outputs', 'x', '--raw', '--json'], /--raw and --json cannot be used together/],
    [['workspace'], /Usage: tfstate workspace/],
  ])('exits 2 on the usage error %j', async (args, message) => {
    const result = await runTfstate(args, { cwd: await temporaryDirectory() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('writes errors as "Error:" plus a hint, without a stack trace unless --debug', async () => {
    const cwd = await temporaryDirectory();
    const plain = await runTfstate(['-c', 'bucket=super-secret-value', 'workspace', 'list'], { cwd });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toBe(
      'Error: the local backend has no setting "bucket"\n\nHint: The local backend accepts: path, workspace_dir.\n',
    );
    const debug = await runTfstate(['-c', 'bucket=super-secret-value', '--debug', 'workspace', 'list'], { cwd });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n {4}at /);
    expect(debug.stderr).not.toContain('super-secret-value');
  });

  it('reads -c files in HCL or JSON form, later settings winning', async () => {
    const cwd = await temporaryDirectory();
    await writeFile(join(cwd, 'first.tfbackend'), '# local settings\npath = "first.tfstate"\nworkspace_dir = "spaces" // comment\n');
    await writeFile(join(cwd, 'second.json'), '{"path": "second.tfstate"}');
    const state = (await import('./helpers/state-files.js')).stateFile({ serial: 4 });
    await writeFile(join(cwd, 'in.tfstate'), state);
    const push = await runTfstate(['-c', 'first.tfbackend', '-c', 'second.json', 'state', 'push', 'in.tfstate'], { cwd });
    expect(push.stderr).toBe('');
    expect(push.code).toBe(0);
    expect(existsSync(join(cwd, 'second.tfstate'))).toBe(true);
    expect(existsSync(join(cwd, 'first.tfstate'))).toBe(false);
    const overridden = await runTfstate(['-c', 'second.json', '-c', 'path=third.tfstate', 'state', 'push', 'in.tfstate'], { cwd });
    expect(overridden.code).toBe(0);
    expect(existsSync(join(cwd, 'third.tfstate'))).toBe(true);
  });

  it('refuses a malformed backend config file without echoing its values', async () => {
    const cwd = await temporaryDirectory();
    await writeFile(join(cwd, 'bad.tfbackend'), 'path = "ok.tfstate"\nsecret_key = hunter2secret\n');
    const result = await runTfstate(['-c', 'bad.tfbackend', 'workspace', 'list'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: bad.tfbackend:2: variables may not be used in "secret_key"');
    expect(result.stderr).not.toContain('hunter2secret');
  });

  it.each([
    ['s3', '@x/backend-s3'],
    ['oss', '@x/backend-oss'],
  ])('loads the %s backend from %s only when used, naming the package when it is missing', async (backend, packageName) => {
    const installed = isResolvable(packageName);
    const result = await runTfstate(['--backend', backend, 'workspace', 'list'], { cwd: await temporaryDirectory() });
    expect(result.code).toBe(1);
    if (installed) {
      expect(result.stderr).not.toContain('which is not installed');
    } else {
      expect(result.stderr).toBe(
        `Error: the ${backend} backend needs the package ${packageName}, which is not installed\n\n` +
          `Hint: Install it next to tfstate: npm install ${packageName} (or pnpm add ${packageName}).\n`,
      );
    }
  });
});

/** Whether the package is installed where the CLI resolves it from. */
function isResolvable(packageName: string): boolean {
  return existsSync(new URL(`../node_modules/${packageName}/package.json`, import.meta.url));
}
