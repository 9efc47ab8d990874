import { check, expectBytes, expectEqual, expectRejection, md5 } from '../assertions.js';
import { defineCase, type CaseContext } from '../conformance-case.js';
import { MiB, randomPayload, sampleState, utf8 } from '../payloads.js';

/** Raw keys whose bytes are exactly `bytes` (the state objects, in a store that does not transform). */
async function keysHolding(context: CaseContext, bytes: Uint8Array): Promise<string[]> {
  const found: string[] = [];
  for (const key of await context.keys()) {
    const raw = await context.inspect.readRaw(context.namespace, key);
    if (raw !== undefined && raw.byteLength === bytes.byteLength && Buffer.from(raw).equals(Buffer.from(bytes))) {
      found.push(key);
    }
  }
  return found;
}

/** The single raw key holding `bytes`; fails when none or several do. */
export async function stateKeyOf(context: CaseContext, bytes: Uint8Array): Promise<string> {
  const found = await keysHolding(context, bytes);
  check(found.length === 1, `expected exactly one raw key holding the state, found ${JSON.stringify(found)}`);
  return found[0] as string;
}

const binaryPayloads: Array<[string, Uint8Array]> = [
  ['all 256 byte values', Uint8Array.from({ length: 256 }, (_, index) => index)],
  ['a lone NUL', Uint8Array.of(0)],
  ['invalid UTF-8', Uint8Array.of(0x00, 0x80, 0xc0, 0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80)],
  ['a UTF-8 BOM', utf8('\ufeff{"version":4}\n')],
  ['CRLF line ends', utf8('{\r\n  "version": 4\r\n}\r\n')],
  ['a lone CR', utf8('{"version":4}\r')],
];

const opaquePayloads: Array<[string, Uint8Array]> = [
  [
    'an OpenTofu encryption envelope',
    utf8(
      '{"serial":3,"lineage":"5d4f1b5e-0000-4000-8000-000000000000","meta":{"key_provider.pbkdf2.main":"eyJzYWx0Ijo="},' +
        '"encrypted_data":"q83vEjRWeJA=","encryption_version":"v0"}',
    ),
  ],
  ['HTML-like text', utf8('<html@tags>&amp;</html>')],
  ['text that is not JSON', utf8('not json {')],
];

