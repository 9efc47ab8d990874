import type { StateProvider } from '../../backend/state-provider.js';
import { createLockInfo } from '../../lock/lock-info.js';
import { check, expectBytes, expectEqual, fail } from '../assertions.js';
import { defineCase } from '../conformance-case.js';
import { sampleState, utf8 } from '../payloads.js';

/** Group A: the harness gives independent clients on shared, namespaced storage. */
export const harnessCases = [
  defineCase('factory-clients-share-storage', {
    title: 'two create() calls on one namespace are distinct clients on shared storage',
    async run({ a, client }) {
      const b = await client();
      check(a.provider !== b.provider, 'create() returned the same provider object twice; each call must be a new client');
      const bytes = sampleState();
      await a.writeState('default', bytes);
      expectBytes((await b.readState('default'))?.bytes, bytes, "client B reading client A's write");
    },
  }),

  defineCase('namespace-isolation', {
    title: 'writes, lists, locks and deletes in one namespace are invisible in another',
    async run({ a, capabilities, clientInFreshNamespace }) {
      const { backend: other } = await clientInFreshNamespace();
      const mine = utf8('namespace one');
      const theirs = utf8('namespace two');
      await a.writeState('default', mine);
      await a.writeState('isolated', mine);
      expectEqual(await other.readState('default'), undefined, 'default state seen from another namespace');
      expectEqual(await other.listWorkspaces(), ['default'], 'workspaces listed in another namespace');
      await other.writeState('isolated', theirs);
      await other.deleteWorkspace('isolated');
      expectBytes((await a.readState('isolated'))?.bytes, mine, 'state after a delete in another namespace');
      if (capabilities.locking) {
        const id = await a.lock('isolated', { Operation: 'OperationTypeApply' });
        expectEqual(await other.readLock('isolated'), undefined, 'lock seen from another namespace');
        const otherId = await other.lock('isolated', { Operation: 'OperationTypeApply' });
        await other.unlock('isolated', otherId);
        expectEqual((await a.readLock('isolated'))?.ID, id, 'lock after lock/unlock in another namespace');
        await a.unlock('isolated', id);
      }
    },
  }),

  defineCase('methods-return-promises', {
    title: 'every provider method returns a promise, even for bad arguments, and never throws synchronously',
    async run({ a }) {
      const provider = a.provider;
      const info = createLockInfo({ operation: 'OperationTypeApply' });
      const calls: Array<[string, (target: StateProvider) => unknown]> = [
        ['listWorkspaces()', (target) => target.listWorkspaces()],
        ['readState("default")', (target) => target.readState('default')],
        ['readState("")', (target) => target.readState('')],
        ['writeState("promises", bytes)', (target) => target.writeState('promises', utf8('x'), {})],
        ['writeState("promises", empty)', (target) => target.writeState('promises', new Uint8Array(), {})],
        ['deleteState("never-written")', (target) => target.deleteState('never-written', {})],
        ['deleteWorkspace("never-written")', (target) => target.deleteWorkspace('never-written')],
        ['readLock("default")', (target) => target.readLock('default')],
        ['lock("promises", info)', (target) => target.lock('promises', info)],
        ['unlock("promises", "not-the-id")', (target) => target.unlock('promises', 'not-the-id')],
        ['unlock("promises", info.ID)', (target) => target.unlock('promises', info.ID)],
        ['forceUnlock("promises", "")', (target) => target.forceUnlock('promises', '')],
      ];
      if (provider.listVersions) calls.push(['listVersions("promises")', (target) => target.listVersions?.('promises')]);
      if (provider.readVersion) calls.push(['readVersion("promises", "")', (target) => target.readVersion?.('promises', '')]);
      for (const [label, call] of calls) {
        let result: unknown;
        try {
          result = call(provider);
        } catch (error) {
          fail(`provider.${label} threw synchronously (${String(error)}); it must return a rejected promise instead`);
        }
        check(
          typeof (result as PromiseLike<unknown> | undefined)?.then === 'function',
          `provider.${label} returned ${typeof result}, not a promise`,
        );
        // Only the shape matters here; whether bad arguments are refused is checked through the facade.
        await Promise.resolve(result).catch(() => undefined);
      }
    },
  }),
];
