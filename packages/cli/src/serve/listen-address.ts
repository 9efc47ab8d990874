import { isIP } from 'node:net';
import { UsageError } from '../cli-errors.js';

/** Where the server listens. */
export interface ListenAddress {
  host: string;
  port: number;
}

/** The address used when `--listen` is not given: loopback only. */
export const DEFAULT_LISTEN = '127.0.0.1:8080';

/** Parses `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (all interfaces). Port 0 picks a free port. */
export function parseListenAddress(text: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65_535) {
    throw new UsageError(`--listen "${text}" is not HOST:PORT`, {
      hint: 'Examples: 127.0.0.1:8080, [::1]:8080, 0.0.0.0:8443 (port 0 picks a free port).',
    });
  }
  const host = match[1] ?? (match[2] === '' ? '0.0.0.0' : match[2]!);
  return { host, port };
}

/** True when only this machine can reach `host`. */
export function isLoopbackHost(host: string): boolean {
  const lower = host.toLowerCase();
  if (lower === 'localhost' || lower === '::1' || lower === '0:0:0:0:0:0:0:1') return true;
  if (isIP(lower) === 4) return lower.startsWith('127.');
  if (lower.startsWith('::ffff:')) return lower.slice(7).startsWith('127.');
  return false;
}

/** The URL clients use for a bound address (IPv6 in brackets). */
export function urlOf(scheme: 'http' | 'https', host: string, port: number): string {
  const shown = isIP(host) === 6 ? `[${host}]` : host;
  return `${scheme}://${shown}:${port}`;
}
