import type { StateSummary } from './state-summary.js';

/** What to do with one workspace, and why (shown in the plan and the summary). */
export type CopyDecision =
  | { action: 'copy'; reason: 'target has no state' | 'target is older (same lineage, lower serial)' | 'target holds an empty state' | 'forced' }
  | { action: 'skip'; reason: 'target already holds the same bytes' }
  | { action: 'conflict'; reason: string };

/**
 * The serial rules of a migration. Copy when the target has no state, holds an empty state
 * (nothing to lose, as Terraform's own import check allows) or the same lineage at a lower serial;
 * skip when it holds the very same bytes; otherwise (another lineage, a higher serial, the same
 * serial with other content, or an encrypted state that cannot be compared) it is a conflict,
 * unless `force` says to overwrite.
 */
export function decideCopy(source: StateSummary, target: StateSummary | undefined, options: { force: boolean }): CopyDecision {
  if (target === undefined) return { action: 'copy', reason: 'target has no state' };
  if (target.md5 === source.md5 && target.bytes === source.bytes) {
    return { action: 'skip', reason: 'target already holds the same bytes' };
  }
  if (options.force) return { action: 'copy', reason: 'forced' };
  if (target.empty === true) return { action: 'copy', reason: 'target holds an empty state' };
  if (source.lineage === undefined || target.lineage === undefined) {
    return { action: 'conflict', reason: 'the target holds a different state and an encrypted state cannot be compared by lineage and serial' };
  }
  if (source.lineage !== target.lineage) {
    return {
      action: 'conflict',
      reason: `the target holds an unrelated state (lineage ${target.lineage}, source lineage ${source.lineage})`,
    };
  }
  const sourceSerial = source.serial ?? 0;
  const targetSerial = target.serial ?? 0;
  if (targetSerial < sourceSerial) return { action: 'copy', reason: 'target is older (same lineage, lower serial)' };
  if (targetSerial > sourceSerial) {
    return { action: 'conflict', reason: `the target is newer (serial ${targetSerial} > source serial ${sourceSerial})` };
  }
  return { action: 'conflict', reason: `the target has the same serial ${targetSerial} with different content` };
}
