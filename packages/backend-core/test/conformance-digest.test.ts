import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defineCapabilities } from '../src/backend/capabilities.js';
import type { StateProvider, StoredState, WriteStateOptions, WriteStateResult } from '../src/backend/state-provider.js';
import {
  conformanceCase,
  digestCases,
  runBackendConformance,
  runConformanceCase,
  type ConformanceHarness,
} from '../src/conformance/index.js';
import { DigestMismatchError } from '../src/errors/digest-mismatch-error.js';
import { MemoryStore, memoryStateKey } from '../src/memory/index.js';
import { DelegatingProvider } from './broken-providers/delegating-provider.js';

const md5 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex');
const windowMs = 300;

/**
 * The memory provider plus Terraform's `-md5` digest record beside each state, verified on read
 * within a consistency window, so the digest cases (group H) run against a real implementation.
 * With `verify: false` it records digests but never checks them, which the suite must catch.
 */
class DigestMemoryProvider extends DelegatingProvider {
  override readonly capabilities = defineCapabilities({ ...this.base.capabilities, digest: true });

  constructor(
    store: MemoryStore,
    private readonly verify: boolean,
  ) {
    super(store, verify ? 'memory-digest' : 'memory-digest-unverified');
  }

  override async writeState(workspace: string, bytes: Uint8Array, options: WriteStateOptions): Promise<WriteStateResult> {
    const result = await this.base.writeState(workspace, bytes, options);
    this.store.writeRaw(digestKey(workspace), md5(bytes));
    return { ...result, digest: md5(bytes) };
  }

  override async deleteState(workspace: string, options: WriteStateOptions): Promise<void> {
    await this.base.deleteState(workspace, options);
    this.store.deleteRaw(digestKey(workspace));
  }

  override async deleteWorkspace(workspace: string): Promise<void> {
    await this.base.deleteWorkspace(workspace);
    this.store.deleteRaw(digestKey(workspace));
  }

  override async readState(workspace: string): Promise<StoredState | undefined> {
    const deadline = Date.now() + windowMs;
    for (;;) {
      const stored = await this.base.readState(workspace);
      const recorded = this.store.readRaw(digestKey(workspace));
      const expected = recorded === undefined ? undefined : new TextDecoder().decode(recorded);
      const actual = stored === undefined ? '' : md5(stored.bytes);
      if (!this.verify || expected === undefined || expected === actual) {
        return stored === undefined ? undefined : { ...stored, digest: actual };
      }
      if (Date.now() >= deadline) {
        throw new DigestMismatchError(expected, actual, `the state of "${workspace}" does not match its recorded digest`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

function digestKey(workspace: string): string {
  return `${memoryStateKey(workspace)}-md5`;
}

function harnessOf(verify: boolean): ConformanceHarness {
  const stores = new Map<string, MemoryStore>();
  const storeOf = (namespace: string): MemoryStore => {
    const store = stores.get(namespace) ?? new MemoryStore({ name: namespace });
    stores.set(namespace, store);
    return store;
  };
  const create = ({ namespace }: { namespace: string }): StateProvider => new DigestMemoryProvider(storeOf(namespace), verify);
  return {
    create,
    inspect: {
      listKeys: async (namespace) => storeOf(namespace).listKeys(),
      readRaw: async (namespace, key) => storeOf(namespace).readRaw(key),
    },
    tamper: {
      writeRaw: async (namespace, key, bytes) => void storeOf(namespace).writeRaw(key, bytes),
      deleteRaw: async (namespace, key) => void storeOf(namespace).deleteRaw(key),
    },
    destroy: async (namespace) => void stores.delete(namespace),
  };
}

runBackendConformance('memory-digest', harnessOf(true), {
  digestRetryMs: windowMs,
  maxPayloadBytes: 16 * 1024 * 1024,
});

describe('the digest cases catch a provider that records digests but never checks them', () => {
  for (const id of ['stale-bytes-detected', 'empty-object-with-digest'] as const) {
    it(`${id} fails`, async () => {
      await expect(runConformanceCase(conformanceCase(id), harnessOf(false), { digestRetryMs: windowMs })).rejects.toThrow();
    });
  }

  it('every digest case runs (none skipped) against the verifying provider', async () => {
    for (const testCase of digestCases) {
      await expect(runConformanceCase(testCase, harnessOf(true), { digestRetryMs: windowMs })).resolves.toEqual({
        status: 'passed',
      });
    }
  });
});
