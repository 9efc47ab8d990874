/**
 * One pull or push of a large state through S3 in a fresh process (see lib/timed-transfer.mjs).
 * The raw side is plain SDK `GetObject`/`PutObject`; the provider side is `readState`/`writeState`.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { rawS3Client } from '../lib/raw-s3-client.mjs';
import { openS3Backend } from '../lib/s3-provider.mjs';
import { runTimedTransfer } from '../lib/timed-transfer.mjs';

function prepareRawTransfer(task, input) {
  const client = rawS3Client(task.s3);
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

await runTimedTransfer({ prepareRawTransfer, openBackend: (task) => openS3Backend(task.config, task.env), reportGetrusageMaxRss: true });
