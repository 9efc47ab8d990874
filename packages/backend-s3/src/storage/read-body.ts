import { BackendError } from '@x/backend-core';

/**
 * Collects a response body into one buffer. With a known length the buffer is allocated once and
 * chunks are copied in as they arrive, so a large state costs its size once rather than the
 * chunk list plus a concatenated copy. A body shorter or longer than announced is a broken
 * transfer (TRANSIENT), never a partial state.
 */
export async function readBody(body: unknown, contentLength: number | undefined, what: string): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array();
  const chunks = body as AsyncIterable<Uint8Array>;
  if (typeof (chunks as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] !== 'function') {
    const transform = (body as { transformToByteArray?: () => Promise<Uint8Array> }).transformToByteArray;
    if (transform) return transform.call(body);
    throw new BackendError('BACKEND_ERROR', `${what}: the response body cannot be read`);
  }
  if (contentLength === undefined) return concatenate(chunks);
  const buffer = Buffer.allocUnsafe(contentLength);
  let received = 0;
  for await (const chunk of chunks) {
    if (received + chunk.byteLength > contentLength) throw truncated(what, contentLength, received + chunk.byteLength);
    buffer.set(chunk, received);
    received += chunk.byteLength;
  }
  if (received !== contentLength) throw truncated(what, contentLength, received);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

async function concatenate(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  const joined = Buffer.concat(parts);
  return new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength);
}

function truncated(what: string, expected: number, received: number): BackendError {
  return new BackendError('TRANSIENT', `${what}: the server announced ${expected} bytes but sent ${received}`, {
    hint: 'The connection was cut or the object changed during the download; retry.',
  });
}
