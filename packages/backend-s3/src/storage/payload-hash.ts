import { createHash } from 'node:crypto';
import type { PutObjectCommand } from '@aws-sdk/client-s3';

/** SHA-256 of an upload, in the two spellings S3 wants. */
export interface PayloadHash {
  /** Lowercase hex: the SigV4 `x-amz-content-sha256` header. */
  hex: string;
  /** Base64: the `x-amz-checksum-sha256` header. */
  base64: string;
}

/** Hashes `bytes` once for both the signature and the checksum header. */
export function hashPayload(bytes: Uint8Array): PayloadHash {
  const digest = createHash('sha256').update(bytes).digest();
  return { hex: digest.toString('hex'), base64: digest.toString('base64') };
}

type MiddlewareStack = PutObjectCommand['middlewareStack'];

/**
 * Hands the precomputed payload hash to the SigV4 signer, which otherwise hashes the whole body
 * a second time (it uses an `x-amz-content-sha256` header already present). Added per command.
 */
export function reusePayloadHash(stack: Pick<MiddlewareStack, 'add'>, hash: PayloadHash): void {
  stack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers !== undefined) request.headers['x-amz-content-sha256'] = hash.hex;
      return next(args);
    },
    { step: 'build', name: 'tfstateReusePayloadHash', priority: 'low' },
  );
}
