/**
 * One pull or push of a large state through OSS in a fresh process, timed inside the process
 * (start-up and module loading excluded), printing {ms, bytes, maxRssBytes} as its last line.
 * The raw side is plain ali-oss `get`/`put`; the provider side is `readState`/`writeState`.
 */
import { readFile } from 'node:fs/promises';
import OSS from 'ali-oss';
import { peakRssBytes } from '../lib/peak-rss.mjs';
import { openOssBackend } from '../lib/oss-provider.mjs';

const task = JSON.parse(process.argv[2]);

async function prepare() {
  const input = task.operation === 'push' ? await readFile(task.file) : undefined;
  if (task.side === 'raw') {
    const client = new OSS({
      accessKeyId: task.oss.accessKeyId,
      accessKeySecret: task.oss.accessKeySecret,
      endpoint: task.oss.endpoint,
      region: `oss-${task.oss.region}`,
      bucket: task.bucket,
    });
    if (task.operation === 'pull') return { transfer: async () => (await client.get(task.key)).content.length };
    return {
      transfer: async () => {
        await client.put(task.key, input, { mime: 'application/json' });
        return input.length;
      },
    };
  }
  const backend = await openOssBackend(task.config);
  if (task.operation === 'idle') return { transfer: async () => 0 };
  if (task.operation === 'pull') return { transfer: async () => (await backend.readState('default')).bytes.length };
  // The lock a real push holds, taken and released outside the timed part (writeChecksLock).
  const lockId = backend.capabilities.writeChecksLock ? await backend.lock('default', { Operation: 'state-push' }) : undefined;
  return {
    transfer: async () => {
      await backend.writeState('default', input, { lockId });
      return input.length;
    },
    finish: async () => {
      if (lockId) await backend.unlock('default', lockId);
    },
  };
}

const { transfer, finish } = await prepare();
const start = process.hrtime.bigint();
const bytes = await transfer();
const ms = Number(process.hrtime.bigint() - start) / 1e6;
await finish?.();
if (task.expectedBytes !== undefined && bytes !== task.expectedBytes) throw new Error(`transferred ${bytes} bytes, expected ${task.expectedBytes}`);
console.log(JSON.stringify({ ms, bytes, maxRssBytes: peakRssBytes() }));
process.exit(0);
