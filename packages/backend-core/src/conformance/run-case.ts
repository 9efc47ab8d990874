import { randomBytes } from 'node:crypto';
import { createStateBackend, type StateBackend } from '../backend/state-backend.js';
import { CaseSkipped, type CaseContext, type ConformanceCase, type Requirement } from './conformance-case.js';
import type { ConformanceHarness, ConformanceOptions, ResolvedConformanceOptions } from './harness.js';
import { resolveConformanceOptions } from './options.js';

/** The named workspace per-workspace cases run in the second time. */
export const NAMED_WORKSPACE = 'conformance-named';

/** Options of {@link runConformanceCase}. */
export interface RunCaseOptions extends ConformanceOptions {
  /** Where per-workspace cases run: `default` (the default) or the named workspace. */
  workspace?: 'default' | 'named';
}

/** How a case ended when it did not fail (a failure rejects). */
export type CaseOutcome = { status: 'passed' } | { status: 'skipped'; reason: string };

/**
 * Runs one case, runner-neutral: a fresh random namespace, client A from the harness, the
 * capability/hook gate, the case, then closing every client and destroying the namespaces.
 * Resolves `passed` or `skipped` (with the reason); rejects with the failure otherwise.
 */
export async function runConformanceCase(
  testCase: ConformanceCase,
  harness: ConformanceHarness,
  options: RunCaseOptions = {},
): Promise<CaseOutcome> {
  const resolved = resolveConformanceOptions(options);
  const optionReason = resolved.skip[testCase.id] ?? testCase.skipWhen?.(resolved);
  if (optionReason !== undefined) return { status: 'skipped', reason: optionReason };

  const session = new CaseSession(harness, resolved);
  let failure: unknown;
  try {
    const a = await session.connect(session.namespace);
    const reason = missingRequirement(testCase.requires, a, harness);
    if (reason !== undefined) return { status: 'skipped', reason };
    const workspace = testCase.perWorkspace && options.workspace === 'named' ? NAMED_WORKSPACE : 'default';
    await testCase.run(session.context(a, workspace));
    return { status: 'passed' };
  } catch (error) {
    if (error instanceof CaseSkipped) return { status: 'skipped', reason: error.reason };
    failure = error;
    throw error;
  } finally {
    const cleanupError = await session.cleanup();
    // A cleanup failure only surfaces when the case itself passed; the case's own failure says more.
    if (failure === undefined && cleanupError !== undefined) throw cleanupError;
  }
}

/** Why a case cannot run against this provider and harness, or undefined when it can. */
export function missingRequirement(
  requires: readonly Requirement[],
  backend: StateBackend,
  harness: ConformanceHarness,
): string | undefined {
  for (const requirement of requires) {
    switch (requirement) {
      case 'inspect':
      case 'tamper':
      case 'crash':
        if (harness[requirement] === undefined) return `the harness has no "${requirement}" hook`;
        break;
      case 'secrets':
        if (!harness.secrets || harness.secrets.length === 0) return 'the harness lists no secrets';
        break;
      default:
        if (backend.capabilities[requirement] !== true) {
          return `the ${backend.name} provider does not claim the "${requirement}" capability`;
        }
    }
  }
  return undefined;
}

/** Random namespace names, safe as key prefixes, directory names and table keys. */
export function randomNamespace(): string {
  return `conformance-${randomBytes(6).toString('hex')}`;
}

class CaseSession {
  readonly namespace = randomNamespace();
  private readonly namespaces = [this.namespace];
  private readonly clients: StateBackend[] = [];
  private readonly forgotten = new Set<StateBackend>();

  constructor(
    private readonly harness: ConformanceHarness,
    private readonly options: ResolvedConformanceOptions,
  ) {}

  async connect(namespace: string): Promise<StateBackend> {
    const backend = createStateBackend(await this.harness.create({ namespace }));
    this.clients.push(backend);
    return backend;
  }

  context(a: StateBackend, workspace: string): CaseContext {
    const { harness } = this;
    const missing = (hook: string) => () => {
      throw new TypeError(`this case needs the harness's "${hook}" hook (declare it in requires)`);
    };
    return {
      namespace: this.namespace,
      workspace,
      otherWorkspace: workspace === 'default' ? 'conformance-other' : 'default',
      capabilities: a.capabilities,
      options: this.options,
      harness,
      a,
      client: () => this.connect(this.namespace),
      clientInFreshNamespace: async () => {
        const namespace = randomNamespace();
        this.namespaces.push(namespace);
        return { namespace, backend: await this.connect(namespace) };
      },
      inspect: harness.inspect ?? { listKeys: missing('inspect'), readRaw: missing('inspect') },
      tamper: harness.tamper ?? { writeRaw: missing('tamper'), deleteRaw: missing('tamper') },
      keys: async () => {
        if (!harness.inspect) return missing('inspect')();
        return [...(await harness.inspect.listKeys(this.namespace))].sort();
      },
      forget: (backend) => this.forgotten.add(backend),
    };
  }

  /** Closes every client and destroys the namespaces; returns the first error, if any. */
  async cleanup(): Promise<unknown> {
    let firstError: unknown;
    for (const backend of this.clients) {
      if (this.forgotten.has(backend)) continue;
      try {
        await backend.close();
      } catch (error) {
        firstError ??= error;
      }
    }
    for (const namespace of this.namespaces) {
      try {
        await this.harness.destroy?.(namespace);
      } catch (error) {
        firstError ??= error;
      }
    }
    return firstError;
  }
}
