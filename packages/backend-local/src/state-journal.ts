import { createHash } from 'node:crypto';

/**
 * The write-ahead record of one in-place state write: the new bytes, and the bytes they
 * replace. It is made durable before the state file is touched and removed after the
 * state file is complete, so a crash in between can be finished (rolled forward) later.
 */
export interface JournalEntry {
  /** sha256 (hex) of the state file's contents before the write. */
  previousSha256: string;
  /** The state file's contents before the write, to recognise every torn mix of old and new. */
  previous: Buffer;
  /** The complete new contents. */
  bytes: Buffer;
}

/** What a journal means for the state file found next to it. */
export type JournalVerdict =
  /** The state file already holds the journal's bytes: the write completed, only the removal did not. */
  | 'applied'
  /** The write was interrupted (the file is the old bytes or torn): the journal's bytes are the state. */
  | 'roll-forward'
  /** Someone else (terraform) wrote a valid state since: the journal is outdated and must not be applied. */
  | 'stale';

const magic = 'tfstate-journal';
const version = '2';

/** sha256 of `bytes` as lowercase hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Serialises a journal: one header line (magic, version, hashes, lengths), then the old and the new bytes. */
export function encodeJournal(previous: Uint8Array, next: Uint8Array): Buffer {
  const header = `${magic} ${version} ${sha256Hex(previous)} ${sha256Hex(next)} ${previous.byteLength} ${next.byteLength}\n`;
  return Buffer.concat([Buffer.from(header, 'ascii'), previous, next]);
}

/** Parses a journal; undefined when it is damaged (wrong header, length or hash). */
export function decodeJournal(raw: Buffer): JournalEntry | undefined {
  const newline = raw.indexOf(0x0a);
  if (newline < 0 || newline > 256) return undefined;
  const fields = raw.subarray(0, newline).toString('ascii').split(' ');
  const [head, revision, previousSha256, nextSha256, previousLength, nextLength] = fields;
  if (fields.length !== 6 || head !== magic || revision !== version) return undefined;
  if (!previousSha256 || !nextSha256 || !/^\d+$/.test(previousLength ?? '') || !/^\d+$/.test(nextLength ?? '')) {
    return undefined;
  }
  const body = raw.subarray(newline + 1);
  if (body.byteLength !== Number(previousLength) + Number(nextLength)) return undefined;
  const previous = body.subarray(0, Number(previousLength));
  const bytes = body.subarray(Number(previousLength));
  if (sha256Hex(previous) !== previousSha256 || sha256Hex(bytes) !== nextSha256) return undefined;
  return { previousSha256, previous, bytes };
}

/**
 * Decides what a journal means for the state file's `current` bytes. The old bytes, any mix an
 * interrupted overwrite leaves (the new bytes up to some offset, the old ones after it), or
 * anything that is not one complete JSON document: roll forward. A complete JSON document that
 * is none of those was written by someone else after the crash: the journal is stale.
 */
export function judgeJournal(current: Buffer, entry: JournalEntry): JournalVerdict {
  if (current.equals(entry.bytes)) return 'applied';
  if (current.equals(entry.previous) || isTornOverwrite(current, entry)) return 'roll-forward';
  return isCompleteJson(current) ? 'stale' : 'roll-forward';
}

/**
 * True when `current` is what writing `entry.bytes` from offset 0 over `entry.previous` looks
 * like when cut short: new bytes up to the first difference from them, old bytes from there
 * to the old length (or nothing after them when the write had already passed the old end).
 * Such a mix can be valid JSON (a cut inside a string), so the JSON check alone is not enough.
 */
function isTornOverwrite(current: Buffer, entry: JournalEntry): boolean {
  const next = entry.bytes;
  let common = 0;
  const limit = Math.min(current.byteLength, next.byteLength);
  while (common < limit && current[common] === next[common]) common += 1;
  if (common === current.byteLength) return current.byteLength <= next.byteLength;
  return (
    current.byteLength === Math.max(entry.previous.byteLength, common) &&
    current.subarray(common).equals(entry.previous.subarray(common, current.byteLength))
  );
}

function isCompleteJson(bytes: Buffer): boolean {
  if (bytes.byteLength === 0) return false;
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return true;
  } catch {
    return false;
  }
}
