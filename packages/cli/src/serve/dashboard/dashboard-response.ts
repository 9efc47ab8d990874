import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { SafeHtml } from './safe-html.js';

/** A fresh nonce per response: the inline stylesheet carries it, nothing injected can guess it. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * Headers every dashboard response carries. The policy allows no script at all, styles only
 * with this response's nonce, forms only back to this server, and no framing; pages hold
 * state data, so nothing is cached.
 */
function setSecurityHeaders(response: ServerResponse, styleNonce?: string): void {
  const styleSource = styleNonce ? `'nonce-${styleNonce}'` : "'none'";
  response.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; style-src ${styleSource}; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  );
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  response.setHeader('Cache-Control', 'no-store');
}

/** Sends a page. HEAD gets the headers only. */
export function sendHtml(response: ServerResponse, method: string, status: number, page: SafeHtml, styleNonce: string): void {
  send(response, method, status, 'text/html; charset=utf-8', Buffer.from(page.text, 'utf8'), styleNonce);
}

/** Sends a JSON document (the `/ui/api/*` routes). */
export function sendJson(response: ServerResponse, method: string, status: number, value: unknown): void {
  send(response, method, status, 'application/json; charset=utf-8', Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8'));
}

/** Sends short plain text (405 and other refusals before any page is built). */
export function sendText(response: ServerResponse, method: string, status: number, text: string, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  send(response, method, status, 'text/plain; charset=utf-8', Buffer.from(`${text}\n`, 'utf8'));
}

function send(response: ServerResponse, method: string, status: number, contentType: string, body: Buffer, styleNonce?: string): void {
  setSecurityHeaders(response, styleNonce);
  response.statusCode = status;
  response.setHeader('Content-Type', contentType);
  response.setHeader('Content-Length', body.byteLength);
  response.end(method === 'HEAD' ? undefined : body);
}
