import { describe, expect, it } from 'vitest';
import {
  caseEntries,
  conformanceCase,
  conformanceCases,
  resolveConformanceOptions,
  runConformanceCase,
  type ConformanceHarness,
  type ConformanceOptions,
} from '../src/conformance/index.js';
import { createMemoryProvider, MemoryStore } from '../src/memory/index.js';

function bareHarness(): ConformanceHarness {
  const stores = new Map<string, MemoryStore>();
  return {
    create: ({ namespace }) => {
      const store = stores.get(namespace) ?? new MemoryStore();
      stores.set(namespace, store);
      return createMemoryProvider({ store });
    },
  };
}

describe('conformance options and gating', () => {
  it('implements every case of the case list, in list order', () => {
    expect(conformanceCases.map((testCase) => testCase.id)).toEqual(caseEntries.map((entry) => entry.id));
    expect(conformanceCases).toHaveLength(84);
  });

  it('refuses capability flags passed as options', () => {
    const options = { locking: false } as unknown as ConformanceOptions;
    expect(() => resolveConformanceOptions(options)).toThrow(/capability: the suite reads capabilities from provider.capabilities/);
  });

  it('refuses skips of unknown cases and skips without a reason', () => {
    const unknown = { skip: { 'no-such-case': 'why' } } as unknown as ConformanceOptions;
    expect(() => resolveConformanceOptions(unknown)).toThrow(/unknown conformance case "no-such-case"/);
    expect(() => resolveConformanceOptions({ skip: { 'large-payload': ' ' } })).toThrow(/needs a reason/);
  });

  it('fills in the documented defaults', () => {
    expect(resolveConformanceOptions()).toMatchObject({
      maxPayloadBytes: 64 * 1024 * 1024,
      lockers: 16,
      cycles: 50,
      manyWorkspaces: 1050,
      digestRetryMs: 0,
    });
  });

  it('reports a skip from options with its reason', async () => {
    const outcome = await runConformanceCase(conformanceCase('large-payload'), bareHarness(), {
      skip: { 'large-payload': 'the test store caps objects at 1 MiB' },
    });
    expect(outcome).toEqual({ status: 'skipped', reason: 'the test store caps objects at 1 MiB' });
  });

  it('reports a case whose hook the harness lacks as skipped, naming the hook', async () => {
    const outcome = await runConformanceCase(conformanceCase('delete-removes-artifacts'), bareHarness());
    expect(outcome).toEqual({ status: 'skipped', reason: 'the harness has no "inspect" hook' });
  });

  it('reports a case whose capability the provider lacks as skipped, naming the capability', async () => {
    const outcome = await runConformanceCase(conformanceCase('probe-consistent'), bareHarness());
    expect(outcome).toEqual({ status: 'skipped', reason: 'the memory provider does not claim the "probe" capability' });
  });

  it('destroys every namespace it created, the extra ones included', async () => {
    const destroyed: string[] = [];
    const created = new Set<string>();
    const harness = bareHarness();
    const counting: ConformanceHarness = {
      create: (context) => {
        created.add(context.namespace);
        const provider = harness.create(context);
        return provider;
      },
      destroy: async (namespace) => void destroyed.push(namespace),
    };
    await runConformanceCase(conformanceCase('namespace-isolation'), counting);
    expect(new Set(destroyed)).toEqual(created);
    expect(created.size).toBe(2);
  });
});

describe('README', () => {
  it('shows the conformance test file verbatim, so its example is type-checked and run', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const example = await readFile(new URL('./conformance-readme.test.ts', import.meta.url), 'utf8');
    expect(readme).toContain('```ts\n' + example.trimEnd() + '\n```');
  });
});
