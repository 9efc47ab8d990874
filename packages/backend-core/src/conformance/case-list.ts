import type { GroupId } from './case-ids.js';
import type { ConformanceCase } from './conformance-case.js';
import { capabilityCases } from './groups/capability-cases.js';
import { conditionalWriteCases } from './groups/conditional-write-cases.js';
import { contentionCases } from './groups/contention-cases.js';
import { digestCases } from './groups/digest-cases.js';
import { errorCases } from './groups/error-cases.js';
import { forceUnlockCases } from './groups/force-unlock-cases.js';
import { harnessCases } from './groups/harness-cases.js';
import { lockCases } from './groups/lock-cases.js';
import { managerCases } from './groups/manager-cases.js';
import { robustnessCases } from './groups/robustness-cases.js';
import { stateCases } from './groups/state-cases.js';
import { versionCases } from './groups/version-cases.js';
import { workspaceCases } from './groups/workspace-cases.js';

/** One group of the case list (A-M) with its cases. */
export interface ConformanceGroup {
  readonly id: GroupId;
  readonly title: string;
  readonly cases: readonly ConformanceCase[];
}

function group(id: GroupId, title: string, cases: readonly ConformanceCase[]): ConformanceGroup {
  for (const testCase of cases) {
    if (testCase.group !== id) throw new Error(`case ${testCase.id} belongs to group ${testCase.group}, not ${id}`);
  }
  return Object.freeze({ id, title, cases: Object.freeze([...cases].sort((left, right) => left.number - right.number)) });
}

/** The groups in list order. */
export const conformanceGroups: readonly ConformanceGroup[] = Object.freeze([
  group('A', 'harness', harnessCases),
  group('B', 'capability truthfulness', capabilityCases),
  group('C', 'state read/write', stateCases),
  group('D', 'workspaces', workspaceCases),
  group('E', 'locking, one workspace', lockCases),
  group('F', 'contention across clients', contentionCases),
  group('G', 'force unlock, lock loss', forceUnlockCases),
  group('H', 'consistency, digest', digestCases),
  group('I', 'conditional writes', conditionalWriteCases),
  group('J', 'versions', versionCases),
  group('K', 'error shapes', errorCases),
  group('L', 'robustness', robustnessCases),
  group('M', 'state manager on the provider', managerCases),
]);

/** Every case, runner-neutral, in list order; run one with `runConformanceCase`. */
export const conformanceCases: readonly ConformanceCase[] = Object.freeze(conformanceGroups.flatMap((entry) => entry.cases));

/** The case with `id`. */
export function conformanceCase(id: ConformanceCase['id']): ConformanceCase {
  const found = conformanceCases.find((testCase) => testCase.id === id);
  if (found === undefined) throw new TypeError(`no conformance case "${id}" is implemented`);
  return found;
}
