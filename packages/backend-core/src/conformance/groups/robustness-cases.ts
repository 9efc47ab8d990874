import { check, describeBytes, sha256 } from '../assertions.js';
import { defineCase } from '../conformance-case.js';
import { MiB, randomPayload, utf8 } from '../payloads.js';

/** Group L: concurrency without locks. */
export const robustnessCases = [
  defineCase('concurrent-ops-one-client', {
    title: '100 interleaved reads and writes on one client: no crash, every read is a written payload',
    async run({ a, workspace }) {
      const payloads = Array.from({ length: 50 }, (_, index) => utf8(`payload ${index} `.repeat(index + 1)));
      const written = new Set(payloads.map((payload) => sha256(payload)));
      await a.writeState(workspace, payloads[0] as Uint8Array);
      const operations = payloads.flatMap((payload, index) => [
        a.writeState(workspace, payload).then(() => undefined),
        a.readState(workspace).then((stored) => {
          check(stored !== undefined, `read ${index} found no state although one was written first`);
          check(written.has(sha256(stored.bytes)), `read ${index} returned ${describeBytes(stored.bytes)}, which nobody wrote`);
        }),
      ]);
      await Promise.all(operations);
      const final = await a.readState(workspace);
      check(final !== undefined && written.has(sha256(final.bytes)), 'the final state is not one of the written payloads');
    },
  }),

  defineCase('concurrent-writers-no-tearing', {
    title: 'two clients writing different multi-MiB payloads unlocked leave exactly one of them',
    async run({ a, client, workspace }) {
      const b = await client();
      for (let round = 0; round < 3; round += 1) {
        const first = randomPayload(3 * MiB);
        const second = randomPayload(3 * MiB + 17);
        await Promise.all([a.writeState(workspace, first), b.writeState(workspace, second)]);
        const final = await (round % 2 === 0 ? a : b).readState(workspace);
        check(final !== undefined, `round ${round}: no state after two concurrent writes`);
        const digest = sha256(final.bytes);
        check(
          digest === sha256(first) || digest === sha256(second),
          `round ${round}: the state (${describeBytes(final.bytes)}) is neither write: torn or mixed`,
        );
      }
    },
  }),
];
