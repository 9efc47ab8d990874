import type { StateVersionEntry } from '../../backend/state-provider.js';
import { check, expectBytes, expectEqual, expectRejection } from '../assertions.js';
import { defineCase } from '../conformance-case.js';
import { utf8 } from '../payloads.js';

function stored(entries: StateVersionEntry[]): StateVersionEntry[] {
  return entries.filter((entry) => !entry.isDeleteMarker);
}

/** Group J: earlier states stay listed and readable. */
export const versionCases = [
  defineCase('versions-listed', {
    title: 'three writes list newest first with id, time and size; readVersion returns each exactly',
    requires: ['versions'],
    async run({ a }) {
      const payloads = [utf8('version one'), utf8('version two!'), utf8('version three!!')];
      for (const payload of payloads) await a.writeState('versioned', payload);
      const entries = stored(await a.listVersions('versioned'));
      expectEqual(entries.length, 3, 'number of versions after three writes');
      const newestFirst = [...payloads].reverse();
      entries.forEach((entry, index) => {
        check(typeof entry.versionId === 'string' && entry.versionId !== '', `version ${index} has no id`);
        check(entry.lastModified instanceof Date && !Number.isNaN(entry.lastModified.getTime()), `version ${index} has no time`);
        expectEqual(entry.size, newestFirst[index]?.byteLength, `size of version ${index} (newest first)`);
        expectEqual(entry.isLatest, index === 0, `isLatest of version ${index}`);
        const next = entries[index + 1];
        if (next) check(entry.lastModified >= next.lastModified, 'versions are not listed newest first');
      });
      for (const [index, entry] of entries.entries()) {
        expectBytes((await a.readVersion('versioned', entry.versionId)).bytes, newestFirst[index] as Uint8Array, `version ${index}`);
      }
    },
  }),

  defineCase('versions-survive-delete', {
    title: 'after deleteState the earlier versions still list and read',
    requires: ['versions'],
    async run({ a }) {
      const payloads = [utf8('kept one'), utf8('kept two')];
      for (const payload of payloads) await a.writeState('versioned', payload);
      await a.deleteState('versioned');
      expectEqual(await a.readState('versioned'), undefined, 'state after deleteState');
      const entries = stored(await a.listVersions('versioned'));
      expectEqual(entries.length, 2, 'versions listed after deleteState');
      for (const [index, entry] of entries.entries()) {
        expectBytes((await a.readVersion('versioned', entry.versionId)).bytes, payloads[1 - index] as Uint8Array, `version ${index}`);
      }
    },
  }),

  defineCase('versions-scoped', {
    title: "a workspace's versions exclude other workspaces, lookalike names, locks and digests",
    requires: ['versions'],
    async run({ a, capabilities }) {
      const own = utf8('foo only');
      await a.writeState('foo', own);
      await a.writeState('bar', utf8('bar'));
      await a.writeState('fooX', utf8('fooX'));
      await a.writeState('foo-2', utf8('foo-2'));
      if (capabilities.locking) {
        const id = await a.lock('foo');
        await a.unlock('fooX', await a.lock('fooX'));
        await a.unlock('foo', id);
      }
      const entries = stored(await a.listVersions('foo'));
      expectEqual(entries.length, 1, 'versions of "foo"');
      expectBytes((await a.readVersion('foo', (entries[0] as StateVersionEntry).versionId)).bytes, own, 'the one version of "foo"');
    },
  }),

  defineCase('unknown-version', {
    title: 'an unknown version id gets VERSION_NOT_FOUND',
    requires: ['versions'],
    async run({ a }) {
      await a.writeState('versioned', utf8('present'));
      await expectRejection(a.readVersion('versioned', 'no-such-version-id'), 'VERSION_NOT_FOUND', 'reading an unknown version');
    },
  }),
];
