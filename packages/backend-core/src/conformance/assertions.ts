import { AssertionError, deepStrictEqual } from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { BackendError } from '../errors/backend-error.js';
import { ErrorCode } from '../errors/error-codes.js';

/** Fails the case with `message`. */
export function fail(message: string): never {
  throw new AssertionError({ message });
}

/** Fails unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) fail(message);
}

/** Deep strict equality with a message saying what was compared. */
export function expectEqual<T>(actual: unknown, expected: T, what: string): asserts actual is T {
  deepStrictEqual(actual, expected, `${what}: expected ${preview(expected)}, got ${preview(actual)}`);
}

/** Lowercase hex SHA-256; large payloads are compared by it so failures stay readable. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Lowercase hex MD5, the digest Terraform's lock tables record. */
export function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** Fails unless `actual` holds exactly `expected`; reports sizes and SHA-256, never the bytes. */
export function expectBytes(actual: Uint8Array | undefined, expected: Uint8Array, what: string): void {
  if (actual === undefined) fail(`${what}: expected ${describeBytes(expected)}, got no state`);
  if (actual.byteLength !== expected.byteLength || sha256(actual) !== sha256(expected)) {
    fail(`${what}: expected ${describeBytes(expected)}, got ${describeBytes(actual)}`);
  }
}

/** `N bytes (sha256 …)`, for messages. */
export function describeBytes(bytes: Uint8Array): string {
  return `${bytes.byteLength} bytes (sha256 ${sha256(bytes).slice(0, 16)}…)`;
}

const knownCodes = new Set<string>(Object.values(ErrorCode));

/**
 * Awaits a call that must reject with a `BackendError` carrying one of `codes`, and returns
 * the error. A resolved call, a foreign error or another code fails the case.
 */
export async function expectRejection(
  call: Promise<unknown> | (() => Promise<unknown>),
  codes: ErrorCode | readonly ErrorCode[],
  what: string,
): Promise<BackendError> {
  const wanted: readonly string[] = typeof codes === 'string' ? [codes] : codes;
  let result: unknown;
  try {
    result = await (typeof call === 'function' ? call() : call);
  } catch (error) {
    if (!BackendError.isInstance(error)) {
      fail(`${what}: expected a BackendError (${wanted.join(' or ')}), got ${describeError(error)}`);
    }
    check(knownCodes.has(error.code), `${what}: error code "${error.code}" is not a documented ErrorCode`);
    check(wanted.includes(error.code), `${what}: expected code ${wanted.join(' or ')}, got ${describeError(error)}`);
    return error;
  }
  fail(`${what}: expected a rejection with ${wanted.join(' or ')}, but it resolved with ${preview(result)}`);
}

/** Name, code and first line of an error, for failure messages. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const firstLine = error.message.split('\n')[0];
    return `${error.name}${code === undefined ? '' : ` [${String(code)}]`}: ${firstLine}`;
  }
  return preview(error);
}

function preview(value: unknown): string {
  if (value instanceof Uint8Array) return describeBytes(value);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = String(value);
  }
  if (text === undefined) text = String(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
