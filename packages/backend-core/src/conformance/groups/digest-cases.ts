import { DigestMismatchError } from '../../errors/digest-mismatch-error.js';
import { check, expectBytes, expectEqual, expectRejection, md5 } from '../assertions.js';
import { defineCase, type CaseContext } from '../conformance-case.js';
import { sampleState, utf8 } from '../payloads.js';
import { stateKeyOf } from './state-cases.js';

/** The raw key whose text is the md5 of `bytes` (the digest record), if the inspector shows one. */
async function digestKeyOf(context: CaseContext, bytes: Uint8Array): Promise<string | undefined> {
  const wanted = md5(bytes);
  for (const key of await context.keys()) {
    const raw = await context.inspect.readRaw(context.namespace, key);
    if (raw !== undefined && new TextDecoder().decode(raw).trim() === wanted) return key;
  }
  return undefined;
}

/** Writes `bytes` and returns the raw keys of the state object and its digest. */
async function writeAndLocate(context: CaseContext, bytes: Uint8Array): Promise<{ stateKey: string; digestKey: string }> {
  await context.a.writeState(context.workspace, bytes);
  const stateKey = await stateKeyOf(context, bytes);
  const digestKey = await digestKeyOf(context, bytes);
  check(digestKey !== undefined, 'the provider claims "digest" but no raw record holds the md5 of the written state');
  return { stateKey, digestKey };
}

function expectDigestError(error: unknown, expected: string, actual: string, what: string): void {
  check(error instanceof Error && error.name === 'DigestMismatchError', `${what}: expected a DigestMismatchError`);
  const mismatch = error as DigestMismatchError;
  expectEqual(mismatch.expected, expected, `${what}: expected digest`);
  expectEqual(mismatch.actual, actual, `${what}: actual digest`);
}

/** Group H: the md5 digest beside the state catches stale reads. */
export const digestCases = [
  defineCase('digest-tracks-bytes', {
    title: 'the digest is the md5 of the bytes after each write and is gone after deleteState',
    requires: ['digest'],
    async run(context) {
      const { a, workspace, harness } = context;
      for (const bytes of [sampleState({ serial: 1 }), sampleState({ serial: 2 })]) {
        const written = await a.writeState(workspace, bytes);
        if (written.digest !== undefined) expectEqual(written.digest, md5(bytes), 'digest reported by writeState');
        expectEqual((await a.readState(workspace))?.digest, md5(bytes), 'digest reported by readState');
      }
      const last = sampleState({ serial: 3 });
      await a.writeState(workspace, last);
      await a.deleteState(workspace);
      expectEqual(await a.readState(workspace), undefined, 'state after deleteState');
      if (harness.inspect) expectEqual(await digestKeyOf(context, last), undefined, 'digest record after deleteState');
    },
  }),

  defineCase('no-digest-ok', {
    title: 'a state with no digest record reads fine',
    requires: ['digest', 'inspect', 'tamper'],
    async run(context) {
      const bytes = sampleState();
      const { digestKey } = await writeAndLocate(context, bytes);
      await context.tamper.deleteRaw(context.namespace, digestKey);
      expectBytes((await context.a.readState(context.workspace))?.bytes, bytes, 'state without a digest record');
    },
  }),

  defineCase('stale-bytes-detected', {
    title: 'older bytes under a newer digest fail with DigestMismatchError (expected and actual)',
    requires: ['digest', 'inspect', 'tamper'],
    async run(context) {
      const older = sampleState({ serial: 1 });
      const newer = sampleState({ serial: 2 });
      const { stateKey } = await writeAndLocate(context, older);
      await context.a.writeState(context.workspace, newer);
      await context.tamper.writeRaw(context.namespace, stateKey, older);
      const error = await expectRejection(context.a.readState(context.workspace), 'DIGEST_MISMATCH', 'reading stale bytes');
      expectDigestError(error, md5(newer), md5(older), 'reading stale bytes');
    },
  }),

  defineCase('empty-object-with-digest', {
    title: 'a zero-length object with a digest fails with DigestMismatchError, nothing crashes',
    requires: ['digest', 'inspect', 'tamper'],
    async run(context) {
      const bytes = sampleState();
      const { stateKey } = await writeAndLocate(context, bytes);
      await context.tamper.writeRaw(context.namespace, stateKey, new Uint8Array());
      const error = await expectRejection(context.a.readState(context.workspace), 'DIGEST_MISMATCH', 'reading an empty object');
      check(error.name === 'DigestMismatchError', 'reading an empty object: expected a DigestMismatchError');
      expectEqual((error as DigestMismatchError).expected, md5(bytes), 'expected digest of the empty object');
    },
  }),

  defineCase('digest-catches-up', {
    title: 'when the right bytes arrive within the consistency window the read succeeds',
    requires: ['digest', 'inspect', 'tamper'],
    skipWhen: (options) =>
      options.digestRetryMs === 0 ? 'digestRetryMs is 0: set it to the consistency window the harness gave the provider' : undefined,
    async run(context) {
      const older = sampleState({ serial: 1 });
      const newer = sampleState({ serial: 2 });
      const { stateKey } = await writeAndLocate(context, older);
      await context.a.writeState(context.workspace, newer);
      await context.tamper.writeRaw(context.namespace, stateKey, older);
      const reading = context.a.readState(context.workspace);
      // The "eventually consistent" store delivers the new bytes a quarter into the window.
      await new Promise((resolve) => setTimeout(resolve, Math.floor(context.options.digestRetryMs / 4)));
      await context.tamper.writeRaw(context.namespace, stateKey, newer);
      expectBytes((await reading)?.bytes, newer, 'state once the right bytes arrived');
    },
  }),

  defineCase('read-after-write-across-clients', {
    title: "B's next read returns A's latest write, every time",
    async run({ a, client, workspace }) {
      const b = await client();
      for (let round = 0; round < 10; round += 1) {
        const [writer, reader] = round % 2 === 0 ? [a, b] : [b, a];
        const bytes = utf8(`round ${round}`);
        await writer.writeState(workspace, bytes);
        expectBytes((await reader.readState(workspace))?.bytes, bytes, `round ${round}: read by the other client`);
      }
    },
  }),
];
