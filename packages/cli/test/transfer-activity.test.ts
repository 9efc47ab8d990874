import { startFaultProxy, type FaultProxy } from '@x/test-servers';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Bucket, requireServers, s3BackendSettings } from './helpers/remote-backends.js';
import { binPath, runProcess, runTfstate, temporaryDirectory } from './helpers/run-tfstate.js';
import { stateFile } from './helpers/state-files.js';

let proxy: FaultProxy;
let cwd: string;

// radosgw behind a proxy that delays every answer, so a pull or push takes long enough to be "long".
beforeAll(async () => {
  const target = new URL(requireServers('s3').s3.endpoint);
  proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port) });
  const bucket = await createS3Bucket('activity');
  cwd = await temporaryDirectory();
  const settings = s3BackendSettings({ bucket, key: 'terraform.tfstate', endpoint: proxy.endpoint, lock: { kind: 'lockfile' } });
  await writeFile(join(cwd, 'backend.hcl'), settings.join('\n'));
  await writeFile(join(cwd, 'big.tfstate'), stateFile({ serial: 3 }));
});

afterAll(async () => {
  await proxy?.stop();
});

/** Runs tfstate on a pseudo-terminal (util-linux `script`), so stderr is a TTY as in an interactive shell. */
function onTerminal(args: string[]) {
  const command = [process.execPath, binPath, '--backend', 's3', '-c', 'backend.hcl', ...args].map((part) => `'${part}'`).join(' ');
  return runProcess('script', ['-qec', command, '/dev/null'], { cwd });
}

describe('long pulls and pushes', () => {
  it('show what is happening and the elapsed time on a terminal, and nothing when stderr is not one', async () => {
    proxy.setFaults({ latencyMs: 900 });
    const pushed = await onTerminal(['state', 'push', 'big.tfstate']);
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toMatch(/writing \d+ B to workspace "default" \| \ds/);

    const pulled = await onTerminal(['state', 'pull', '-o', 'copy.tfstate']);
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toContain('reading the state of workspace "default" |');
    expect(await readFile(join(cwd, 'copy.tfstate'))).toEqual(await readFile(join(cwd, 'big.tfstate')));

    const piped = await runTfstate(['--backend', 's3', '-c', 'backend.hcl', 'state', 'pull'], { cwd });
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
    expect(piped.stdoutBytes).toEqual(await readFile(join(cwd, 'big.tfstate')));
    proxy.setFaults({});
  });
});
