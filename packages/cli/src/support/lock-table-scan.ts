import { UsageError } from '../cli-errors.js';

/**
 * `--scan-lock-table` where there is no lock table to read: refused, so a user who expected the
 * table to be read is not told "no held lock" by a flag that did nothing.
 */
export function refuseScanWithoutLockTable(backendName: string): never {
  throw new UsageError(`--scan-lock-table: the ${backendName} backend has no lock table to read`, {
    hint: 'A lock table is read with s3 dynamodb_table or oss tablestore_table; lock files are always listed. Leave out --scan-lock-table.',
  });
}