/** Group C: bytes go in and come out exactly, per workspace. */
export const stateCases = [
  defineCase('read-missing-is-none', {
    title: 'reading a workspace that was never written returns no state',
    perWorkspace: true,
    async run({ a, workspace }) {
      expectEqual(await a.readState(workspace), undefined, `readState("${workspace}") in a fresh namespace`);
    },
  }),

  defineCase('roundtrip-exact', {
    title: 'a v4 state with a sensitive output and a child module reads back byte-identical',
    perWorkspace: true,
    async run({ a, client, workspace }) {
      const bytes = sampleState();
      await a.writeState(workspace, bytes);
      expectBytes((await a.readState(workspace))?.bytes, bytes, 'state read by the writer');
      expectBytes((await (await client()).readState(workspace))?.bytes, bytes, 'state read by another client');
    },
  }),

  defineCase('delete-state', {
    title: 'after deleteState reads return none; deleting a missing state resolves',
    perWorkspace: true,
    async run({ a, workspace, otherWorkspace }) {
      await a.writeState(workspace, sampleState());
      await a.deleteState(workspace);
      expectEqual(await a.readState(workspace), undefined, 'state after deleteState');
      await a.deleteState(workspace);
      await a.deleteState(otherWorkspace);
      expectEqual(await a.readState(workspace), undefined, 'state after a second deleteState');
    },
  }),

  defineCase('overwrite', {
    title: 'writing v1 then v2 reads v2 exactly',
    perWorkspace: true,
    async run({ a, workspace }) {
      const first = sampleState({ serial: 1 });
      const second = sampleState({ serial: 2, marker: 'second' });
      await a.writeState(workspace, first);
      await a.writeState(workspace, second);
      expectBytes((await a.readState(workspace))?.bytes, second, 'state after overwrite');
    },
  }),

  defineCase('grow-then-shrink', {
    title: '8 MiB then 10 B reads exactly 10 B, with no stale parts left in the store',
    perWorkspace: true,
    async run(context) {
      const { a, workspace, harness } = context;
      const small = utf8('0123456789');
      await a.writeState(workspace, small);
      const keysBefore = harness.inspect ? await context.keys() : undefined;
      await a.writeState(workspace, randomPayload(8 * MiB));
      await a.writeState(workspace, small);
      expectBytes((await a.readState(workspace))?.bytes, small, 'state after shrinking');
      if (keysBefore !== undefined) expectEqual(await context.keys(), keysBefore, 'raw keys after growing and shrinking');
    },
  }),

  defineCase('large-payload', {
    title: 'random payloads of 1 B, 5 MiB + 1, 10 MiB and maxPayloadBytes keep their sha256',
    perWorkspace: true,
    async run({ a, client, workspace, options }) {
      const sizes = [...new Set([1, 5 * MiB + 1, 10 * MiB, options.maxPayloadBytes])]
        .filter((size) => size <= options.maxPayloadBytes)
        .sort((left, right) => left - right);
      const reader = await client();
      for (const size of sizes) {
        const payload = randomPayload(size);
        await a.writeState(workspace, payload);
        expectBytes((await reader.readState(workspace))?.bytes, payload, `a ${size}-byte payload read back`);
      }
    },
  }),

  defineCase('binary-safe', {
    title: 'every byte value, NUL, invalid UTF-8, BOM, CRLF and lone CR are stored and read unchanged',
    perWorkspace: true,
    async run(context) {
      const { a, workspace, harness } = context;
      for (const [label, payload] of binaryPayloads) {
        await a.writeState(workspace, payload);
        expectBytes((await a.readState(workspace))?.bytes, payload, `${label} read back`);
        if (harness.inspect) {
          const holding = await keysHolding(context, payload);
          check(holding.length > 0, `${label}: no raw key holds the bytes as written (the store transforms them at rest)`);
        }
      }
    },
  }),

  defineCase('opaque-bytes', {
    title: 'an encryption envelope, HTML-like text and non-JSON are stored unchanged and never parsed',
    perWorkspace: true,
    async run({ a, workspace }) {
      for (const [label, payload] of opaquePayloads) {
        await a.writeState(workspace, payload);
        expectBytes((await a.readState(workspace))?.bytes, payload, `${label} read back`);
      }
    },
  }),

  defineCase('zero-length-write-refused', {
    title: 'an empty write is refused with INVALID_ARGUMENT; a foreign empty object reads as none',
    perWorkspace: true,
    async run(context) {
      const { a, workspace, harness, namespace } = context;
      const bytes = sampleState();
      await a.writeState(workspace, bytes);
      await expectRejection(a.writeState(workspace, new Uint8Array()), 'INVALID_ARGUMENT', 'writing zero bytes');
      expectBytes((await a.readState(workspace))?.bytes, bytes, 'state after a refused empty write');
      if (harness.tamper && harness.inspect) {
        const stateKey = await stateKeyOf(context, bytes);
        // A digest beside the state would rightly flag the empty object (digest cases cover that),
        // so the foreign writer here leaves no digest behind.
        const digestKeys = await keysHolding(context, utf8(md5(bytes)));
        for (const key of digestKeys) await context.tamper.deleteRaw(namespace, key);
        await context.tamper.writeRaw(namespace, stateKey, new Uint8Array());
        expectEqual(await a.readState(workspace), undefined, 'a foreign zero-length state object');
      }
    },
  }),

  defineCase('no-aliasing', {
    title: 'mutating the written buffer or a returned buffer never changes later reads',
    perWorkspace: true,
    async run({ a, workspace }) {
      const written = sampleState();
      const expected = Uint8Array.from(written);
      await a.writeState(workspace, written);
      written.fill(0x21);
      const first = await a.readState(workspace);
      expectBytes(first?.bytes, expected, 'state after mutating the written buffer');
      first?.bytes.fill(0x22);
      expectBytes((await a.readState(workspace))?.bytes, expected, 'state after mutating a returned buffer');
    },
  }),

  defineCase('read-metadata', {
    title: 'the etag is stable across reads and changes with the bytes; a claimed digest is the hex md5',
    perWorkspace: true,
    async run({ a, workspace, capabilities }) {
      const first = sampleState({ serial: 1 });
      const second = sampleState({ serial: 2 });
      await a.writeState(workspace, first);
      const readOne = await a.readState(workspace);
      const readTwo = await a.readState(workspace);
      if (capabilities.conditionalWrite) check(readOne?.etag, 'a provider with conditionalWrite must report an etag');
      expectEqual(readTwo?.etag, readOne?.etag, 'etag of two reads of unchanged bytes');
      await a.writeState(workspace, second);
      const readThree = await a.readState(workspace);
      if (readOne?.etag !== undefined) {
        check(readThree?.etag !== readOne.etag, `the etag stayed ${readOne.etag} although the bytes changed`);
      }
      if (capabilities.digest) expectEqual(readThree?.digest, md5(second), 'digest of the state read');
    },
  }),

  defineCase('read-while-locked', {
    title: 'while A holds the lock, B reads the current bytes',
    perWorkspace: true,
    requires: ['locking'],
    async run({ a, client, workspace }) {
      const bytes = sampleState();
      await a.writeState(workspace, bytes);
      const id = await a.lock(workspace, { Operation: 'OperationTypeApply' });
      const b = await client();
      expectBytes((await b.readState(workspace))?.bytes, bytes, 'state read by B while A holds the lock');
      await a.unlock(workspace, id);
    },
  }),

  defineCase('holder-writes-under-lock', {
    title: 'A writes with its lock id; B reads the new bytes',
    perWorkspace: true,
    requires: ['locking'],
    async run({ a, client, workspace }) {
      await a.writeState(workspace, sampleState({ serial: 1 }));
      const id = await a.lock(workspace, { Operation: 'OperationTypeApply' });
      const next = sampleState({ serial: 2 });
      await a.writeState(workspace, next, { lockId: id });
      expectBytes((await (await client()).readState(workspace))?.bytes, next, 'state B reads after A wrote under lock');
      await a.unlock(workspace, id);
    },
  }),
];
