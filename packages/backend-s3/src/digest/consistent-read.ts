import { DigestMismatchError } from '@x/backend-core';
import type { StoredObject } from '../storage/object-store.js';
import { md5Hex } from './digest-table.js';

/** Terraform waits up to 10 s for S3 to catch up with the digest, polling every 2 s. */
export const DEFAULT_CONSISTENCY_WINDOW_MS = 10_000;
export const DEFAULT_CONSISTENCY_POLL_MS = 2_000;

/** How long a read waits for the bytes to match the digest, and how often it looks again. */
export interface ConsistencyWindow {
  windowMs: number;
  pollMs: number;
}

/** One look at the store: the object (if any) and the digest recorded for it (if any). */
export interface DigestedRead {
  object: StoredObject | undefined;
  expected: string | undefined;
}

/**
 * Reads until the object's MD5 equals the recorded digest or the window runs out (spec §2.4).
 * Both are fetched again on every look, so a writer caught between its PUT and its digest update
 * is waited out either way round. An absent or empty object matches no digest.
 */
export async function readConsistently(
  look: () => Promise<DigestedRead>,
  window: ConsistencyWindow,
  where: { bucket: string; key: string },
): Promise<DigestedRead & { actual: string }> {
  const deadline = Date.now() + window.windowMs;
  for (;;) {
    const found = await look();
    const bytes = found.object?.bytes;
    const actual = bytes === undefined || bytes.byteLength === 0 ? '' : (found.object?.md5 ?? md5Hex(bytes));
    if (found.expected === undefined || found.expected === actual) return { ...found, actual };
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw mismatch(where, found.expected, actual);
    await new Promise((resolve) => setTimeout(resolve, Math.min(window.pollMs, remaining)));
  }
}

function mismatch(where: { bucket: string; key: string }, expected: string, actual: string): DigestMismatchError {
  const resolution =
    actual === ''
      ? 'If this problem persists, and neither S3 nor DynamoDB are experiencing an outage, you may need to manually verify the remote state and remove the Digest value stored in the DynamoDB table'
      : `If this problem persists, and neither S3 nor DynamoDB are experiencing an outage, you may need to manually verify the remote state and update the Digest value stored in the DynamoDB table to the following value: ${actual}`;
  const message =
    'state data in S3 does not have the expected content.\n\n' +
    'The checksum calculated for the state stored in S3 does not match the checksum\n' +
    'stored in DynamoDB.\n\n' +
    `Bucket: ${where.bucket}\n` +
    `Key:    ${where.key}\n` +
    `Calculated checksum: ${actual}\n` +
    `Stored checksum:     ${expected}\n\n` +
    'This may be caused by unusually long delays in S3 processing a previous state\n' +
    'update. Please wait for a minute or two and try again.\n\n' +
    resolution;
  return new DigestMismatchError(expected, actual, message, {
    hint:
      actual === ''
        ? 'If the state was deleted on purpose, delete the "-md5" item of this state from the DynamoDB table.'
        : 'If the object in S3 is the state you want, set the "Digest" of its "-md5" item to the calculated checksum above.',
  });
}
