/**
 * Every case of the conformance suite, numbered as in the case list: id, number, group and
 * whether Terraform/OpenTofu behaviour requires it (`must`) or it is an improvement.
 */
const catalog = [
  ['factory-clients-share-storage', 1, 'A', 'improvement'],
  ['namespace-isolation', 2, 'A', 'improvement'],
  ['methods-return-promises', 3, 'A', 'improvement'],
  ['capabilities-shape', 4, 'B', 'improvement'],
  ['capabilities-stable', 5, 'B', 'improvement'],
  ['claimed-methods-exist', 6, 'B', 'must'],
  ['probe-consistent', 7, 'B', 'improvement'],
  ['read-missing-is-none', 8, 'C', 'must'],
  ['roundtrip-exact', 9, 'C', 'must'],
  ['delete-state', 10, 'C', 'must'],
  ['overwrite', 11, 'C', 'must'],
  ['grow-then-shrink', 12, 'C', 'must'],
  ['large-payload', 13, 'C', 'must'],
  ['binary-safe', 14, 'C', 'improvement'],
  ['opaque-bytes', 15, 'C', 'must'],
  ['zero-length-write-refused', 16, 'C', 'must'],
  ['no-aliasing', 17, 'C', 'improvement'],
  ['read-metadata', 18, 'C', 'improvement'],
  ['read-while-locked', 19, 'C', 'must'],
  ['holder-writes-under-lock', 20, 'C', 'must'],
  ['initial-list', 21, 'D', 'must'],
  ['created-by-write', 22, 'D', 'must'],
  ['distinct-workspaces', 23, 'D', 'must'],
  ['list-order', 24, 'D', 'must'],
  ['delete-workspace', 25, 'D', 'must'],
  ['default-undeletable', 26, 'D', 'must'],
  ['recreate-after-delete', 27, 'D', 'must'],
  ['delete-missing-workspace', 28, 'D', 'improvement'],
  ['invalid-names', 29, 'D', 'must'],
  ['dot-names-never-alias', 30, 'D', 'improvement'],
  ['unicode-names', 31, 'D', 'improvement'],
  ['lookalike-names', 32, 'D', 'must'],
  ['many-workspaces', 33, 'D', 'improvement'],
  ['lock-without-write-leaves-nothing', 34, 'D', 'must'],
  ['delete-removes-artifacts', 35, 'D', 'must'],
  ['delete-while-foreign-locked', 36, 'D', 'improvement'],
  ['lock-returns-id', 37, 'E', 'must'],
  ['lock-ids-unique', 38, 'E', 'must'],
  ['readlock', 39, 'E', 'must'],
  ['lockinfo-fidelity', 40, 'E', 'must'],
  ['unlock-releases', 41, 'E', 'must'],
  ['double-unlock-refused', 42, 'E', 'must'],
  ['unlock-wrong-id', 43, 'E', 'must'],
  ['unlock-when-unlocked', 44, 'E', 'must'],
  ['relock-same-id-idempotent', 45, 'E', 'improvement'],
  ['second-client-conflict', 46, 'F', 'must'],
  ['conflict-carries-holder', 47, 'F', 'must'],
  ['handoff', 48, 'F', 'must'],
  ['failed-attempt-no-residue', 49, 'F', 'must'],
  ['locks-per-workspace', 50, 'F', 'must'],
  ['n-lockers-one-wins', 51, 'F', 'must'],
  ['no-lost-updates', 52, 'F', 'improvement'],
  ['wait-then-acquire', 53, 'F', 'must'],
  ['force-unlock-reported-id', 54, 'G', 'must'],
  ['id-is-bearer-token', 55, 'G', 'must'],
  ['force-unlock-wrong-id', 56, 'G', 'must'],
  ['force-unlock-nothing', 57, 'G', 'must'],
  ['holder-learns-loss', 58, 'G', 'must'],
  ['stale-unlock-spares-successor', 59, 'G', 'improvement'],
  ['write-after-loss', 60, 'G', 'improvement'],
  ['write-under-foreign-lock', 61, 'G', 'improvement'],
  ['lock-deleted-out-of-band', 62, 'G', 'must'],
  ['crash-while-locked', 63, 'G', 'improvement'],
  ['digest-tracks-bytes', 64, 'H', 'must'],
  ['no-digest-ok', 65, 'H', 'must'],
  ['stale-bytes-detected', 66, 'H', 'must'],
  ['empty-object-with-digest', 67, 'H', 'must'],
  ['digest-catches-up', 68, 'H', 'must'],
  ['read-after-write-across-clients', 69, 'H', 'improvement'],
  ['if-match', 70, 'I', 'improvement'],
  ['if-none-match', 71, 'I', 'improvement'],
  ['versions-listed', 72, 'J', 'improvement'],
  ['versions-survive-delete', 73, 'J', 'improvement'],
  ['versions-scoped', 74, 'J', 'improvement'],
  ['unknown-version', 75, 'J', 'improvement'],
  ['typed-errors', 76, 'K', 'must'],
  ['isinstance-across-copies', 77, 'K', 'improvement'],
  ['conflict-message', 78, 'K', 'must'],
  ['no-secrets-in-errors', 79, 'K', 'improvement'],
  ['concurrent-ops-one-client', 80, 'L', 'must'],
  ['concurrent-writers-no-tearing', 81, 'L', 'improvement'],
  ['manager-full-cycle', 82, 'M', 'must'],
  ['manager-first-write', 83, 'M', 'must'],
  ['manager-import-check', 84, 'M', 'must'],
] as const;

/** The stable id of one conformance case, e.g. `read-missing-is-none`. */
export type CaseId = (typeof catalog)[number][0];

/** The groups of the case list, A (harness) to M (state manager). */
export type GroupId = (typeof catalog)[number][2];

/** `must`: a Terraform/OpenTofu test or code contract asserts it; `improvement`: beyond them. */
export type CaseTag = (typeof catalog)[number][3];

/** Where a case sits in the case list. */
export interface CaseEntry {
  readonly id: CaseId;
  readonly number: number;
  readonly group: GroupId;
  readonly tag: CaseTag;
}

/** All case ids in list order. */
export const caseEntries: readonly CaseEntry[] = catalog.map(([id, number, group, tag]) =>
  Object.freeze({ id, number, group, tag }),
);

const entriesById = new Map<string, CaseEntry>(caseEntries.map((entry) => [entry.id, entry]));

/** The catalog entry of `id`; throws for an id the list does not have. */
export function caseEntry(id: CaseId): CaseEntry {
  const entry = entriesById.get(id);
  if (entry === undefined) throw new TypeError(`unknown conformance case "${id}"`);
  return entry;
}

/** True when `id` names a case of the list. */
export function isCaseId(id: string): id is CaseId {
  return entriesById.has(id);
}
