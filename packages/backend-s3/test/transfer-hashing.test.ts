import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { md5HexInSlices } from '@x/backend-core';
import { readBody } from '../src/storage/read-body.js';

// Pure logic: the digest hashed alongside a transfer must equal the MD5 of the whole bytes.

function md5Of(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += size) yield bytes.subarray(offset, offset + size);
}

const MiB = 1 << 20;

describe('MD5 hashed in slices while an upload runs', () => {
  it.each([0, 1, MiB - 1, MiB, MiB + 1, 3 * MiB + 17])('equals the MD5 of all %i bytes', async (length) => {
    const bytes = randomBytes(length);
    expect(await md5HexInSlices(bytes)).toBe(md5Of(bytes));
  });

  it('hashes only the view it is given, not the rest of a shared ArrayBuffer', async () => {
    const whole = randomBytes(2 * MiB + 10);
    const view = whole.subarray(5, 2 * MiB + 5);
    expect(await md5HexInSlices(view)).toBe(md5Of(view));
  });
});

describe('response bodies hashed as they arrive', () => {
  it('with Content-Length: one buffer of exactly that size, the hash of every chunk in order', async () => {
    const bytes = randomBytes(MiB + 333);
    const hash = createHash('md5');
    const read = await readBody(chunksOf(bytes, 64 * 1024), bytes.byteLength, 'test body', hash);
    expect(Buffer.compare(Buffer.from(read), bytes)).toBe(0);
    expect(read.buffer.byteLength).toBe(bytes.byteLength);
    expect(hash.digest('hex')).toBe(md5Of(bytes));
  });

  it('without Content-Length: chunks are joined, and hashed the same', async () => {
    const bytes = randomBytes(200_001);
    const hash = createHash('md5');
    const read = await readBody(chunksOf(bytes, 4096), undefined, 'test body', hash);
    expect(Buffer.compare(Buffer.from(read), bytes)).toBe(0);
    expect(hash.digest('hex')).toBe(md5Of(bytes));
  });

  it('a body shorter or longer than announced is TRANSIENT, never a partial state', async () => {
    const bytes = randomBytes(10_000);
    await expect(readBody(chunksOf(bytes, 1000), 10_001, 'test body')).rejects.toMatchObject({ code: 'TRANSIENT' });
    await expect(readBody(chunksOf(bytes, 1000), 9_999, 'test body')).rejects.toMatchObject({ code: 'TRANSIENT' });
  });

  it('a body offering only transformToByteArray is read whole and hashed once', async () => {
    const bytes = randomBytes(5000);
    const hash = createHash('md5');
    const read = await readBody({ transformToByteArray: async () => bytes }, undefined, 'test body', hash);
    expect(read).toBe(bytes);
    expect(hash.digest('hex')).toBe(md5Of(bytes));
  });
});
