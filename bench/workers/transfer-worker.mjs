/**
 * One pull or push of a large state in a fresh process, timed inside the process (start-up and
 * module loading excluded), printing {ms, bytes, maxRssBytes} as its last line. A fresh process
 * per run makes the peak RSS that of exactly one transfer (see lib/peak-rss.mjs).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { peakRssBytes } from '../lib/peak-rss.mjs';
import { openS3Backend } from '../lib/s3-provider.mjs';

const task = JSON.parse(process.argv[2]);

async function prepare() {
  const input = task.operation === 'push' ? await readFile(task.file) : undefined;
  if (task.side === 'raw') {
    // Built here rather than through lib/aws-setup.mjs so the raw side loads only the S3 SDK.
    const client = new S3Client({
      endpoint: task.s3.endpoint,
      region: task.s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: task.s3.accessKeyId, secretAccessKey: task.s3.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    if (task.operation === 'pull') {
      return {
        transfer: async () => {
          const answer = await client.send(new GetObjectCommand({ Bucket: task.bucket, Key: task.key }));
          return (await answer.Body.transformToByteArray()).length;
        },
      };
    }
    return {
      transfer: async () => {
        // With `checksum: 'sha256'` the raw side sends the same x-amz-checksum-sha256 header as the
        // provider's default, computed the plain way (the SDK's signer then hashes the body again).
        const checksum = task.checksum === 'sha256' ? { ChecksumSHA256: createHash('sha256').update(input).digest('base64') } : {};
        await client.send(new PutObjectCommand({ Bucket: task.bucket, Key: task.key, Body: input, ContentType: 'application/json', ...checksum }));
        return input.length;
      },
    };
  }
  const backend = await openS3Backend(task.config, task.env);
  if (task.operation === 'idle') return { transfer: async () => 0 };
  if (task.operation === 'pull') {
    return { transfer: async () => (await backend.readState('default')).bytes.length };
  }
  // A provider that checks the lock on writes gets the lock a real push would hold, taken and
  // released outside the timed part so only writeState is measured.
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
if (task.expectedBytes !== undefined && bytes !== task.expectedBytes) {
  throw new Error(`transferred ${bytes} bytes, expected ${task.expectedBytes}`);
}
console.log(JSON.stringify({ ms, bytes, maxRssBytes: peakRssBytes(), getrusageMaxRssBytes: process.resourceUsage().maxRSS * 1024 }));
process.exit(0);
