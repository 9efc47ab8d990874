import { BackendError } from '@x/backend-core';
import { describe, expect, it } from 'vitest';
import { isPreconditionFailed, sdkCause, toBackendError } from '../src/s3-errors.js';

/** An error shaped as the SDK throws them (name + $metadata); pure logic, no server needed. */
function sdkError(name: string, status?: number, message = 'UnknownError'): Error {
  return Object.assign(new Error(message), { name, $metadata: status === undefined ? {} : { httpStatusCode: status } });
}

describe('SDK errors become BackendErrors by name and status', () => {
  const context = { action: 'read the state object', bucket: 'b', key: 'k' };

  it.each([
    ['NoSuchBucket', 404, 'INVALID_CONFIG'],
    ['AccessDenied', 403, 'AUTH'],
    ['InvalidAccessKeyId', 403, 'AUTH'],
    ['Forbidden', 403, 'AUTH'],
    ['SlowDown', 503, 'TRANSIENT'],
    ['ThrottlingException', 400, 'TRANSIENT'],
    ['InternalError', 500, 'TRANSIENT'],
    ['ECONNRESET', undefined, 'TRANSIENT'],
    ['TimeoutError', undefined, 'TRANSIENT'],
    ['PermanentRedirect', 301, 'INVALID_CONFIG'],
    ['InvalidRequest', 400, 'BACKEND_ERROR'],
  ])('%s (HTTP %s) -> %s', (name, status, code) => {
    const mapped = toBackendError(sdkError(name, status), context);
    expect(BackendError.hasCode(mapped, code as never)).toBe(true);
  });

  it("a missing bucket carries Terraform's message and the fix", () => {
    const mapped = toBackendError(sdkError('NoSuchBucket', 404), context);
    expect(mapped.message).toBe(
      'S3 bucket "b" does not exist.\n\nThe referenced S3 bucket must have been previously created. If the S3 bucket\n' +
        'was created within the last minute, please wait for a minute or two and try\nagain.',
    );
    expect(mapped.hint).toContain('Create the bucket "b"');
  });

  it('a missing DynamoDB table names the table and the key schema to create', () => {
    const mapped = toBackendError(sdkError('ResourceNotFoundException', 400), { action: 'take the lock', table: 'locks' });
    expect(mapped.code).toBe('INVALID_CONFIG');
    expect(mapped.hint).toContain('"LockID" of type String');
  });

  it('412 and 409 ConditionalRequestConflict are refused conditional writes; other 409s are not', () => {
    expect(isPreconditionFailed(sdkError('PreconditionFailed', 412))).toBe(true);
    expect(isPreconditionFailed(sdkError('ConditionalRequestConflict', 409))).toBe(true);
    expect(isPreconditionFailed(sdkError('BucketAlreadyExists', 409))).toBe(false);
    expect(isPreconditionFailed(sdkError('NoSuchKey', 404))).toBe(false);
  });

  it('the cause kept is a plain summary, without the raw HTTP response', () => {
    const raw = Object.assign(sdkError('AccessDenied', 403, 'Access Denied'), {
      $response: { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=SECRETISH' } },
      $metadata: { httpStatusCode: 403, requestId: 'req-1' },
    });
    const cause = sdkCause(raw) as Error & { httpStatusCode?: number; requestId?: string };
    expect(cause).toMatchObject({ name: 'AccessDenied', message: 'AccessDenied: Access Denied', httpStatusCode: 403, requestId: 'req-1' });
    expect(JSON.stringify(toBackendError(raw, context))).not.toContain('SECRETISH');
    expect(String((toBackendError(raw, context).cause as Error).message)).not.toContain('SECRETISH');
  });
});
