import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStateBackend, type StateBackend } from '@x/backend-core';
import { createLocalProvider } from '../src/index.js';
import { encodeJournal } from '../src/state-journal.js';
import { killHard, startChild } from './support/child-process.js';
// @ts-expect-error plain .mjs fixture shared with the child processes
import { generateState, serialOf } from './fixtures/state-generator.mjs';

const generate = generateState as (serial: number) => Buffer;
const serialFrom = serialOf as (bytes: Uint8Array) => number;

function freshDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'local-crash-'));
}

function backendOn(directory: string): StateBackend {
  return createStateBackend(createLocalProvider({ directory }));
}

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('a writer SIGKILLed at random moments', () => {
  it('never leaves a torn state: every read is exactly one written state', async () => {
    const directory = freshDirectory();
    const reader = backendOn(directory);
    let first = 0;
    let lastSeen = -1;
    let journalsSeen = 0;
    for (let round = 0; round < 40; round += 1) {
      const writer = await startChild(['write-loop', directory, 'default', String(first)], 'locked');
      await pause(10 + Math.random() * 240);
      await killHard(writer);
      if (existsSync(join(directory, '.terraform.tfstate.journal'))) journalsSeen += 1;
      // Unlocked read first: it must resolve a cut-short write from the journal without writing.
      const unlocked = await reader.readState('default');
      if (unlocked !== undefined) {
        const serial = serialFrom(unlocked.bytes);
        expect(Buffer.from(unlocked.bytes).equals(generate(serial)), `round ${round}: state ${serial} is torn`).toBe(true);
        expect(serial).toBeGreaterThanOrEqual(lastSeen);
        lastSeen = serial;
      }
      // Taking the lock finishes the journal; the state must then be what the reader saw.
      const id = await reader.lock('default');
      const locked = await reader.readState('default');
      expect(Buffer.from(locked?.bytes ?? []).equals(Buffer.from(unlocked?.bytes ?? [])), `round ${round}`).toBe(true);
      expect(existsSync(join(directory, '.terraform.tfstate.journal'))).toBe(false);
      await reader.unlock('default', id);
      first = lastSeen + 1_000;
    }
    expect(lastSeen).toBeGreaterThan(0);
    // Not an assertion on timing: reported so a run that never interrupted a write is visible.
    console.info(`crash test: ${journalsSeen} of 40 kills interrupted a write (journal left behind)`);
    const leftovers = readdirSync(directory).filter((name) => name.includes('.tmp-') || name.includes('.stale-'));
    expect(leftovers).toEqual([]);
  });
});

describe('journal recovery', () => {
  const oldState = Buffer.from('{\n  "version": 4,\n  "serial": 1\n}\n');
  const newState = Buffer.from('{\n  "version": 4,\n  "serial": 2,\n  "outputs": {}\n}\n');

  function prepare(current: Buffer, journal: Buffer): string {
    const directory = freshDirectory();
    writeFileSync(join(directory, 'terraform.tfstate'), current);
    writeFileSync(join(directory, '.terraform.tfstate.journal'), journal);
    return directory;
  }

  const cutShort: Array<[string, Buffer]> = [
    ['the old bytes (crash before the overwrite)', oldState],
    ['a torn mix (crash mid-overwrite)', Buffer.concat([newState.subarray(0, 20), oldState.subarray(20)])],
    ['the new bytes plus the old tail (crash before the truncate)', Buffer.concat([newState, Buffer.from('  "tail": 1\n}\n')])],
    ['an empty file', Buffer.alloc(0)],
  ];

  it.each(cutShort)('a journal over %s is rolled forward', async (_label, current) => {
    const directory = prepare(current, encodeJournal(oldState, newState));
    const backend = backendOn(directory);
    // An unlocked reader sees the journal's bytes and writes nothing.
    expect(Buffer.from((await backend.readState('default'))?.bytes ?? []).equals(newState)).toBe(true);
    expect(readFileSync(join(directory, 'terraform.tfstate')).equals(current)).toBe(true);
    expect(existsSync(join(directory, '.terraform.tfstate.journal'))).toBe(true);
    // The next lock holder finishes the write and removes the journal.
    const id = await backend.lock('default');
    expect(readFileSync(join(directory, 'terraform.tfstate')).equals(newState)).toBe(true);
    expect(existsSync(join(directory, '.terraform.tfstate.journal'))).toBe(false);
    await backend.unlock('default', id);
  });

  it('a torn mix that happens to be valid JSON is still recognised and rolled forward', async () => {
    const before = Buffer.from(`{"serial":1,"padding":"${'a'.repeat(64)}"}`);
    const after = Buffer.from(`{"serial":2,"padding":"${'b'.repeat(64)}"}`);
    const cut = 40;
    const torn = Buffer.concat([after.subarray(0, cut), before.subarray(cut)]);
    expect(() => JSON.parse(torn.toString('utf8'))).not.toThrow();
    const directory = prepare(torn, encodeJournal(before, after));
    const backend = backendOn(directory);
    expect(Buffer.from((await backend.readState('default'))?.bytes ?? []).equals(after)).toBe(true);
    const id = await backend.lock('default');
    expect(readFileSync(join(directory, 'terraform.tfstate')).equals(after)).toBe(true);
    await backend.unlock('default', id);
  });

  it('a journal whose write completed is only removed', async () => {
    const directory = prepare(newState, encodeJournal(oldState, newState));
    const backend = backendOn(directory);
    await backend.writeState('default', Buffer.from('{"serial":3}'));
    expect(readFileSync(join(directory, 'terraform.tfstate'), 'utf8')).toBe('{"serial":3}');
    expect(readFileSync(join(directory, 'terraform.tfstate.backup')).equals(newState)).toBe(true);
    expect(readdirSync(directory).filter((name) => name.includes('journal'))).toEqual([]);
  });

  it('a journal outdated by a later foreign write is set aside, not applied, not deleted', async () => {
    const foreign = Buffer.from('{\n  "version": 4,\n  "serial": 7,\n  "written_by": "terraform"\n}\n');
    const journal = encodeJournal(oldState, newState);
    const directory = prepare(foreign, journal);
    const backend = backendOn(directory);
    expect(Buffer.from((await backend.readState('default'))?.bytes ?? []).equals(foreign)).toBe(true);
    const id = await backend.lock('default');
    expect(readFileSync(join(directory, 'terraform.tfstate')).equals(foreign)).toBe(true);
    const stale = readdirSync(directory).filter((name) => name.startsWith('.terraform.tfstate.journal.stale-'));
    expect(stale).toHaveLength(1);
    expect(readFileSync(join(directory, stale[0] as string)).equals(journal)).toBe(true);
    await backend.unlock('default', id);
  });

  it('a damaged journal is set aside and the state file left as it is', async () => {
    const directory = prepare(oldState, Buffer.concat([encodeJournal(oldState, newState).subarray(0, 60)]));
    const backend = backendOn(directory);
    expect(Buffer.from((await backend.readState('default'))?.bytes ?? []).equals(oldState)).toBe(true);
    const id = await backend.lock('default');
    expect(readFileSync(join(directory, 'terraform.tfstate')).equals(oldState)).toBe(true);
    expect(readdirSync(directory).some((name) => name.startsWith('.terraform.tfstate.journal.stale-'))).toBe(true);
    await backend.unlock('default', id);
  });
});
