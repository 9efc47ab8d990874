import { createHmac } from 'node:crypto';

/** Alibaba Cloud's percent-encoding for RPC signatures: RFC 3986 unreserved characters stay, the rest is %XX. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Signs RPC-style (`Action=...`) API parameters with signature version 1.0: HMAC-SHA1, keyed
 * with `secret + "&"`, over `METHOD&%2F&<encoded sorted canonical query>`.
 */
export function signRpcRequest(method: 'GET' | 'POST', parameters: Readonly<Record<string, string>>, accessKeySecret: string): string {
  const canonical = Object.keys(parameters)
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(parameters[name] ?? '')}`)
    .join('&');
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign).digest('base64');
}
