import { capabilityNames } from '../backend/capabilities.js';
import { isCaseId } from './case-ids.js';
import type { ConformanceOptions, ResolvedConformanceOptions } from './harness.js';

const MiB = 1024 * 1024;

// Capability names passed as options are a mistake worth stopping: the suite reads them from the
// provider, so a flag here would silently test something else than what users get.
const capabilityOptionNames: ReadonlySet<string> = new Set(capabilityNames);

/** Fills in defaults and refuses nonsense (unknown case ids, reasonless skips, capability flags). */
export function resolveConformanceOptions(options: ConformanceOptions = {}): ResolvedConformanceOptions {
  for (const key of Object.keys(options)) {
    if (capabilityOptionNames.has(key)) {
      throw new TypeError(
        `conformance option "${key}" is a capability: the suite reads capabilities from provider.capabilities, not from options`,
      );
    }
  }
  const skip = options.skip ?? {};
  for (const [id, reason] of Object.entries(skip)) {
    if (!isCaseId(id)) throw new TypeError(`skip names an unknown conformance case "${id}"`);
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new TypeError(`skip of "${id}" needs a reason (a non-empty string), which is printed`);
    }
  }
  return Object.freeze({
    maxPayloadBytes: positive('maxPayloadBytes', options.maxPayloadBytes, 64 * MiB),
    lockers: positive('lockers', options.lockers, 16),
    cycles: positive('cycles', options.cycles, 50),
    manyWorkspaces: positive('manyWorkspaces', options.manyWorkspaces, 1050),
    digestRetryMs: nonNegative('digestRetryMs', options.digestRetryMs, 0),
    timeoutMs: positive('timeoutMs', options.timeoutMs, 120_000),
    skip: Object.freeze({ ...skip }),
  });
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`conformance option "${name}" must be a positive integer`);
  return value;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`conformance option "${name}" must be a non-negative integer`);
  }
  return value;
}
