/**
 * The cycle both requests benchmarks count: lock, read and unlock the `default` workspace, as
 * `terraform plan` does. This module runs it with our provider, names Terraform's equivalent, and
 * turns the counts into goals.
 */
import { goal } from './report.mjs';

/** What Terraform runs for one cycle: `plan` on an outputs-only configuration locks, reads and unlocks. */
export const terraformPlanCycle = ['plan', '-input=false', '-lock=true', '-refresh=false'];

/**
 * Initialises one Terraform directory per lock mode with `prepareDirectory(mode)` and applies it
 * once there. Terraform creates each state (and, with a lock table, its digest), so both tools
 * then read the same bytes.
 */
export async function prepareTerraformStates(lockModes, prepareDirectory) {
  const directories = {};
  for (const mode of lockModes) {
    const directory = await prepareDirectory(mode);
    await directory.terraform('apply', '-input=false', '-auto-approve');
    directories[mode] = directory;
  }
  return directories;
}

/** Every operation that lists objects: S3 and OSS name their listings alike. */
const listingOperations = ['ListObjects', 'ListObjectsV2', 'ListObjectVersions'];

/**
 * The request columns every requests table shows for one cycle, from the snapshot of the counting
 * proxy in front of the object store and of the one in front of the lock service, each column
 * named after its server (`s3` and `dynamodb`, `oss` and `tablestore`). Only the object store can
 * list.
 */
export function requestColumns(objectStore, lockService) {
  const listings = objectStore.snapshot.operations.filter((operation) => listingOperations.includes(operation));
  return {
    [objectStore.name]: objectStore.snapshot.total,
    [lockService.name]: lockService.snapshot.total,
    total: objectStore.snapshot.total + lockService.snapshot.total,
    listings: listings.length,
  };
}

/**
 * Counts the requests of two cycles of our provider: the first of a fresh client (which may make
 * once-per-client checks) and a second on the same client. `reset()` clears the counting proxies
 * before each cycle and `count()` reads them after it; returns `{ cycle, ...count() }` per cycle.
 */
export async function countProviderCycles(backend, { reset, count }) {
  const rows = [];
  for (const cycle of ['first cycle (fresh client)', 'second cycle (same client)']) {
    reset();
    const lockId = await backend.lock('default', { Operation: 'OperationTypePlan' });
    const state = await backend.readState('default');
    await backend.unlock('default', lockId);
    if (!state) throw new Error('the locked read found no state: the benchmark seeds one first');
    rows.push({ cycle, ...count() });
  }
  return rows;
}

/**
 * The goals for one lock mode of our provider, from its rows (`cycle`, `otherObjects`, `total`,
 * `listings`): per cycle, the worst total against `limit`; no listing; and no change in the
 * total as other objects are added. `subject` starts every goal's text and `services` names what
 * was counted (`S3+DynamoDB`).
 */
export function providerCycleGoals(rows, { subject, services, limit }) {
  const otherObjectCounts = [...new Set(rows.map((row) => row.otherObjects))];
  const cycles = [...new Set(rows.map((row) => row.cycle))];
  const totalsOf = (cycle) => rows.filter((row) => row.cycle === cycle).map((row) => row.total);
  return [
    ...cycles.map((cycle) =>
      goal(`${subject}: ${services} requests, ${cycle} (worst of ${otherObjectCounts.join(' and ')} other objects)`, Math.max(...totalsOf(cycle)), limit, 'requests'),
    ),
    goal(`${subject}: listing requests during the cycle`, Math.max(...rows.map((row) => row.listings)), 0, 'requests'),
    goal(
      `${subject}: change in requests from ${otherObjectCounts.join(' to ')} other objects`,
      Math.max(...cycles.map((cycle) => Math.max(...totalsOf(cycle)) - Math.min(...totalsOf(cycle)))),
      0,
      'requests',
    ),
  ];
}
