import { formatGoDefaultTime } from './go-time.js';
import type { LockInfo } from './lock-info.js';

/** Renders a lock holder as Terraform prints it under a lock error (`Lock Info:` block). */
export function describeLock(lock: LockInfo): string {
  return [
    'Lock Info:',
    `  ID:        ${lock.ID}`,
    `  Path:      ${lock.Path}`,
    `  Operation: ${lock.Operation}`,
    `  Who:       ${lock.Who}`,
    `  Version:   ${lock.Version}`,
    `  Created:   ${formatGoDefaultTime(lock.Created)}`,
    `  Info:      ${lock.Info}`,
  ].join('\n');
}
