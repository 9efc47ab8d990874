import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completionSession, type CompletionSession, type Shell } from './helpers/completion-shells.js';
import { runTfstate, temporaryDirectory } from './helpers/run-tfstate.js';

const shells: Shell[] = ['bash', 'zsh', 'fish'];

describe.each(shells)('tfstate completion %s, driven in the real shell', (shell) => {
  let cwd: string;
  let session: CompletionSession;

  beforeAll(async () => {
    // Not temporaryDirectory(): that one is removed after each test, and this one serves them all.
    cwd = await mkdtemp(join(tmpdir(), `tfstate-completion-${shell}-`));
    await mkdir(join(cwd, 'configs'));
    await writeFile(join(cwd, 'configs', 'prod.s3.tfbackend'), 'bucket = "b"\n');
    for (const name of ['staging', 'prod-eu']) {
      const created = await runTfstate(['workspace', 'new', name], { cwd });
      expect(created.code).toBe(0);
    }
    session = await completionSession(cwd);
  }, 900_000);

  afterAll(async () => {
    await session?.close();
    if (cwd !== undefined) await rm(cwd, { recursive: true, force: true });
  });

  it('completes top-level commands and the subcommands of a group', async () => {
    expect(await session.complete(shell, 'tfstate wor')).toEqual(['workspace']);
    expect(await session.complete(shell, 'tfstate workspace ')).toEqual(expect.arrayContaining(['delete', 'list', 'new', 'show']));
    expect(await session.complete(shell, 'tfstate lock ')).toEqual(expect.arrayContaining(['acquire', 'status']));
    expect(await session.complete(shell, 'tfstate compl')).toEqual(['completion']);
  });

  it('never offers the hidden __complete command', async () => {
    const offered = await session.complete(shell, 'tfstate ');
    expect(offered).toEqual(expect.arrayContaining(['workspace', 'state', 'lock', 'outputs', 'completion']));
    expect(offered.filter((word) => word.startsWith('__'))).toEqual([]);
  });

  it('finds the subcommand behind global options and their values', async () => {
    expect(await session.complete(shell, 'tfstate --backend s3 -c configs/prod.s3.tfbackend -w prod st')).toEqual(['state']);
    expect(await session.complete(shell, 'tfstate -w staging state p')).toEqual(['pull', 'push']);
  });

  it("offers a command's own options and the global ones", async () => {
    const offered = await session.complete(shell, 'tfstate state pull --');
    expect(offered).toEqual(expect.arrayContaining(['--output', '--backend', '--backend-config', '--chdir', '--workspace', '--json']));
    expect(offered).not.toContain('--force');
    expect(await session.complete(shell, 'tfstate workspace delete --fo')).toEqual(['--force']);
  });

  it('completes choices: backend names from the registry and the completion shells', async () => {
    // The registry's names, as --help lists them: a backend added later is completed too.
    const help = await runTfstate(['--help'], { cwd });
    const listed = /--backend <name>[^\n]*\(choices: ([^)]*)\)/.exec(help.stdout)?.[1] ?? '';
    const backends = [...listed.matchAll(/"([^"]+)"/g)].map(([, name]) => name).sort();
    expect(backends).toEqual(expect.arrayContaining(['local', 'oss', 's3']));
    expect(await session.complete(shell, 'tfstate --backend ')).toEqual(backends);
    expect(await session.complete(shell, 'tfstate outputs --backend o')).toEqual(['oss']);
    expect(await session.complete(shell, 'tfstate completion ')).toEqual(['bash', 'fish', 'zsh']);
  });

  it('completes files and directories where the definitions ask for them', async () => {
    // bash and fish offer the whole path; zsh's _files adds the last component after the typed directory.
    const files = await session.complete(shell, 'tfstate -c configs/prod');
    expect(files.filter((entry) => entry.endsWith('prod.s3.tfbackend'))).toHaveLength(1);
    expect(files.filter((entry) => entry.includes('terraform.tfstate'))).toEqual([]);
    const directories = await session.complete(shell, 'tfstate --chdir con');
    expect(directories.map((entry) => entry.replace(/\/$/, ''))).toEqual(['configs']);
  });

  it('completes workspace names from the local backend, following --chdir', async () => {
    expect(await session.complete(shell, 'tfstate -w ')).toEqual(['default', 'prod-eu', 'staging']);
    expect(await session.complete(shell, 'tfstate outputs -w st')).toEqual(['staging']);
    const elsewhere = await temporaryDirectory();
    const created = await runTfstate(['workspace', 'new', 'qa'], { cwd: elsewhere });
    expect(created.code).toBe(0);
    expect(await session.complete(shell, `tfstate --chdir ${elsewhere} -w `)).toEqual(['default', 'qa']);
  });

  it('completes the workspace argument of workspace select and delete, but not the new name of workspace new', async () => {
    expect(await session.complete(shell, 'tfstate workspace select ')).toEqual(['default', 'prod-eu', 'staging']);
    expect(await session.complete(shell, 'tfstate workspace delete --force pr')).toEqual(['prod-eu']);
    expect(await session.complete(shell, 'tfstate workspace new st')).toEqual([]);
  });
});

