import type { DigestComparison } from '@x/backend-core';
import type { DoctorItem } from './doctor-item.js';

/**
 * Checklist items for the digest comparisons: a mismatch, or a digest left behind by a deleted
 * state, fails (every reader waits 10 s and then errors); a state without a digest warns (the
 * writer did not use the lock table, so readers check nothing).
 */
export function digestItems(backend: string, comparisons: readonly DigestComparison[]): DoctorItem[] {
  return comparisons.map((comparison) => digestItem(backend, comparison));
}

function digestItem(backend: string, comparison: DigestComparison): DoctorItem {
  const { workspace, location, record, stored, actual } = comparison;
  const table = backend === 's3' ? 'DynamoDB item' : 'TableStore row';
  const base = { id: 'digest', workspace };
  switch (comparison.status) {
    case 'match':
      return { ...base, status: 'ok', message: `the state "${location}" matches its recorded digest ${stored}` };
    case 'no-state':
      return { ...base, status: 'ok', message: `no state at "${location}" and no digest recorded` };
    case 'no-digest':
      return {
        ...base,
        status: 'warn',
        message: `the state "${location}" has no digest in ${table} "${record}": readers cannot check it`,
        fix: 'Some writer does not use the lock table. Configure it in every Terraform/OpenTofu/tfstate run; the next write records the digest.',
      };
    case 'digest-without-state':
      return {
        ...base,
        status: 'fail',
        message: `${table} "${record}" records digest ${stored}, but there is no state at "${location}": every read waits 10 s and then fails`,
        fix: `If the state was deleted on purpose, delete the ${table} "${record}".`,
      };
    case 'mismatch':
      return {
        ...base,
        status: 'fail',
        message: `the state "${location}" has MD5 ${actual}, but ${table} "${record}" records ${stored}: every read waits 10 s and then fails`,
        fix: `If the object is the state you want, set Digest of the ${table} "${record}" to ${actual}; otherwise restore the state that matches.`,
      };
  }
}
