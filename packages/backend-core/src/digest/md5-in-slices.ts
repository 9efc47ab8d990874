import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Large enough that the yields cost nothing measurable, small enough (~2 ms of MD5) to keep an upload fed. */
const sliceBytes = 1 << 20;

/**
 * Lowercase hex MD5 of `bytes` (the `-md5` digest Terraform keeps beside a state in DynamoDB or
 * TableStore), hashed one slice at a time with a turn of the event loop between
 * slices. Started right after a PutObject of the same bytes, it lets the socket writes of the
 * upload (which run on this thread's event loop) go on between slices, so the digest is ready
 * when the upload ends instead of being computed after it. Small inputs are hashed at once.
 */
export async function md5HexInSlices(bytes: Uint8Array): Promise<string> {
  const hash = createHash('md5');
  for (let offset = 0; offset < bytes.byteLength; offset += sliceBytes) {
    if (offset > 0) await nextTurn();
    hash.update(bytes.subarray(offset, offset + sliceBytes));
  }
  return hash.digest('hex');
}
