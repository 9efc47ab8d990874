/** A response a route produces; the request handler sends it and records it. */
export interface Reply {
  status: number;
  body?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
}

/** An answer of bytes with their MD5, which clients check is valid base64 (spec 3.1). */
export function bytesReply(bytes: Uint8Array, md5: string): Reply {
  return { status: 200, body: bytes, contentType: 'application/json', headers: { 'Content-MD5': md5 } };
}

/** An answer of JSON. */
export function jsonReply(status: number, value: unknown): Reply {
  return { status, body: `${JSON.stringify(value)}\n`, contentType: 'application/json' };
}
