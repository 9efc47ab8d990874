import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BackendError,
  DigestMismatchError,
  ErrorCode,
  LockConflictError,
  LockMismatchError,
  StateConflictError,
} from '../src/errors/index.js';
import type { LockInfo } from '../src/lock/lock-info.js';

const holder: LockInfo = {
  ID: '9f2883f3-9aca-19f5-874f-4b6d04f3351b',
  Operation: 'OperationTypeApply',
  Info: '',
  Who: 'alice@build-7',
  Version: '1.11.4',
  Created: '2021-09-27T00:10:27.424Z',
  Path: 'mybucket/env:/dev/terraform.tfstate',
};

// The block terraform prints under "Error acquiring the state lock", written out by hand.
const holderBlock = [
  'Lock Info:',
  '  ID:        9f2883f3-9aca-19f5-874f-4b6d04f3351b',
  '  Path:      mybucket/env:/dev/terraform.tfstate',
  '  Operation: OperationTypeApply',
  '  Who:       alice@build-7',
  '  Version:   1.11.4',
  '  Created:   2021-09-27 00:10:27.424 +0000 UTC',
  '  Info:      ',
].join('\n');

describe('ErrorCode', () => {
  it('keeps every code, each equal to its own name', () => {
    // Codes are a public contract: renaming or removing one must fail this test.
    expect(ErrorCode).toEqual({
      BACKEND_ERROR: 'BACKEND_ERROR',
      INVALID_ARGUMENT: 'INVALID_ARGUMENT',
      INVALID_WORKSPACE_NAME: 'INVALID_WORKSPACE_NAME',
      DEFAULT_WORKSPACE: 'DEFAULT_WORKSPACE',
      WORKSPACE_NOT_EMPTY: 'WORKSPACE_NOT_EMPTY',
      INVALID_CONFIG: 'INVALID_CONFIG',
      LOCK_CONFLICT: 'LOCK_CONFLICT',
      LOCK_ID_MISMATCH: 'LOCK_ID_MISMATCH',
      LOCK_NOT_HELD: 'LOCK_NOT_HELD',
      INVALID_LOCK_INFO: 'INVALID_LOCK_INFO',
      STATE_CONFLICT: 'STATE_CONFLICT',
      DIGEST_MISMATCH: 'DIGEST_MISMATCH',
      INVALID_STATE: 'INVALID_STATE',
      UNSUPPORTED_STATE_VERSION: 'UNSUPPORTED_STATE_VERSION',
      ENCRYPTED_STATE: 'ENCRYPTED_STATE',
      UNSUPPORTED: 'UNSUPPORTED',
      VERSION_NOT_FOUND: 'VERSION_NOT_FOUND',
      AUTH: 'AUTH',
      TRANSIENT: 'TRANSIENT',
      ABORTED: 'ABORTED',
    });
  });
});

