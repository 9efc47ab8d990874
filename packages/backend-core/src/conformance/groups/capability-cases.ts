import { capabilityNames as capabilityKeys, type BackendCapabilities } from '../../backend/capabilities.js';
import type { StateProvider } from '../../backend/state-provider.js';
import { createLockInfo } from '../../lock/lock-info.js';
import { check, expectEqual, expectRejection } from '../assertions.js';
import { defineCase } from '../conformance-case.js';
import { utf8 } from '../payloads.js';

const requiredMethods = [
  'listWorkspaces',
  'deleteWorkspace',
  'readState',
  'writeState',
  'deleteState',
  'lock',
  'unlock',
  'forceUnlock',
  'readLock',
] as const;

/** Calls a raw provider method so that a synchronous throw becomes a rejection. */
function callRaw<T>(call: () => Promise<T>): Promise<T> {
  return Promise.resolve().then(call);
}

function hasMethod(provider: StateProvider, name: string): boolean {
  return typeof (provider as unknown as Record<string, unknown>)[name] === 'function';
}

/** Group B: capabilities are well-formed, stable and true. */
export const capabilityCases = [
  defineCase('capabilities-shape', {
    title: 'capabilities are a frozen object of own boolean keys that survives a JSON round trip',
    async run({ a }) {
      const capabilities = a.provider.capabilities;
      check(typeof capabilities === 'object' && capabilities !== null, 'provider.capabilities is not an object');
      check(Object.isFrozen(capabilities), 'provider.capabilities must be frozen (use defineCapabilities)');
      for (const key of capabilityKeys) {
        check(Object.hasOwn(capabilities, key), `provider.capabilities lacks the own key "${key}"`);
      }
      for (const [key, value] of Object.entries(capabilities)) {
        check(typeof value === 'boolean', `capability "${key}" is ${typeof value}, not a boolean`);
      }
      expectEqual(JSON.parse(JSON.stringify(capabilities)), { ...capabilities }, 'capabilities after a JSON round trip');
    },
  }),

  defineCase('capabilities-stable', {
    title: 'capabilities stay deep-equal across create() calls and after use',
    async run({ a, client, capabilities }) {
      const before = { ...a.provider.capabilities };
      const b = await client();
      expectEqual({ ...b.provider.capabilities }, before, "a second client's capabilities");
      await a.writeState('stable', utf8('stable'));
      await a.listWorkspaces();
      if (capabilities.locking) await a.unlock('stable', await a.lock('stable'));
      await a.deleteWorkspace('stable');
      expectEqual({ ...a.provider.capabilities }, before, 'capabilities after writes, locks and deletes');
      expectEqual(a.provider.contractVersion, 1, 'provider.contractVersion');
      check(typeof a.provider.name === 'string' && a.provider.name !== '', 'provider.name must be a non-empty string');
    },
  }),

  defineCase('claimed-methods-exist', {
    title: 'each claimed capability has its methods; an unclaimed one is refused with UNSUPPORTED, never faked',
    async run({ a, client, capabilities, workspace }) {
      const provider = a.provider;
      for (const method of requiredMethods) {
        check(hasMethod(provider, method), `provider.${method} is not a function; every provider implements it`);
      }
      if (capabilities.versions) {
        check(hasMethod(provider, 'listVersions'), 'the provider claims "versions" but has no listVersions()');
        check(hasMethod(provider, 'readVersion'), 'the provider claims "versions" but has no readVersion()');
      }
      if (capabilities.probe) check(hasMethod(provider, 'probe'), 'the provider claims "probe" but has no probe()');

      if (!capabilities.locking) {
        const info = createLockInfo({ operation: 'OperationTypeApply' });
        await expectRejection(callRaw(() => provider.lock(workspace, info)), 'UNSUPPORTED', 'provider.lock without locking');
        await expectRejection(a.lock(workspace), 'UNSUPPORTED', 'lock without locking');
        return;
      }
      if (!capabilities.forceUnlock) {
        const id = await a.lock(workspace, { Operation: 'OperationTypeApply' });
        const b = await client();
        await expectRejection(
          callRaw(() => b.provider.forceUnlock(workspace, id)),
          'UNSUPPORTED',
          'provider.forceUnlock without forceUnlock',
        );
        await expectRejection(b.forceUnlock(workspace, id), 'UNSUPPORTED', 'forceUnlock without forceUnlock');
        expectEqual((await b.readLock(workspace))?.ID, id, 'lock holder after a refused force-unlock');
        await a.unlock(workspace, id);
      }
    },
  }),

  defineCase('probe-consistent', {
    title: 'a capability probe() finds false is either not claimed or named in a failed check; probing leaves nothing',
    requires: ['probe'],
    async run({ a, harness, keys }) {
      const before = harness.inspect ? await keys() : undefined;
      const report = await a.probe();
      check(Array.isArray(report.checks), 'probe().checks is not an array');
      for (const item of report.checks) {
        check(typeof item.id === 'string' && item.id !== '', 'a probe check has no id');
        check(typeof item.ok === 'boolean', `probe check "${item.id}" has no boolean ok`);
        check(['error', 'warning', 'info'].includes(item.severity), `probe check "${item.id}" has severity ${item.severity}`);
        check(typeof item.message === 'string' && item.message !== '', `probe check "${item.id}" has no message`);
      }
      for (const [flag, observed] of Object.entries(report.observed)) {
        if (observed !== false || a.capabilities[flag as keyof BackendCapabilities] !== true) continue;
        const named = report.checks.some(
          (item) => !item.ok && (item.id.includes(flag) || item.message.includes(flag)),
        );
        check(named, `probe() observed "${flag}" false while the provider claims it, and no failed check names it`);
      }
      if (before !== undefined) expectEqual(await keys(), before, 'raw keys after probe()');
    },
  }),
];
