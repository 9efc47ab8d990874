import { request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryDirectory } from './helpers/run-tfstate.js';
import { terraformRequest } from './helpers/serve-client.js';
import { startServeProcess } from './helpers/serve-process.js';
import { stateFile } from './helpers/state-files.js';

describe('tfstate serve shutdown', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s stops accepting connections, finishes the request in flight and exits 0',
    async (signal) => {
      const cwd = await temporaryDirectory();
      const server = await startServeProcess(['serve', '--listen', '127.0.0.1:0'], { cwd });
      const body = Buffer.from(stateFile({ serial: 11, outputs: { blob: { value: 'w'.repeat(100_000), type: 'string' } } }));

      // A write whose body arrives in two parts, with the signal in between.
      const outgoing = request(`${server.url}/default`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': body.length },
        agent: false,
      });
      const answer = new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        outgoing.on('response', (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection }));
        });
        outgoing.on('error', reject);
      });
      outgoing.write(body.subarray(0, 1000));
      await new Promise<void>((resolve) => outgoing.once('socket', (socket) => socket.once('connect', () => resolve())));
      // Let the server read the headers and start on the body before the signal arrives.
      await new Promise((resolve) => setTimeout(resolve, 300));

      const exited = server.stop(signal);
      while (!server.stderr().includes('shutting down')) await new Promise((resolve) => setTimeout(resolve, 20));
      await expect(terraformRequest('GET', `${server.url}/default`)).rejects.toThrow(/ECONNREFUSED/);

      outgoing.end(body.subarray(1000));
      expect(await answer).toEqual({ status: 200, connection: 'close' });
      expect(await exited).toBe(0);
      expect(server.stderr()).toContain('stopped');
      expect((await readFile(join(cwd, 'terraform.tfstate'))).equals(body)).toBe(true);
    },
  );
});