describe('BackendError', () => {
  it('carries code, message, hint and name', () => {
    const error = new BackendError('INVALID_CONFIG', 'bucket is required', { hint: 'Set bucket.' });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toBe('bucket is required');
    expect(error.hint).toBe('Set bucket.');
    expect(error.name).toBe('BackendError');
    expect(error.cause).toBeUndefined();
    expect('cause' in error).toBe(false);
    expect(error.stack).toContain('bucket is required');
  });

  it('preserves the cause', () => {
    const cause = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const error = new BackendError('TRANSIENT', 'read failed', { cause });
    expect(error.cause).toBe(cause);
    expect(error.hint).toBeUndefined();
    const notAnError = { status: 503 };
    expect(new BackendError('TRANSIENT', 'x', { cause: notAnError }).cause).toBe(notAnError);
  });

  it('isInstance: true for this package’s errors and subclasses, false for anything else', () => {
    expect(BackendError.isInstance(new BackendError('AUTH', 'denied'))).toBe(true);
    expect(BackendError.isInstance(new LockConflictError(holder))).toBe(true);
    for (const other of [new Error('x'), { code: 'AUTH', message: 'x' }, null, undefined, 'AUTH', 42]) {
      expect(BackendError.isInstance(other)).toBe(false);
    }
    expect(BackendError.isInstance({ [Symbol.for('x.backend.error')]: false })).toBe(false);
    expect(BackendError.isInstance({ [Symbol('x.backend.error')]: true })).toBe(false);
  });

  it('isInstance: true for an error from another copy of the package', () => {
    const foreign = Object.assign(new Error('from another copy'), {
      code: 'AUTH',
      hint: undefined,
      [Symbol.for('x.backend.error')]: true,
    });
    expect(foreign instanceof BackendError).toBe(false);
    expect(BackendError.isInstance(foreign)).toBe(true);
    expect(BackendError.hasCode(foreign, 'AUTH')).toBe(true);
    expect(BackendError.hasCode(foreign, 'TRANSIENT')).toBe(false);
  });

  it('isInstance: holds across the built dist and the source, in both directions', async () => {
    const distPath = fileURLToPath(new URL('../dist/errors/index.js', import.meta.url));
    expect(existsSync(distPath), 'build the package first: pnpm --filter @x/backend-core build').toBe(true);
    const dist = (await import(distPath)) as typeof import('../src/errors/index.js');
    expect(dist.BackendError).not.toBe(BackendError);

    const fromDist = new dist.LockConflictError(holder);
    expect(fromDist instanceof BackendError).toBe(false);
    expect(BackendError.isInstance(fromDist)).toBe(true);
    expect(BackendError.hasCode(fromDist, 'LOCK_CONFLICT')).toBe(true);

    const fromSource = new BackendError('ABORTED', 'cancelled');
    expect(fromSource instanceof dist.BackendError).toBe(false);
    expect(dist.BackendError.isInstance(fromSource)).toBe(true);
    expect(dist.BackendError.hasCode(fromSource, 'ABORTED')).toBe(true);
  });

  it('hasCode checks the code of a BackendError only', () => {
    const error = new BackendError('VERSION_NOT_FOUND', 'no such version');
    expect(BackendError.hasCode(error, 'VERSION_NOT_FOUND')).toBe(true);
    expect(BackendError.hasCode(error, 'BACKEND_ERROR')).toBe(false);
    expect(BackendError.hasCode(Object.assign(new Error('x'), { code: 'VERSION_NOT_FOUND' }), 'VERSION_NOT_FOUND')).toBe(
      false,
    );
  });
});

describe('LockConflictError', () => {
  it("names the holder with Terraform's Lock Info block", () => {
    const error = new LockConflictError(holder);
    expect(error.code).toBe('LOCK_CONFLICT');
    expect(error.name).toBe('LockConflictError');
    expect(error.lock).toBe(holder);
    expect(error.message).toBe(`the state is locked by someone else\n${holderBlock}`);
    expect(error.hint).toContain(holder.ID);
    expect(error).toBeInstanceOf(BackendError);
  });

  it('takes a custom message, hint and cause', () => {
    const cause = new Error('ConditionalCheckFailedException');
    const error = new LockConflictError(holder, { message: 'taken', hint: 'wait', cause });
    expect(error.message).toBe('taken');
    expect(error.hint).toBe('wait');
    expect(error.cause).toBe(cause);
    expect(error.lock).toBe(holder);
  });
});

describe('LockMismatchError', () => {
  it('names the requested id and the holder', () => {
    const error = new LockMismatchError('wrong-id', holder);
    expect(error.code).toBe('LOCK_ID_MISMATCH');
    expect(error.name).toBe('LockMismatchError');
    expect(error.lock).toBe(holder);
    expect(error.message).toBe(`lock ID "wrong-id" does not match the existing lock\n${holderBlock}`);
    expect(error.hint).toContain(holder.ID);
    expect(BackendError.isInstance(error)).toBe(true);
  });
});

describe('StateConflictError', () => {
  it('carries both sides', () => {
    const local = { lineage: 'a', serial: 3 };
    const remote = { lineage: 'a', serial: 4, etag: '"abc"' };
    const error = new StateConflictError('the remote state changed', { local, remote }, { hint: 'pull first' });
    expect(error.code).toBe('STATE_CONFLICT');
    expect(error.name).toBe('StateConflictError');
    expect(error.local).toBe(local);
    expect(error.remote).toBe(remote);
    expect(error.hint).toBe('pull first');
    expect(new StateConflictError('x').local).toBeUndefined();
  });
});

describe('DigestMismatchError', () => {
  it('carries both digests', () => {
    const error = new DigestMismatchError('d41d8cd98f00b204e9800998ecf8427e', '', 'digest mismatch');
    expect(error.code).toBe('DIGEST_MISMATCH');
    expect(error.name).toBe('DigestMismatchError');
    expect(error.expected).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(error.actual).toBe('');
    expect(BackendError.hasCode(error, 'DIGEST_MISMATCH')).toBe(true);
  });
});