describe('tfstate completion zsh installed on $fpath', () => {
  it('is autoloaded by compinit and completes like the sourced script', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'tfstate-completion-fpath-'));
    const session = await completionSession(cwd);
    try {
      expect(await session.completeAutoloadedZsh('tfstate state p')).toEqual(['pull', 'push']);
      expect(await session.completeAutoloadedZsh('tfstate --backend ')).toEqual(expect.arrayContaining(['local', 'oss', 's3']));
    } finally {
      await session.close();
      await rm(cwd, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('tfstate completion, the command', () => {
  it('says how to install each script in its help, and the script says it too', async () => {
    const cwd = await temporaryDirectory();
    const help = await runTfstate(['completion', '--help'], { cwd });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('~/.local/share/bash-completion/completions/tfstate');
    expect(help.stdout).toContain('_tfstate');
    expect(help.stdout).toContain('~/.config/fish/completions/tfstate.fish');
    const script = await runTfstate(['completion', 'fish'], { cwd });
    expect(script.stdout).toContain('# Install for fish');
  });

  it('prints the script in a directory whose workspace settings are broken (shell start-up files run it anywhere)', async () => {
    const cwd = await temporaryDirectory();
    await mkdir(join(cwd, '.terraform'));
    await writeFile(join(cwd, '.terraform', 'environment'), 'not/a workspace');
    const result = await runTfstate(['completion', 'bash'], { cwd, env: { TF_WORKSPACE: 'two words' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('complete -F _tfstate_completion tfstate');
    const broken = await runTfstate(['workspace', 'show'], { cwd, env: { TF_WORKSPACE: 'two words' } });
    expect(broken.code).toBe(2);
  });

  it('refuses an unknown shell as a usage error naming the choices', async () => {
    const result = await runTfstate(['completion', 'powershell'], { cwd: await temporaryDirectory() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bash, zsh, fish');
    expect(result.stdout).toBe('');
  });

  it('lists workspaces for completion only from the local backend, silently', async () => {
    const cwd = await temporaryDirectory();
    expect((await runTfstate(['workspace', 'new', 'dev'], { cwd })).code).toBe(0);
    const local = await runTfstate(['__complete', 'workspaces'], { cwd });
    expect(local).toMatchObject({ code: 0, stdout: 'default\ndev\n', stderr: '' });
    const remote = await runTfstate(['--backend', 's3', '-c', 'bucket=never-contacted', '__complete', 'workspaces'], { cwd });
    expect(remote).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const help = await runTfstate(['--help'], { cwd });
    expect(help.stdout).not.toContain('__complete');
  });
});
