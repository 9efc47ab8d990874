import { BackendError } from '@x/backend-core';

/** Receives every chunk of a body as it arrives (an incremental hash). */
export interface BodyObserver {
  update(chunk: Uint8Array): unknown;
}

/**
 * Collects a response body into one buffer. With a known length the buffer is allocated once and
 * chunks are copied in as they arrive, so a large state costs its size once rather than the
 * chunk list plus a concatenated copy. A body shorter or longer than announced is a broken
 * transfer (TRANSIENT), never a partial state. `observer` sees each chunk in order while the rest
 * is still arriving, so hashing overlaps the download instead of following it.
 */
export async function readBody(body: unknown, contentLength: number | undefined, what: string, observer?: BodyObserver): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array();
  const chunks = body as AsyncIterable<Uint8Array>;
  if (typeof (chunks as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] !== 'function') {
    const transform = (body as { transformToByteArray?: () => Promise<Uint8Array> }).transformToByteArray;
    if (!transform) throw new BackendError('BACKEND_ERROR', `${what}: the response body cannot be read`);
    const whole = await transform.call(body);
    observer?.update(whole);
    return whole;
  }
  if (contentLength === undefined) return concatenate(chunks, observer);
  const buffer = Buffer.allocUnsafeSlow(contentLength);
  let received = 0;
  for await (const chunk of chunks) {
    if (received + chunk.byteLength > contentLength) throw truncated(what, contentLength, received + chunk.byteLength);
    buffer.set(chunk, received);
    observer?.update(chunk);
    received += chunk.byteLength;
  }
  if (received !== contentLength) throw truncated(what, contentLength, received);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

async function concatenate(chunks: AsyncIterable<Uint8Array>, observer: BodyObserver | undefined): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) {
    parts.push(chunk);
    observer?.update(chunk);
  }
  const joined = Buffer.concat(parts);
  return new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength);
}

function truncated(what: string, expected: number, received: number): BackendError {
  return new BackendError('TRANSIENT', `${what}: the server announced ${expected} bytes but sent ${received}`, {
    hint: 'The connection was cut or the object changed during the download; retry.',
  });
}
