import { randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { BackendError } from '../errors/backend-error.js';
import { encodeGoJsonString } from '../json/go-json-string.js';
import { formatGoRfc3339Nano, parseGoTime } from './go-time.js';

/**
 * Terraform's lock record (`statemgr.LockInfo`). Field names and order are Terraform's; every
 * field is always present. `Created` is kept as the RFC 3339 text that was written, because Go
 * records nanoseconds that a `Date` would lose.
 */
export interface LockInfo {
  /** Opaque lock id; Terraform writes 16 random bytes as 8-4-4-4-12 lowercase hex. */
  ID: string;
  /** Why the lock was taken: `OperationTypeApply`, `state-push`, `init`, ... Free text. */
  Operation: string;
  /** Extra text from the caller, usually empty. */
  Info: string;
  /** `user@host` of the holder. */
  Who: string;
  /** Version of the tool that wrote the lock (`X.Y.Z`). */
  Version: string;
  /** When the lock was taken, RFC 3339 with up to nine fraction digits (Go `RFC3339Nano`). */
  Created: string;
  /** Where the lock lives, for example `<bucket>/<state key>`; set by the provider. */
  Path: string;
}

/** Field order of Go's struct, which is the order of the JSON keys. */
export const lockInfoFields = ['ID', 'Operation', 'Info', 'Who', 'Version', 'Created', 'Path'] as const;

/** Version written into LockInfo and state files by this toolkit unless a caller says otherwise. */
export const DEFAULT_TOOL_VERSION = '1.11.4';

/** Generates a lock id or lineage the way `hashicorp/go-uuid` does: 16 random bytes, 8-4-4-4-12 hex. */
export function generateLockId(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `user@host` of this process, as Terraform fills `Who`. */
export function currentWho(): string {
  let user = '';
  try {
    user = userInfo().username;
  } catch {
    user = process.env.USER ?? process.env.USERNAME ?? '';
  }
  return `${user}@${hostname()}`;
}

/** Fields a caller may set when creating a LockInfo; the rest get Terraform's defaults. */
export interface CreateLockInfoOptions {
  operation?: string;
  info?: string;
  who?: string;
  version?: string;
  id?: string;
  path?: string;
  now?: Date;
}

/**
 * Builds a fresh LockInfo: crypto-random `ID`, `Who` = `user@host`, `Created` = now in UTC,
 * `Operation` defaulting to `OperationTypeInvalid` like Terraform's empty operation.
 */
export function createLockInfo(options: CreateLockInfoOptions = {}): LockInfo {
  return {
    ID: options.id ?? generateLockId(),
    Operation: options.operation ?? 'OperationTypeInvalid',
    Info: options.info ?? '',
    Who: options.who ?? currentWho(),
    Version: options.version ?? DEFAULT_TOOL_VERSION,
    Created: formatGoRfc3339Nano(options.now ?? new Date()),
    Path: options.path ?? '',
  };
}

/**
 * Encodes a LockInfo byte for byte as Go's `json.Marshal` does: compact, Terraform's field
 * order, HTML-safe escapes, no trailing newline. This exact string goes into `.tflock` bodies,
 * DynamoDB `Info` attributes, TableStore rows and `.terraform.tfstate.lock.info` files.
 */
export function encodeLockInfo(info: LockInfo): string {
  return '{' + lockInfoFields.map((field) => `"${field}":${encodeGoJsonString(info[field])}`).join(',') + '}';
}

/**
 * Parses a stored lock record the way Go's `json.Unmarshal` into LockInfo would: keys match
 * case-insensitively (Go's folding, so `ſ` matches `s`), a later matching key overrides an
 * earlier one, absent or null keys are empty strings, unknown keys are ignored, and an absent
 * or null `Created` is Go's zero time `0001-01-01T00:00:00Z`. Throws `INVALID_LOCK_INFO` when
 * the text is not a JSON object of strings or `Created` is not an RFC 3339 time (an empty
 * `Created` string included: Go refuses it too).
 */
export function parseLockInfo(text: string | Uint8Array): LockInfo {
  const source = typeof text === 'string' ? text : Buffer.from(text).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    throw invalid(`the lock record is not valid JSON (${(error as Error).message})`, error);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid('the lock record is not a JSON object');
  }
  const result: LockInfo = { ID: '', Operation: '', Info: '', Who: '', Version: '', Created: zeroTime, Path: '' };
  // Object.keys keeps document order, so the last key matching a field wins, as in Go.
  for (const [key, value] of Object.entries(parsed)) {
    const field = lockInfoFields.find((candidate) => foldKey(candidate) === foldKey(key));
    if (field === undefined || value === null) continue;
    if (typeof value !== 'string') {
      throw invalid(`the lock record field "${key}" must be a string, found ${typeof value}`);
    }
    result[field] = value;
  }
  if (!parseGoTime(result.Created)) {
    throw invalid(`the lock record field "Created" is not an RFC 3339 time: ${JSON.stringify(result.Created)}`);
  }
  return result;
}

/** Go's `time.Time{}` as `encoding/json` writes it. */
const zeroTime = '0001-01-01T00:00:00Z';

// Go matches JSON keys to fields with Unicode simple case folding; beyond ASCII, only the long
// s (U+017F) and the Kelvin sign (U+212A) fold onto letters of LockInfo's field names, and
// `toLowerCase` already maps the Kelvin sign to `k`.
function foldKey(key: string): string {
  return key.toLowerCase().replaceAll('\u017f', 's');
}

/** Milliseconds between `Created` and `now`; undefined when `Created` cannot be parsed. */
export function lockAgeMilliseconds(info: LockInfo, now: Date = new Date()): number | undefined {
  const created = parseGoTime(info.Created);
  return created === undefined ? undefined : now.getTime() - created.epochMilliseconds;
}

function invalid(message: string, cause?: unknown): BackendError {
  return new BackendError('INVALID_LOCK_INFO', message, {
    cause,
    hint: 'The lock record was not written by Terraform, OpenTofu or this toolkit. Inspect it, then remove it with force-unlock or by deleting it from the store.',
  });
}
