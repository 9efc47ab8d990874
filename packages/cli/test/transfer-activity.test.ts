import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startFaultProxy, type FaultProxy, type TestServers } from '@x/test-servers';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { binPath, runProcess, runTfstate, temporaryDirectory } from './helpers/run-tfstate.js';
import { stateFile } from './helpers/state-files.js';

const servers: TestServers = inject('testServers');
let proxy: FaultProxy;
let cwd: string;

// radosgw behind a proxy that delays every answer, so a pull or push takes long enough to be "long".
beforeAll(async () => {
  const { s3 } = servers;
  if (!s3) throw new Error('this test needs TFSTATE_TEST_SERVERS to include s3 (see vitest.config.ts)');
  const target = new URL(s3.endpoint);
  proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port) });
  const bucket = `activity-${randomBytes(5).toString('hex')}`;
  const client = new S3Client({
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  cwd = await temporaryDirectory();
  await writeFile(
    join(cwd, 'backend.hcl'),
    [
      `bucket = "${bucket}"`,
      'key = "terraform.tfstate"',
      `region = "${s3.region}"`,
      `access_key = "${s3.accessKeyId}"`,
      `secret_key = "${s3.secretAccessKey}"`,
      'use_path_style = true',
      'skip_credentials_validation = true',
      'skip_requesting_account_id = true',
      'use_lockfile = true',
      `endpoints = { s3 = "${proxy.endpoint}" }`,
    ].join('\n'),
  );
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
