export {
  diffParsedStates,
  diffStates,
  isEmptyStateDiff,
  type StateDiff,
  type StateDiffChangedInstance,
  type StateDiffChangedOutput,
  type StateDiffInstance,
  type StateDiffOutput,
  type StateDiffSide,
} from './state-diff.js';
export { formatStateDiff } from './format-state-diff.js';
export { formatInstanceKey } from './instance-address.js';
