import { afterAll, describe, it } from 'vitest';
import type { GroupId } from './case-ids.js';
import { conformanceGroups, type ConformanceGroup } from './case-list.js';
import type { ConformanceCase } from './conformance-case.js';
import type { ConformanceHarness, ConformanceOptions } from './harness.js';
import { resolveConformanceOptions } from './options.js';
import { runConformanceCase } from './run-case.js';

interface SkipRecord {
  label: string;
  reason: string;
}

/**
 * Registers the whole conformance suite as vitest `describe`/`it` blocks: one block per group,
 * per-workspace cases once in `default` and once in a named workspace. Every case gets a fresh
 * namespace. Cases the provider's capabilities or the harness's hooks rule out are reported as
 * skipped with the reason (and listed after the run), never as passed.
 *
 * ```ts
 * runBackendConformance('my-store', { create: ({ namespace }) => createMyProvider({ prefix: namespace }) });
 * ```
 */
export function runBackendConformance(name: string, harness: ConformanceHarness, options: ConformanceOptions = {}): void {
  registerGroups(name, conformanceGroups, harness, options);
}

/** Registers one group of the suite on its own (keyv style), e.g. `runConformanceGroup('E', ...)`. */
export function runConformanceGroup(
  groupId: GroupId,
  name: string,
  harness: ConformanceHarness,
  options: ConformanceOptions = {},
): void {
  const selected = conformanceGroups.filter((entry) => entry.id === groupId);
  registerGroups(name, selected, harness, options);
}

function registerGroups(
  name: string,
  groups: readonly ConformanceGroup[],
  harness: ConformanceHarness,
  options: ConformanceOptions,
): void {
  const resolved = resolveConformanceOptions(options);
  const skipped: SkipRecord[] = [];
  describe(`${name} backend conformance`, () => {
    for (const entry of groups) {
      describe(`${entry.id}. ${entry.title}`, () => {
        for (const testCase of entry.cases) {
          if (testCase.perWorkspace) {
            describe(testCase.id, () => {
              registerCase(testCase, 'default', harness, options, resolved.timeoutMs, skipped);
              registerCase(testCase, 'named', harness, options, resolved.timeoutMs, skipped);
            });
          } else {
            registerCase(testCase, undefined, harness, options, resolved.timeoutMs, skipped);
          }
        }
      });
    }
    afterAll(() => {
      if (skipped.length === 0) return;
      const lines = skipped.map((record) => `  - ${record.label}: ${record.reason}`);
      console.info(`${name} backend conformance: ${skipped.length} case run(s) skipped\n${lines.join('\n')}`);
    });
  });
}

function registerCase(
  testCase: ConformanceCase,
  workspace: 'default' | 'named' | undefined,
  harness: ConformanceHarness,
  options: ConformanceOptions,
  timeoutMs: number,
  skipped: SkipRecord[],
): void {
  const label = `${testCase.number}. ${testCase.id}${workspace === undefined ? '' : ` (${workspace} workspace)`}`;
  const title = workspace === undefined ? `${testCase.number}. ${testCase.id}: ${testCase.title}` : `${workspace} workspace`;
  it(
    title,
    async (context) => {
      const outcome = await runConformanceCase(testCase, harness, { ...options, workspace });
      if (outcome.status === 'skipped') {
        skipped.push({ label, reason: outcome.reason });
        context.skip(outcome.reason);
      }
    },
    timeoutMs,
  );
}
