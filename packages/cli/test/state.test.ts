import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { holdLock } from './helpers/lock-holder.js';
import { runTfstate, temporaryDirectory } from './helpers/run-tfstate.js';
import { stateFile } from './helpers/state-files.js';

/** A state with odd but valid bytes: compact, big number, unusual key order. Pull must not reformat it. */
const oddBytes =
  '{"version":4,"terraform_version":"1.9.0","serial":7,"lineage":"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",' +
  '"outputs":{"n":{"value":12345678901234567890,"type":"number"}},"resources":[],"check_results":null,"x-extra":1.50}';

describe('tfstate state pull', () => {
  it('writes the exact stored bytes to stdout and nothing else', async () => {
    const cwd = await temporaryDirectory();
    await writeFile(join(cwd, 'terraform.tfstate'), oddBytes);
    const result = await runTfstate(['state', 'pull'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdoutBytes.equals(Buffer.from(oddBytes))).toBe(true);
    expect(result.stderr).toBe('');
  });

  it('writes to a file with -o and reports it as JSON', async () => {
    const cwd = await temporaryDirectory();
    const created = await runTfstate(['workspace', 'new', 'dev'], { cwd });
    expect(created.code).toBe(0);
    await writeFile(join(cwd, 'terraform.tfstate.d/dev/terraform.tfstate'), oddBytes);
    const result = await runTfstate(['-w', 'dev', 'state', 'pull', '-o', 'copy.tfstate', '--json'], { cwd });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ workspace: 'dev', found: true, output: join(cwd, 'copy.tfstate'), bytes: oddBytes.length });
    expect(await readFile(join(cwd, 'copy.tfstate'), 'utf8')).toBe(oddBytes);
  });

  it('prints nothing on stdout when there is no state', async () => {
    const result = await runTfstate(['state', 'pull'], { cwd: await temporaryDirectory() });
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toContain('No state is stored for workspace "default"');
  });
});

describe('tfstate state push', () => {
  it('stores a new state as given, then bumps the serial of a later push of the same lineage', async () => {
    const cwd = await temporaryDirectory();
    const lineage = '11111111-2222-3333-4444-555555555555';
    await writeFile(join(cwd, 'first.tfstate'), stateFile({ serial: 5, lineage }));
    const first = await runTfstate(['state', 'push', 'first.tfstate', '--json'], { cwd });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ workspace: 'default', written: true, serial: 5, lineage });

    await writeFile(join(cwd, 'second.tfstate'), stateFile({ serial: 6, lineage, outputs: { a: { value: 'x', type: 'string' } } }));
    const second = await runTfstate(['state', 'push', 'second.tfstate'], { cwd });
    expect(second).toMatchObject({ code: 0, stdout: `Pushed state to workspace "default" (serial 7, lineage ${lineage}).\n` });
    const stored = JSON.parse(await readFile(join(cwd, 'terraform.tfstate'), 'utf8'));
    expect(stored).toMatchObject({ serial: 7, lineage, outputs: { a: { value: 'x', type: 'string' } } });
  });

  it('reads the state from stdin with -', async () => {
    const cwd = await temporaryDirectory();
    const result = await runTfstate(['-w', 'piped', 'state', 'push', '-'], { cwd, input: stateFile({ serial: 2 }) });
    expect(result.code).toBe(0);
    expect(JSON.parse(await readFile(join(cwd, 'terraform.tfstate.d/piped/terraform.tfstate'), 'utf8')).serial).toBe(2);
  });

  describe('refusals leave the stored state unchanged', () => {
    const lineage = '99999999-8888-7777-6666-555555555555';
    const stored = stateFile({ serial: 10, lineage, outputs: { v: { value: 'stored', type: 'string' } } });

    it.each([
      ['another lineage', stateFile({ serial: 11 }), /cannot import state with lineage ".*" over unrelated state with lineage "99999999-8888-7777-6666-555555555555"/],
      ['a lower serial', stateFile({ serial: 9, lineage }), /cannot import state with serial 9 over newer state with serial 10/],
      [
        'the same serial with other content',
        stateFile({ serial: 10, lineage, outputs: { v: { value: 'other', type: 'string' } } }),
        /cannot overwrite existing state with serial 10 with a different state that has the same serial/,
      ],
      ['invalid JSON', '{"version": 4, "serial": ', /^Error: .*(JSON|json|end)/],
      ['a version 3 state', '{"version": 3, "serial": 1, "lineage": "x", "modules": []}', /^Error: .*version/i],
    ])('refuses %s', async (_case, incoming, message) => {
      const cwd = await temporaryDirectory();
      await writeFile(join(cwd, 'terraform.tfstate'), stored);
      await writeFile(join(cwd, 'incoming.tfstate'), incoming);
      const result = await runTfstate(['state', 'push', 'incoming.tfstate'], { cwd });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
      expect(await readFile(join(cwd, 'terraform.tfstate'), 'utf8')).toBe(stored);
    });

    it('pushes over them with --force', async () => {
      const cwd = await temporaryDirectory();
      await writeFile(join(cwd, 'terraform.tfstate'), stored);
      const otherLineage = 'abcdefab-0000-0000-0000-000000000000';
      await writeFile(join(cwd, 'incoming.tfstate'), stateFile({ serial: 3, lineage: otherLineage }));
      const result = await runTfstate(['state', 'push', '--force', 'incoming.tfstate', '--json'], { cwd });
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ written: true, lineage: otherLineage });
      expect(JSON.parse(await readFile(join(cwd, 'terraform.tfstate'), 'utf8')).lineage).toBe(otherLineage);
    });
  });

  it('fails with a clear error for a missing file', async () => {
    const result = await runTfstate(['state', 'push', 'nope.tfstate'], { cwd: await temporaryDirectory() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: cannot read state file "nope.tfstate" (ENOENT)');
  });

  it('exits 3 when another process holds the lock, and changes nothing', async () => {
    const cwd = await temporaryDirectory();
    const stored = stateFile({ serial: 1, lineage: 'aaaaaaaa-0000-0000-0000-000000000000' });
    await writeFile(join(cwd, 'terraform.tfstate'), stored);
    await writeFile(join(cwd, 'incoming.tfstate'), stateFile({ serial: 2, lineage: 'aaaaaaaa-0000-0000-0000-000000000000' }));
    const holder = await holdLock(cwd);
    const result = await runTfstate(['state', 'push', 'incoming.tfstate'], { cwd });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Error: ');
    expect(result.stderr).toContain(holder.id);
    expect(await readFile(join(cwd, 'terraform.tfstate'), 'utf8')).toBe(stored);
    await holder.release();
  });

  it('waits up to --lock-timeout for the holder, then pushes', async () => {
    const cwd = await temporaryDirectory();
    await writeFile(join(cwd, 'incoming.tfstate'), stateFile({ serial: 4 }));
    const holder = await holdLock(cwd);
    const { spawn } = await import('node:child_process');
    const { binPath, cleanEnvironment } = await import('./helpers/run-tfstate.js');
    const child = spawn(process.execPath, [binPath, '--lock-timeout', '2m', 'state', 'push', 'incoming.tfstate'], {
      cwd,
      env: cleanEnvironment(),
    });
    let stderr = '';
    const waiting = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('Waiting for the state lock')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waiting;
    expect(stderr).toContain(`ID ${holder.id}`);
    await holder.release();
    expect(await exited).toBe(0);
    expect(JSON.parse(await readFile(join(cwd, 'terraform.tfstate'), 'utf8')).serial).toBe(4);
  });
});
