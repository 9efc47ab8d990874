import { createHash } from 'node:crypto';
import { DigestMismatchError } from '@x/backend-core';
import { digestRowKey, type OssLayout } from '../oss-layout.js';
import type { TableStoreRows } from '../storage/tablestore-rows.js';

/** The attribute holding the digest, a STRING cell of 32 lowercase hex digits. */
export const DIGEST_COLUMN = 'Digest';

/** Terraform's consistency window: how long a read waits for the bytes to match the digest. */
export const DEFAULT_CONSISTENCY_WINDOW_MILLISECONDS = 10_000;
/** Terraform's pause between two reads while the bytes do not match. */
export const DEFAULT_CONSISTENCY_POLL_MILLISECONDS = 2_000;

/** Lowercase hex MD5. */
export function md5Hex(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/**
 * Terraform's message when the bytes never matched the digest; `actual` is the MD5 of what
 * was read (empty when nothing was).
 */
export function digestMismatchMessage(actual: string): string {
  return (
    'state data in OSS does not have the expected content.\n\n' +
    'This may be caused by unusually long delays in OSS processing a previous state\n' +
    'update.  Please wait for a minute or two and try again. If this problem\n' +
    'persists, and neither OSS nor TableStore are experiencing an outage, you may need\n' +
    'to manually verify the remote state and update the Digest value stored in the\n' +
    `TableStore table to the following value: ${actual}`
  );
}

/**
 * The `<bucket>/<state path>-md5` rows Terraform keeps beside each state: written after every
 * put, removed with the state, and checked on every read.
 */
export class StateDigests {
  constructor(
    private readonly rows: TableStoreRows,
    private readonly layout: OssLayout,
  ) {}

  /** Records a digest given as lowercase hex (PutRow, condition IGNORE). */
  async recordHex(workspace: string, digest: string): Promise<void> {
    await this.rows.put(digestRowKey(this.layout, workspace), DIGEST_COLUMN, digest);
  }

  /** Removes the digest row; a missing row resolves. */
  forget(workspace: string): Promise<void> {
    return this.rows.delete(digestRowKey(this.layout, workspace));
  }

  /**
   * The recorded digest, lowercased, or undefined when there is none usable. As in Terraform,
   * a failed lookup or a value that is not 16 hex-encoded bytes skips the check instead of
   * failing the read.
   */
  async expected(workspace: string): Promise<string | undefined> {
    try {
      const cell = await this.rows.get(digestRowKey(this.layout, workspace), DIGEST_COLUMN);
      if (cell === undefined || !('value' in cell) || !/^[0-9a-fA-F]{32}$/.test(cell.value)) return undefined;
      return cell.value.toLowerCase();
    } catch {
      return undefined;
    }
  }
}

/** Timings of the consistency loop; tests shorten them. */
export interface ConsistencyTimings {
  windowMilliseconds: number;
  pollMilliseconds: number;
}

/**
 * Reads until the bytes match the recorded digest, as Terraform's Get: the object and the
 * digest are fetched together; no digest means nothing to check; a mismatch is retried every
 * poll interval until the window has passed since the first read, then `DigestMismatchError`.
 * A missing or empty object has no digest, so a lingering digest row fails it.
 */
export async function readVerified<T extends { bytes: Uint8Array; md5?: string }>(
  readObject: () => Promise<T | undefined>,
  expectedDigest: () => Promise<string | undefined>,
  timings: ConsistencyTimings,
): Promise<{ object: T | undefined; digest: string | undefined }> {
  const started = Date.now();
  for (;;) {
    const [object, expected] = await Promise.all([readObject(), expectedDigest()]);
    const actual = object !== undefined && object.bytes.byteLength > 0 ? (object.md5 ?? md5Hex(object.bytes)) : '';
    if (expected === undefined || expected === actual) return { object, digest: actual === '' ? undefined : actual };
    if (Date.now() - started >= timings.windowMilliseconds) {
      throw new DigestMismatchError(expected, actual, digestMismatchMessage(actual), {
        hint: `Wait and retry. If it persists, compare the state object with the digest row and set Digest to ${actual || 'the MD5 of the correct state'} (or delete the row when the state is gone).`,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, timings.pollMilliseconds));
  }
}
