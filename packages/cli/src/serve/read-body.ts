import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

/**
 * Reads a request body of at most `limit` bytes. A declared length over the limit is refused
 * before anything is read; a chunked body is cut off as soon as it passes the limit (413 either
 * way). When the client sent `Content-MD5`, the body must match it (400), so a body damaged on
 * the way is never stored.
 */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = request.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) throw await drained(request, limit);
  const header = request.headers['content-md5'];
  const expected = expectedDigest(Array.isArray(header) ? header[0] : header);
  const hash = expected === undefined ? undefined : createHash('md5');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw await drained(request, limit);
    hash?.update(chunk);
    chunks.push(chunk);
  }
  if (hash && expected && !hash.digest().equals(expected)) {
    throw new HttpError(400, 'the body does not match its Content-MD5 header');
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

function expectedDigest(header: string | undefined): Buffer | undefined {
  if (header === undefined) return undefined;
  const digest = Buffer.from(header, 'base64');
  if (digest.length !== 16 || digest.toString('base64') !== header.trim()) {
    throw new HttpError(400, 'Content-MD5 is not the base64 of a 16-byte MD5 digest');
  }
  return digest;
}

/**
 * Reads and drops the rest of a refused body before answering: a client still writing when the
 * answer comes (and the connection closes) would report a broken pipe instead of the 413.
 */
async function drained(request: IncomingMessage, limit: number): Promise<HttpError> {
  if (!request.complete) {
    const ended = new Promise<void>((resolve) => {
      request.once('end', resolve);
      request.once('close', resolve);
    });
    request.resume();
    await ended;
  }
  return tooLarge(limit);
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, `the body is larger than the server's limit of ${limit} bytes`);
}
