import { BackendError, type BackendErrorOptions } from './backend-error.js';

/**
 * The state bytes read do not hash to the digest the lock table records, after the
 * consistency window (Terraform: 10 s) ran out. Both digests are lowercase hex MD5.
 */
export class DigestMismatchError extends BackendError {
  /** The digest recorded by the last writer. */
  readonly expected: string;
  /** The MD5 of the bytes actually read (empty string when no object was found). */
  readonly actual: string;

  constructor(expected: string, actual: string, message: string, options: BackendErrorOptions = {}) {
    super('DIGEST_MISMATCH', message, options);
    this.name = 'DigestMismatchError';
    this.expected = expected;
    this.actual = actual;
  }
}
