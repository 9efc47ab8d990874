import { readFileSync } from 'node:fs';

/**
 * Peak resident memory of this process, in bytes. On Linux this is `VmHWM` from
 * /proc/self/status: `process.resourceUsage().maxRSS` (getrusage) is not usable for a child,
 * because Linux carries the parent's resident size at fork into the child's maxrss across exec,
 * so a child of a big benchmark runner reports the runner's memory. Elsewhere it falls back to
 * maxRSS.
 */
export function peakRssBytes() {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}
