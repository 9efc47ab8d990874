import { StateManager } from '../../manager/index.js';
import { createEmptyState, parseState, type TerraformState } from '../../state/index.js';
import { check, expectBytes, expectEqual, expectRejection } from '../assertions.js';
import { defineCase } from '../conformance-case.js';

/** `state` with one more string output, the smallest real change. */
function withOutput(state: TerraformState, name: string, value: string): TerraformState {
  return {
    ...state,
    outputs: {
      ...state.outputs,
      [name]: { value, type: 'string', sensitive: false, rawValue: JSON.stringify(value) },
    },
  };
}

/** Group M: core's StateManager applies Terraform's persist rules on top of the provider. */
export const managerCases = [
  defineCase('manager-full-cycle', {
    title: 'serial rises on change with the lineage kept; an unchanged persist writes nothing',
    async run({ a, client }) {
      const manager = new StateManager(a, 'managed');
      expectEqual(await manager.refresh(), undefined, 'refresh of a workspace without state');
      const first = await manager.persist(createEmptyState());
      check(first.written, 'the first persist wrote nothing');
      const changed = await manager.persist(withOutput(manager.state as TerraformState, 'greeting', 'hello'));
      check(changed.written, 'a persist with a new output wrote nothing');
      expectEqual(changed.serial, first.serial + 1, 'serial after a change');
      expectEqual(changed.lineage, first.lineage, 'lineage after a change');
      const before = await a.readState('managed');
      check(before !== undefined, 'no state stored after persist');
      const unchanged = await manager.persist(manager.state as TerraformState);
      expectEqual(unchanged.written, false, 'written flag of an unchanged persist');
      expectEqual(unchanged.serial, changed.serial, 'serial after an unchanged persist');
      const after = await a.readState('managed');
      expectBytes(after?.bytes, before.bytes, 'stored bytes after an unchanged persist');
      expectEqual(after?.etag, before.etag, 'etag after an unchanged persist');
      const reader = new StateManager(await client(), 'managed');
      const seen = await reader.refresh();
      expectEqual([seen?.serial, seen?.lineage], [changed.serial, changed.lineage], 'serial and lineage seen by another client');
      expectEqual(seen?.outputs.greeting?.value, 'hello', 'output seen by another client');
    },
  }),

  defineCase('manager-first-write', {
    title: 'the first persist gets serial 1 and a new lineage',
    async run({ a }) {
      const first = await new StateManager(a, 'first').persist(createEmptyState());
      const second = await new StateManager(a, 'second').persist(createEmptyState());
      expectEqual(first.serial, 1, 'serial of the first persist');
      check(first.lineage !== '', 'the first persist has an empty lineage');
      check(first.lineage !== second.lineage, 'two first persists in different workspaces share a lineage');
      const stored = await a.readState('first');
      check(stored !== undefined, 'no state stored by the first persist');
      const parsed = parseState(stored.bytes);
      expectEqual([parsed.serial, parsed.lineage], [1, first.lineage], 'serial and lineage stored by the first persist');
    },
  }),

  defineCase('manager-import-check', {
    title: 'push refuses a lower serial or another lineage unless forced',
    async run({ a }) {
      const manager = new StateManager(a, 'pushed');
      await manager.persist(createEmptyState());
      const current = await manager.persist(withOutput(manager.state as TerraformState, 'step', 'two'));
      const remote = manager.state as TerraformState;
      const older = { ...withOutput(remote, 'step', 'older'), serial: current.serial - 1 };
      const unrelated = { ...withOutput(remote, 'step', 'unrelated'), lineage: '00000000-1111-4222-8333-444444444444' };
      for (const [label, incoming] of [
        ['a lower serial', older],
        ['another lineage', unrelated],
      ] as const) {
        await expectRejection(new StateManager(a, 'pushed').push(incoming), 'STATE_CONFLICT', `push of ${label}`);
        const stored = parseState((await a.readState('pushed'))?.bytes ?? new Uint8Array());
        expectEqual([stored.serial, stored.lineage], [current.serial, current.lineage], `remote after the refused push of ${label}`);
      }
      const forced = await new StateManager(a, 'pushed').push(unrelated, { force: true });
      check(forced.written, 'a forced push wrote nothing');
      const stored = parseState((await a.readState('pushed'))?.bytes ?? new Uint8Array());
      expectEqual(stored.lineage, unrelated.lineage, 'lineage after a forced push');
      expectEqual(stored.outputs.step?.value, 'unrelated', 'content after a forced push');
    },
  }),
];
