/**
 * Go's `golang.org/x/net/http/httpproxy` decision of whether a request host bypasses the proxy,
 * which Terraform uses: `localhost` and loopback addresses never use a proxy; `NO_PROXY` is a
 * comma-separated list of `*`, hosts (matching the host and its subdomains), `.domain` or
 * `*.domain` (subdomains only), IP addresses and CIDR blocks, each optionally with `:port`.
 */
import { BlockList, isIP } from 'node:net';

export function bypassesProxy(hostname: string, port: number, noProxy: string | undefined): boolean {
  const host = stripBrackets(hostname).toLowerCase();
  if (host === 'localhost' || isLoopback(host)) return true;
  for (const rawEntry of (noProxy ?? '').split(',')) {
    const entry = rawEntry.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    if (entry.includes('/') && matchesCidr(host, entry)) return true;
    if (isIP(stripBrackets(entry)) !== 0) {
      if (stripBrackets(entry) === host) return true;
      continue;
    }
    const { name, entryPort } = splitPort(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    const domain = name.startsWith('*.') ? name.slice(1) : name;
    if (domain.startsWith('.')) {
      if (host.endsWith(domain)) return true;
    } else if (host === domain || host.endsWith(`.${domain}`)) {
      return true;
    }
  }
  return false;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function isLoopback(host: string): boolean {
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

function matchesCidr(host: string, entry: string): boolean {
  const [network, bits] = entry.split('/') as [string, string];
  const family = isIP(network);
  if (family === 0 || isIP(host) !== family) return false;
  const prefix = Number(bits);
  if (!Number.isInteger(prefix)) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const blocks = new BlockList();
  try {
    blocks.addSubnet(network, prefix, type);
  } catch {
    return false;
  }
  return blocks.check(host, type);
}

function splitPort(entry: string): { name: string; entryPort?: number } {
  const match = /^(.*):(\d+)$/.exec(entry);
  return match === null ? { name: entry } : { name: match[1]!, entryPort: Number(match[2]) };
}
