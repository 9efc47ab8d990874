/**
 * The backend conformance suite: `runBackendConformance` registers it with vitest; the cases are
 * also exported runner-neutral (`conformanceCases`, `runConformanceCase`) and group by group.
 * This is the only entry point of the package that imports vitest.
 */
export { runBackendConformance, runConformanceGroup } from './vitest-suite.js';
export { conformanceCases, conformanceGroups, conformanceCase, type ConformanceGroup } from './case-list.js';
export { runConformanceCase, NAMED_WORKSPACE, type CaseOutcome, type RunCaseOptions } from './run-case.js';
export { resolveConformanceOptions } from './options.js';
export { caseEntries, type CaseEntry, type CaseId, type CaseTag, type GroupId } from './case-ids.js';
export { skipCase, type CaseContext, type ConformanceCase, type Requirement } from './conformance-case.js';
export type {
  ConformanceHarness,
  ConformanceInspector,
  ConformanceOptions,
  ConformanceTamperer,
  ResolvedConformanceOptions,
} from './harness.js';
export { harnessCases } from './groups/harness-cases.js';
export { capabilityCases } from './groups/capability-cases.js';
export { stateCases } from './groups/state-cases.js';
export { workspaceCases } from './groups/workspace-cases.js';
export { lockCases } from './groups/lock-cases.js';
export { contentionCases } from './groups/contention-cases.js';
export { forceUnlockCases } from './groups/force-unlock-cases.js';
export { digestCases } from './groups/digest-cases.js';
export { conditionalWriteCases } from './groups/conditional-write-cases.js';
export { versionCases } from './groups/version-cases.js';
export { errorCases } from './groups/error-cases.js';
export { robustnessCases } from './groups/robustness-cases.js';
export { managerCases } from './groups/manager-cases.js';
