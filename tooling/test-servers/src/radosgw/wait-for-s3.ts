import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';

/**
 * Polls ListBuckets with the test credentials until radosgw answers it, or rejects after
 * `timeoutMs`. `abandon` lets the caller stop waiting early (a daemon died), with its reason.
 */
export async function waitForS3(
  target: { endpoint: string; accessKeyId: string; secretAccessKey: string },
  timeoutMs: number,
  abandon: () => string | undefined,
): Promise<void> {
  const client = new S3Client({
    endpoint: target.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  try {
    for (;;) {
      const reason = abandon();
      if (reason) throw new Error(reason);
      try {
        await client.send(new ListBucketsCommand({}), { abortSignal: AbortSignal.timeout(2_000) });
        return;
      } catch (error) {
        lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      if (Date.now() > deadline) throw new Error(`radosgw did not answer ListBuckets within ${timeoutMs} ms (last error: ${lastError})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    client.destroy();
  }
}
