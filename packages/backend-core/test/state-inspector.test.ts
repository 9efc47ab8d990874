import { describe, expect, it } from 'vitest';
import { compareDigest } from '../src/index.js';

describe('compareDigest', () => {
  const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
  it.each([
    [md5, md5, 'match'],
    [md5, 'a'.repeat(32), 'mismatch'],
    [undefined, md5, 'no-digest'],
    [md5, undefined, 'digest-without-state'],
    [undefined, undefined, 'no-state'],
  ] as const)('stored %s, object %s: %s', (stored, actual, status) => {
    expect(compareDigest(stored, actual)).toBe(status);
  });
});
