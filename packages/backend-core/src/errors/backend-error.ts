import type { ErrorCode } from './error-codes.js';

const marker = Symbol.for('x.backend.error');

/** Options shared by every backend error. */
export interface BackendErrorOptions {
  /** The error that caused this one (an SDK error, a file-system error). */
  cause?: unknown;
  /** What the user can do about it, printed after the message by the CLI. */
  hint?: string;
}

/**
 * The one base class of every error this toolkit throws on purpose.
 *
 * Check with `BackendError.isInstance(error)` rather than `instanceof`: the marker is a
 * `Symbol.for` key, so the check also holds when two copies of this package are installed.
 */
export class BackendError extends Error {
  /** Stable machine-readable code; see `ErrorCode`. */
  readonly code: ErrorCode;
  /** What the user can do about it, if anything. */
  readonly hint: string | undefined;
  private readonly [marker] = true;

  constructor(code: ErrorCode, message: string, options: BackendErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BackendError';
    this.code = code;
    this.hint = options.hint;
  }

  /** True for any `BackendError` (or subclass) from any installed copy of this package. */
  static isInstance(error: unknown): error is BackendError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }

  /** True when `error` is a `BackendError` with the given code. */
  static hasCode(error: unknown, code: ErrorCode): error is BackendError {
    return BackendError.isInstance(error) && error.code === code;
  }
}
