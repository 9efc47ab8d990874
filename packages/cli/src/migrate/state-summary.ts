import { createHash } from 'node:crypto';
import { BackendError, isEmptyState, parseState } from '@x/backend-core';

/** What a migration compares and records about one state. */
export interface StateSummary {
  bytes: number;
  /** Lowercase hex MD5 of the bytes. */
  md5: string;
  /** Absent for an OpenTofu-encrypted state, whose header cannot be read. */
  serial?: number;
  lineage?: string;
  /** True when the state has no outputs and no resources (Terraform's `State.Empty()`). */
  empty?: boolean;
}

/**
 * Reads serial and lineage from the state's bytes. An encrypted state has neither (it is still
 * copied byte for byte); a damaged one fails with `parseState`'s `INVALID_STATE`.
 */
export function summarizeState(bytes: Uint8Array): StateSummary {
  const md5 = createHash('md5').update(bytes).digest('hex');
  try {
    const state = parseState(bytes);
    return { bytes: bytes.byteLength, md5, serial: state.serial, lineage: state.lineage, empty: isEmptyState(state) };
  } catch (error) {
    if (BackendError.hasCode(error, 'ENCRYPTED_STATE')) return { bytes: bytes.byteLength, md5 };
    throw error;
  }
}
