import { describe, expect, it } from 'vitest';
import type { StateProvider } from '../src/backend/state-provider.js';
import {
  conformanceCase,
  runConformanceCase,
  type CaseId,
  type ConformanceHarness,
} from '../src/conformance/index.js';
import { createMemoryProvider, MemoryStore } from '../src/memory/index.js';
import type { BrokenProviderFactory } from './broken-providers/delegating-provider.js';
import { DuplicatingListProvider, LockLeakingListProvider } from './broken-providers/leaky-listing.js';
import {
  createMethodlessVersionsProvider,
  FakeLockProvider,
  ForceUnlockDenyingProvider,
} from './broken-providers/lying-capabilities.js';
import { NonExclusiveLockProvider } from './broken-providers/non-exclusive-lock.js';
import { LEAKED_SECRET, SecretLeakingProvider } from './broken-providers/secret-leaking-errors.js';
import { SuccessorRemovingUnlockProvider } from './broken-providers/successor-removing-unlock.js';
import { TruncatingWriteProvider } from './broken-providers/truncating-write.js';
import { UnlockIgnoringIdProvider } from './broken-providers/unlock-ignoring-id.js';

/** A harness over one memory store per namespace, with inspect and tamper hooks. */
function harnessOf(factory: (store: MemoryStore) => StateProvider, secrets?: readonly string[]): ConformanceHarness {
  const stores = new Map<string, MemoryStore>();
  const storeOf = (namespace: string): MemoryStore => {
    let store = stores.get(namespace);
    if (store === undefined) {
      store = new MemoryStore({ name: namespace });
      stores.set(namespace, store);
    }
    return store;
  };
  return {
    create: ({ namespace }) => factory(storeOf(namespace)),
    inspect: {
      listKeys: async (namespace) => storeOf(namespace).listKeys(),
      readRaw: async (namespace, key) => storeOf(namespace).readRaw(key),
    },
    tamper: {
      writeRaw: async (namespace, key, bytes) => void storeOf(namespace).writeRaw(key, bytes),
      deleteRaw: async (namespace, key) => void storeOf(namespace).deleteRaw(key),
    },
    destroy: async (namespace) => void stores.delete(namespace),
    secrets,
  };
}

interface BrokenVariant {
  fault: string;
  factory: BrokenProviderFactory;
  secrets?: readonly string[];
  /** Cases that must catch the fault (each also passes against the healthy memory provider). */
  caughtBy: readonly CaseId[];
}

const options = { maxPayloadBytes: 12 * 1024 * 1024, lockers: 8, cycles: 10 };

const variants: BrokenVariant[] = [
  {
    fault: 'a lock that is not exclusive across clients',
    factory: (store) => new NonExclusiveLockProvider(store, 'non-exclusive-lock'),
    caughtBy: ['readlock', 'second-client-conflict', 'n-lockers-one-wins', 'no-lost-updates', 'force-unlock-reported-id'],
  },
  {
    fault: 'an unlock that ignores the id',
    factory: (store) => new UnlockIgnoringIdProvider(store, 'unlock-ignoring-id'),
    caughtBy: ['unlock-wrong-id', 'force-unlock-wrong-id', 'typed-errors'],
  },
  {
    fault: 'a write that truncates large payloads',
    factory: (store) => new TruncatingWriteProvider(store, 'truncating-write'),
    caughtBy: ['large-payload'],
  },
  {
    fault: 'a listWorkspaces that reports lock objects as workspaces',
    factory: (store) => new LockLeakingListProvider(store, 'lock-leaking-list'),
    caughtBy: ['lock-without-write-leaves-nothing'],
  },
  {
    fault: 'a listWorkspaces that reports workspaces twice',
    factory: (store) => new DuplicatingListProvider(store, 'duplicating-list'),
    caughtBy: ['list-order', 'created-by-write', 'many-workspaces', 'lookalike-names'],
  },
  {
    fault: "an unlock that removes a successor's lock (check, then unconditional delete)",
    factory: (store) => new SuccessorRemovingUnlockProvider(store, 'successor-removing-unlock'),
    caughtBy: ['stale-unlock-spares-successor'],
  },
  {
    fault: 'capabilities that claim versions and probe without the methods',
    factory: createMethodlessVersionsProvider,
    caughtBy: ['claimed-methods-exist'],
  },
  {
    fault: 'locking:false with a lock that returns a fake empty id',
    factory: (store) => new FakeLockProvider(store, 'fake-lock'),
    caughtBy: ['claimed-methods-exist', 'typed-errors'],
  },
  {
    fault: 'forceUnlock:false with a forceUnlock that still releases',
    factory: (store) => new ForceUnlockDenyingProvider(store, 'force-unlock-denying'),
    caughtBy: ['claimed-methods-exist'],
  },
  {
    fault: 'errors that carry a credential in their cause',
    factory: (store) => new SecretLeakingProvider(store, 'secret-leaking'),
    secrets: [LEAKED_SECRET],
    caughtBy: ['no-secrets-in-errors'],
  },
];

describe('the conformance suite catches broken providers', () => {
  for (const variant of variants) {
    describe(variant.fault, () => {
      for (const id of variant.caughtBy) {
        const testCase = conformanceCase(id);
        const workspace = testCase.perWorkspace ? 'named' : undefined;

        it(`${id} fails`, async () => {
          const run = runConformanceCase(testCase, harnessOf(variant.factory, variant.secrets), { ...options, workspace });
          // Usually an assertion; a provider error escaping the case (a refused write) is a failure too.
          await expect(run).rejects.toThrow();
        });

        it(`${id} passes against the healthy memory provider`, async () => {
          const healthy = harnessOf((store) => createMemoryProvider({ store }), variant.secrets);
          await expect(runConformanceCase(testCase, healthy, { ...options, workspace })).resolves.toEqual({ status: 'passed' });
        });
      }
    });
  }
});
