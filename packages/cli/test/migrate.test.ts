import { spawn, spawnSync } from 'node:child_process';
import { access, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { holdLock } from './helpers/lock-holder.js';
import { binPath, cleanEnvironment, runProcess, runTfstate, temporaryDirectory, type RunResult } from './helpers/run-tfstate.js';
import { managedResource, stateFile } from './helpers/state-files.js';

const scriptAvailable = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

/** The local target of these tests: its own files inside the working directory. */
const toLocal = ['migrate', '--to-backend', 'local', '-t', 'path=target/terraform.tfstate', '-t', 'workspace_dir=target/ws'];

interface Workspaces {
  [workspace: string]: string;
}

/** Writes states the way Terraform's local backend stores them. */
async function writeLocalStates(directory: string, states: Workspaces, layout = { path: 'terraform.tfstate', workspaceDirectory: 'terraform.tfstate.d' }): Promise<void> {
  for (const [workspace, text] of Object.entries(states)) {
    const file = workspace === 'default' ? join(directory, layout.path) : join(directory, layout.workspaceDirectory, workspace, 'terraform.tfstate');
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  }
}

function targetFile(cwd: string, workspace: string): string {
  return workspace === 'default' ? join(cwd, 'target', 'terraform.tfstate') : join(cwd, 'target', 'ws', workspace, 'terraform.tfstate');
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Three workspaces with distinct lineages and serials, and a resource each. */
async function threeWorkspaces(cwd: string): Promise<Workspaces> {
  const states: Workspaces = {
    default: stateFile({ serial: 4, outputs: { name: { value: 'default', type: 'string' } }, resources: [managedResource] }),
    dev: stateFile({ serial: 9, outputs: { name: { value: 'dev', type: 'string' } }, resources: [managedResource] }),
    'prod-eu': stateFile({ serial: 2, outputs: { name: { value: 'prod-eu', type: 'string' } }, resources: [managedResource] }),
  };
  await writeLocalStates(cwd, states);
  return states;
}

function lineageOf(text: string): string {
  return (JSON.parse(text) as { lineage: string }).lineage;
}

interface JsonSummary {
  complete: boolean;
  resumed: boolean;
  counts: Record<string, number>;
  workspaces: Array<{ workspace: string; result: string; detail: string; source: { serial: number; lineage: string; bytes: number } | null; target: { serial: number } | null; code?: string }>;
}

function summary(result: RunResult): JsonSummary {
  return JSON.parse(result.stdout) as JsonSummary;
}

function resultsOf(result: RunResult): Record<string, string> {
  return Object.fromEntries(summary(result).workspaces.map((workspace) => [workspace.workspace, workspace.result]));
}

describe('tfstate migrate (local to local)', () => {
  it('prints the plan with --dry-run and changes nothing', async () => {
    const cwd = await temporaryDirectory();
    const states = await threeWorkspaces(cwd);
    await writeLocalStates(cwd, { dev: stateFile({ serial: 3, lineage: lineageOf(states.dev!), resources: [managedResource] }) }, { path: 'target/terraform.tfstate', workspaceDirectory: 'target/ws' });
    const before = await readFile(targetFile(cwd, 'dev'), 'utf8');

    const plan = await runTfstate([...toLocal, '--dry-run'], { cwd });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/^Plan \(dry run, nothing changed\) from local/);
    expect(plan.stdout).toMatch(/ {2}default +copy +serial 4, \d+ B +- +target has no state\n/);
    expect(plan.stdout).toMatch(/ {2}dev +copy +serial 9, \d+ B +serial 3, \d+ B +target is older \(same lineage, lower serial\)\n/);
    expect(plan.stdout).toContain('3 workspaces: 3 copy.');

    const json = await runTfstate([...toLocal, '--dry-run', '--json'], { cwd });
    expect(json.code).toBe(0);
    expect(summary(json)).toMatchObject({ dryRun: true, counts: { copy: 3 } });
    expect(summary(json).workspaces.find((workspace) => workspace.workspace === 'dev')).toMatchObject({ source: { serial: 9 }, target: { serial: 3 } });

    expect(await exists(targetFile(cwd, 'default'))).toBe(false);
    expect(await exists(targetFile(cwd, 'prod-eu'))).toBe(false);
    expect(await readFile(targetFile(cwd, 'dev'), 'utf8')).toBe(before);
    expect(await exists(join(cwd, '.tfstate-migrate.json'))).toBe(false);
  });

  it('copies every workspace byte for byte, verifies, removes the journal, and finds it done on a rerun', async () => {
    const cwd = await temporaryDirectory();
    const states = await threeWorkspaces(cwd);

    const result = await runTfstate([...toLocal, '--json'], { cwd });
    expect(result.code).toBe(0);
    expect(summary(result)).toMatchObject({ dryRun: false, complete: true, resumed: false, counts: { copied: 3 } });
    for (const [workspace, text] of Object.entries(states)) expect(await readFile(targetFile(cwd, workspace), 'utf8')).toBe(text);
    expect(await exists(join(cwd, '.tfstate-migrate.json'))).toBe(false);

    const again = await runTfstate([...toLocal, '--json'], { cwd });
    expect(again.code).toBe(0);
    expect(resultsOf(again)).toEqual({ default: 'already-present', dev: 'already-present', 'prod-eu': 'already-present' });

    const pulled = await runTfstate(['-c', 'path=target/terraform.tfstate', '-c', 'workspace_dir=target/ws', '--backend', 'local', '-w', 'dev', 'state', 'pull'], { cwd });
    expect(pulled.stdout).toBe(states.dev);
  });

  it('prints one plain progress line per workspace on a non-terminal stderr and only the result on stdout', async () => {
    const cwd = await temporaryDirectory();
    await threeWorkspaces(cwd);
    const result = await runTfstate(toLocal, { cwd });
    expect(result.code).toBe(0);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^migrate: \[1\/3\] default: copied \(serial 4, \d+ B\)$/),
      expect.stringMatching(/^migrate: \[2\/3\] dev: copied \(serial 9, \d+ B\)$/),
      expect.stringMatching(/^migrate: \[3\/3\] prod-eu: copied \(serial 2, \d+ B\)$/),
    ]);
    expect(result.stderr).not.toContain('\u001b[');
    expect(result.stdout).toMatch(/^Migration from local \(directory=.*\) to local \(directory=.*, path=target\/terraform.tfstate, workspace_dir=target\/ws\):\n/);
    expect(result.stdout).toContain('3 workspaces: 3 copied; every workspace verified on the target.\n');

    const json = await runTfstate([...toLocal, '--json'], { cwd });
    expect(() => JSON.parse(json.stdout)).not.toThrow();
    expect(json.stderr).toMatch(/^migrate: \[1\/3\] default: already present/);
  });

  it.runIf(scriptAvailable)('draws a progress bar when stderr is a terminal, and stdout still carries only the result', async () => {
    const cwd = await temporaryDirectory();
    await threeWorkspaces(cwd);
    // script(1) gives the command a pseudo-terminal; stdout goes to a file, stderr stays on the terminal.
    const command = [process.execPath, binPath, ...toLocal].map((word) => `'${word}'`).join(' ');
    const terminal = await runProcess('script', ['-q', '-e', '-c', `stty cols 160; ${command} > result.txt`, '/dev/null'], { cwd });
    expect(terminal.code).toBe(0);
    expect(terminal.stdout).toContain('] 100% | 3/3 workspaces | prod-eu: copied');
    expect(terminal.stdout).not.toContain('migrate: [');
    const result = await readFile(join(cwd, 'result.txt'), 'utf8');
    expect(result).toMatch(/^Migration from local/);
    expect(result).toContain('3 workspaces: 3 copied; every workspace verified on the target.\n');
    expect(result).not.toContain('\u001b[');
  });

  it('refuses conflicting workspaces (other lineage, newer serial, same serial with other content) unless --force', async () => {
    const cwd = await temporaryDirectory();
    const states: Workspaces = {
      default: stateFile({ serial: 4, resources: [managedResource] }),
      older: stateFile({ serial: 5, resources: [managedResource] }),
      unrelated: stateFile({ serial: 5, resources: [managedResource] }),
      newer: stateFile({ serial: 5, resources: [managedResource] }),
      'same-serial': stateFile({ serial: 5, resources: [managedResource] }),
    };
    await writeLocalStates(cwd, states);
    const targetStates: Workspaces = {
      older: stateFile({ serial: 2, lineage: lineageOf(states.older!), resources: [managedResource] }),
      unrelated: stateFile({ serial: 1, resources: [managedResource] }),
      newer: stateFile({ serial: 8, lineage: lineageOf(states.newer!), resources: [managedResource] }),
      'same-serial': stateFile({ serial: 5, lineage: lineageOf(states['same-serial']!), outputs: { other: { value: 1, type: 'number' } }, resources: [managedResource] }),
    };
    await writeLocalStates(cwd, targetStates, { path: 'target/terraform.tfstate', workspaceDirectory: 'target/ws' });

    const refused = await runTfstate([...toLocal, '--json'], { cwd });
    expect(refused.code).toBe(1);
    expect(resultsOf(refused)).toEqual({ default: 'copied', older: 'copied', unrelated: 'conflict', newer: 'conflict', 'same-serial': 'conflict' });
    const details = Object.fromEntries(summary(refused).workspaces.map((workspace) => [workspace.workspace, workspace.detail]));
    expect(details.unrelated).toContain('unrelated state');
    expect(details.newer).toBe('the target is newer (serial 8 > source serial 5)');
    expect(details['same-serial']).toBe('the target has the same serial 5 with different content');
    expect(refused.stderr).toContain('Error: the migration is incomplete: 3 conflicting');
    expect(refused.stderr).toContain('migrate: [2/5] newer: CONFLICT: the target is newer');
    for (const workspace of ['unrelated', 'newer', 'same-serial']) {
      expect(await readFile(targetFile(cwd, workspace), 'utf8')).toBe(targetStates[workspace]);
    }
    expect(await readFile(targetFile(cwd, 'older'), 'utf8')).toBe(states.older);
    const journal = JSON.parse(await readFile(join(cwd, '.tfstate-migrate.json'), 'utf8')) as { workspaces: Array<{ name: string; status: string }> };
    expect(journal.workspaces.map((entry) => [entry.name, entry.status])).toEqual([
      ['default', 'verified'],
      ['newer', 'conflict'],
      ['older', 'verified'],
      ['same-serial', 'conflict'],
      ['unrelated', 'conflict'],
    ]);

    const forced = await runTfstate([...toLocal, '--force', '--json'], { cwd });
    expect(forced.code).toBe(0);
    expect(summary(forced)).toMatchObject({ resumed: true, complete: true });
    expect(resultsOf(forced)).toEqual({ default: 'verified-earlier', older: 'verified-earlier', unrelated: 'copied', newer: 'copied', 'same-serial': 'copied' });
    for (const [workspace, text] of Object.entries(states)) expect(await readFile(targetFile(cwd, workspace), 'utf8')).toBe(text);
    expect(await exists(join(cwd, '.tfstate-migrate.json'))).toBe(false);
  });

  it('copies only the workspaces matching --workspaces globs', async () => {
    const cwd = await temporaryDirectory();
    const text = () => stateFile({ serial: 1, resources: [managedResource] });
    await writeLocalStates(cwd, { default: text(), 'prod-eu': text(), 'prod-us': text(), dev1: text(), dev22: text(), staging: text() });
    const result = await runTfstate([...toLocal, '--workspaces', 'prod-*', '--workspaces', 'dev?', '--json'], { cwd });
    expect(result.code).toBe(0);
    expect(Object.keys(resultsOf(result))).toEqual(['dev1', 'prod-eu', 'prod-us']);
    expect((await readdir(join(cwd, 'target', 'ws'))).sort()).toEqual(['dev1', 'prod-eu', 'prod-us']);
    expect(await exists(targetFile(cwd, 'default'))).toBe(false);

    for (const dryRun of [[], ['--dry-run']]) {
      const none = await runTfstate([...toLocal, '--workspaces', 'nothing-*', ...dryRun], { cwd });
      expect(none.code).toBe(1);
      expect(none.stderr).toContain('Error: no workspace of the source matches nothing-*');
    }
  });

  it('fails a workspace whose source lock stays held past --lock-timeout (exit 3) and copies the others', async () => {
    const cwd = await temporaryDirectory();
    const states = await threeWorkspaces(cwd);
    const holder = await holdLock(cwd, 'dev');
    const result = await runTfstate([...toLocal, '--lock-timeout', '0s', '--json'], { cwd });
    expect(result.code).toBe(3);
    expect(resultsOf(result)).toEqual({ default: 'copied', dev: 'failed', 'prod-eu': 'copied' });
    expect(summary(result).workspaces[1]).toMatchObject({ code: 'LOCK_CONFLICT' });
    expect(result.stderr).toContain('migrate: [2/3] dev: FAILED:');
    expect(result.stderr).toContain('Error: the migration is incomplete: 1 failed');
    expect(await exists(targetFile(cwd, 'dev'))).toBe(false);
    await holder.release();

    const resumed = await runTfstate([...toLocal, '--json'], { cwd });
    expect(resumed.code).toBe(0);
    expect(resultsOf(resumed)).toEqual({ default: 'verified-earlier', dev: 'copied', 'prod-eu': 'verified-earlier' });
    expect(await readFile(targetFile(cwd, 'dev'), 'utf8')).toBe(states.dev);
  });

  it('waits for a held source lock within --lock-timeout, then copies', async () => {
    const cwd = await temporaryDirectory();
    const states = await threeWorkspaces(cwd);
    const holder = await holdLock(cwd, 'dev');
    const child = spawn(process.execPath, [binPath, ...toLocal, '--lock-timeout', '60s'], { cwd, env: cleanEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let released = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!released && stderr.includes('Waiting for the state lock held by holder@test')) {
        released = true;
        void holder.release();
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(released).toBe(true);
    expect(code).toBe(0);
    expect(stderr).toContain('migrate: [2/3] dev: copied');
    expect(await readFile(targetFile(cwd, 'dev'), 'utf8')).toBe(states.dev);
  });

  it('refuses a journal left by a migration to another target, with a hint', async () => {
    const cwd = await temporaryDirectory();
    await threeWorkspaces(cwd);
    await writeLocalStates(cwd, { dev: stateFile({ serial: 1, resources: [managedResource] }) }, { path: 'target/terraform.tfstate', workspaceDirectory: 'target/ws' });
    expect((await runTfstate(toLocal, { cwd })).code).toBe(1);
    const other = await runTfstate(['migrate', '--to-backend', 'local', '-t', 'path=elsewhere/terraform.tfstate', '-t', 'workspace_dir=elsewhere/ws'], { cwd });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(`Error: the journal ${join(cwd, '.tfstate-migrate.json')} belongs to another migration, from local (directory=${cwd}) to local (directory=${cwd}, path=target/terraform.tfstate, workspace_dir=target/ws)`);
    expect(other.stderr).toContain('Hint: Rerun with the same source, target and --workspaces to finish that migration, or delete');
    expect(await exists(join(cwd, 'elsewhere'))).toBe(false);

    const ownJournal = await runTfstate(
      ['migrate', '--to-backend', 'local', '-t', 'path=elsewhere/terraform.tfstate', '-t', 'workspace_dir=elsewhere/ws', '--journal', 'other.json'],
      { cwd },
    );
    expect(ownJournal.code).toBe(0);
    expect(await exists(join(cwd, 'elsewhere', 'terraform.tfstate'))).toBe(true);
  });

  it('refuses usage errors: no target type, the source as target, local files shared with the source', async () => {
    const cwd = await temporaryDirectory();
    await threeWorkspaces(cwd);
    const noType = await runTfstate(['migrate', '-t', 'path=x.tfstate'], { cwd });
    expect(noType.code).toBe(2);
    expect(noType.stderr).toContain('Error: migrate needs the target backend type');
    const itself = await runTfstate(['migrate', '--to-backend', 'local'], { cwd });
    expect(itself.code).toBe(2);
    expect(itself.stderr).toContain('Error: the migration target is the source itself');
    const sharing = await runTfstate(['migrate', '--to-backend', 'local', '-t', 'path=other.tfstate'], { cwd });
    expect(sharing.code).toBe(2);
    expect(sharing.stderr).toContain(`Error: the source and the target local backends share ${join(cwd, 'terraform.tfstate.d')}`);
    expect(await exists(join(cwd, 'other.tfstate'))).toBe(false);
  });
});
