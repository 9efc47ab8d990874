/**
 * One pull or push of a large state through OSS in a fresh process (see lib/timed-transfer.mjs).
 * The raw side is plain ali-oss `get`/`put`; the provider side is `readState`/`writeState`.
 */
import { openOssBackend } from '../lib/oss-provider.mjs';
import { rawOssClient } from '../lib/raw-oss-client.mjs';
import { runTimedTransfer } from '../lib/timed-transfer.mjs';

function prepareRawTransfer(task, input) {
  const client = rawOssClient(task.oss, task.bucket);
  if (task.operation === 'pull') return { transfer: async () => (await client.get(task.key)).content.length };
  return {
    transfer: async () => {
      await client.put(task.key, input, { mime: 'application/json' });
      return input.length;
    },
  };
}

await runTimedTransfer({ prepareRawTransfer, openBackend: (task) => openOssBackend(task.config) });
