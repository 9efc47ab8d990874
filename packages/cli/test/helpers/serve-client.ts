import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** An answer of the server. */
export interface ServeAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export interface TerraformRequestOptions {
  /** Body bytes; Content-Type, Content-MD5 and Content-Length are added as Go's client does. */
  body?: string | Uint8Array;
  /** Terraform's force-unlock: no bytes, chunked, yet Content-Type and the MD5 of nothing (spec 3.5). */
  chunkedEmptyBody?: boolean;
  /** `user:password` for basic auth. */
  auth?: string;
  /** Override or add headers (a wrong Content-MD5, for one). */
  headers?: OutgoingHttpHeaders;
  /** TLS material for https URLs. */
  tls?: { ca?: string; cert?: string; key?: string };
}

/**
 * Sends one request exactly as Terraform 1.11's http backend does (spec section 2): Go's
 * User-Agent, `Accept-Encoding: gzip`, Basic auth when a user is set, and on a body its
 * Content-Type, standard-base64 Content-MD5 and Content-Length.
 */
export function terraformRequest(method: string, url: string, options: TerraformRequestOptions = {}): Promise<ServeAnswer> {
  const target = new URL(url);
  const headers: OutgoingHttpHeaders = { 'User-Agent': 'Go-http-client/1.1', 'Accept-Encoding': 'gzip' };
  if (options.auth !== undefined) headers.Authorization = `Basic ${Buffer.from(options.auth).toString('base64')}`;
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-MD5'] = createHash('md5').update(body).digest('base64');
    headers['Content-Length'] = body.length;
  }
  if (options.chunkedEmptyBody) {
    headers['Content-Type'] = 'application/json';
    headers['Content-MD5'] = '1B2M2Y8AsgTpgAmY7PhCfg==';
    headers['Transfer-Encoding'] = 'chunked';
  }
  Object.assign(headers, options.headers);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(target, { method, headers, agent: false, ...options.tls }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: bytes, text: bytes.toString('utf8') });
      });
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    if (body !== undefined) outgoing.end(body);
    else outgoing.end();
  });
}

/** A LockInfo body as Terraform 1.11.4 sends it (observed field order and formatting). */
export function terraformLockBody(id: string, operation = 'OperationTypeApply'): string {
  return `{"ID":"${id}","Operation":"${operation}","Info":"","Who":"root@vm","Version":"1.11.4","Created":"2026-11-21T23:34:46.402788573Z","Path":""}`;
}

/** OpenTofu 1.10's force-unlock body (spec 3.5 case 3). */
export function tofuForceUnlockBody(id: string): string {
  return `{"ID":"${id}","Operation":"","Info":"","Who":"","Version":"","Created":"0001-01-01T00:00:00Z","Path":""}`;
}
