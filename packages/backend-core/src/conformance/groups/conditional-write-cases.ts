import { check, expectBytes, expectRejection } from '../assertions.js';
import { defineCase } from '../conformance-case.js';
import { sampleState } from '../payloads.js';

/** Group I: ifMatch / ifNoneMatch. */
export const conditionalWriteCases = [
  defineCase('if-match', {
    title: 'ifMatch with the current etag writes and changes the etag; a stale etag gets StateConflictError',
    requires: ['conditionalWrite'],
    async run({ a, client, workspace }) {
      const first = sampleState({ serial: 1 });
      const second = sampleState({ serial: 2 });
      await a.writeState(workspace, first);
      const staleEtag = (await a.readState(workspace))?.etag;
      check(staleEtag, 'readState reported no etag although the provider claims conditionalWrite');
      const written = await a.writeState(workspace, second, { ifMatch: staleEtag });
      const currentEtag = (await a.readState(workspace))?.etag;
      check(currentEtag !== undefined && currentEtag !== staleEtag, 'the etag did not change after a conditional write');
      if (written.etag !== undefined) check(written.etag !== staleEtag, 'writeState reported the old etag');
      const b = await client();
      const error = await expectRejection(
        b.writeState(workspace, sampleState({ serial: 3 }), { ifMatch: staleEtag }),
        'STATE_CONFLICT',
        'a write with a stale etag',
      );
      check(error.name === 'StateConflictError', `a stale ifMatch failed with ${error.name}, not StateConflictError`);
      expectBytes((await a.readState(workspace))?.bytes, second, 'state after the refused write');
    },
  }),

  defineCase('if-none-match', {
    title: 'create-only writes fail on an existing state and succeed on a missing one',
    requires: ['conditionalWrite'],
    async run({ a, workspace }) {
      const first = sampleState({ serial: 1 });
      await a.writeState(workspace, first, { ifNoneMatch: true });
      expectBytes((await a.readState(workspace))?.bytes, first, 'state created with ifNoneMatch');
      await expectRejection(
        a.writeState(workspace, sampleState({ serial: 2 }), { ifNoneMatch: true }),
        'STATE_CONFLICT',
        'ifNoneMatch on an existing state',
      );
      expectBytes((await a.readState(workspace))?.bytes, first, 'state after the refused create');
    },
  }),
];
