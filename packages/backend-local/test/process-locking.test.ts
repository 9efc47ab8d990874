import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStateBackend, generateLockId, type StateBackend } from '@x/backend-core';
import { createLocalProvider } from '../src/index.js';
import { forkChild, killHard, runChild, startChild } from './support/child-process.js';

function backendOn(directory: string, lockFlavour: 'auto' | 'classic' = 'auto'): StateBackend {
  return createStateBackend(createLocalProvider({ directory, lockFlavour }));
}

function freshDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'local-process-'));
}

describe.each(['auto', 'classic'] as const)('locks across OS processes (%s fcntl locks)', (flavour) => {
  it('a lock held by another process excludes this one and names the holder', async () => {
    const directory = freshDirectory();
    const id = generateLockId();
    const holder = await startChild(['hold', directory, 'default', id], 'locked', flavour);
    try {
      const backend = backendOn(directory, flavour);
      await expect(backend.lock('default')).rejects.toMatchObject({ code: 'LOCK_CONFLICT', lock: { ID: id, Who: `holder@pid-${holder.pid}` } });
      // The OS lock dies only with its process, so the hint must not send the user to force-unlock.
      await expect(backend.lock('default')).rejects.toMatchObject({
        hint: expect.stringContaining("force-unlock cannot release a live OS lock") as unknown,
      });
      await expect(backend.writeState('default', Buffer.from('{}'))).rejects.toMatchObject({ code: 'LOCK_CONFLICT' });
      expect((await backend.readLock('default'))?.ID).toBe(id);
      await expect(backend.unlock('default', generateLockId())).rejects.toMatchObject({ code: 'LOCK_ID_MISMATCH' });
      await expect(backend.unlock('default', id)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
      expect((await backend.readLock('default'))?.ID).toBe(id);
    } finally {
      await killHard(holder);
    }
  });

  it('a SIGKILLed holder frees the lock; its leftover lock info is not a lock', async () => {
    const directory = freshDirectory();
    const id = generateLockId();
    const holder = await startChild(['hold', directory, 'default', id], 'locked', flavour);
    await killHard(holder);
    expect(existsSync(join(directory, '.terraform.tfstate.lock.info'))).toBe(true);
    const backend = backendOn(directory, flavour);
    expect(await backend.readLock('default')).toBeUndefined();
    const next = await backend.lock('default');
    expect(JSON.parse(readFileSync(join(directory, '.terraform.tfstate.lock.info'), 'utf8')).ID).toBe(next);
    await backend.unlock('default', next);
  });

  it('a holder that unlocks hands the lock over', async () => {
    const directory = freshDirectory();
    const id = generateLockId();
    const holder = await startChild(['hold', directory, 'named', id], 'locked', flavour);
    const backend = backendOn(directory, flavour);
    await expect(backend.lock('named')).rejects.toMatchObject({ code: 'LOCK_CONFLICT' });
    const exited = once(holder, 'exit');
    holder.stdin?.write('unlock\n');
    await exited;
    expect(holder.exitCode).toBe(0);
    const next = await backend.lock('named');
    await backend.unlock('named', next);
  });
});

describe('two clients in one process', () => {
  it.each(['auto', 'classic'] as const)('exclude each other and a reader never drops the lock (%s)', async (flavour) => {
    const directory = freshDirectory();
    const a = backendOn(directory, flavour);
    const b = backendOn(directory, flavour);
    const id = await a.lock('default');
    await a.writeState('default', Buffer.from('{"serial":1}'), { lockId: id });
    // Reads open and close descriptors of the state file; a classic lock would vanish with them.
    for (let read = 0; read < 5; read += 1) expect(await b.readState('default')).toBeDefined();
    await expect(b.lock('default')).rejects.toMatchObject({ code: 'LOCK_CONFLICT', lock: { ID: id } });
    const outsider = await startChild(['hold', directory, 'default', generateLockId()], 'locked', flavour).then(
      async (child) => {
        await killHard(child);
        return 'locked';
      },
      () => 'refused',
    );
    expect(outsider).toBe('refused');
    await a.unlock('default', id);
  });
});

describe('contention between OS processes', () => {
  it('processes racing for one lock: exactly one winner every round', async () => {
    const directory = freshDirectory();
    const racers = Array.from({ length: 4 }, () => forkChild(['race', directory, 'default']));
    const replies = (child: (typeof racers)[number]) =>
      new Promise<Record<string, unknown>>((resolve) => child.once('message', (message) => resolve(message as Record<string, unknown>)));
    try {
      await Promise.all(racers.map(replies));
      for (let round = 0; round < 30; round += 1) {
        const results = await Promise.all(
          racers.map((child) => {
            const reply = replies(child);
            child.send({ type: 'try', round });
            return reply;
          }),
        );
        const winners = results.filter((result) => result.won === true);
        expect(winners, `round ${round}`).toHaveLength(1);
        const losers = results.filter((result) => result.won === false);
        for (const loser of losers) expect(loser).toMatchObject({ code: 'LOCK_CONFLICT' });
        const winner = racers[results.indexOf(winners[0] as Record<string, unknown>)];
        if (!winner) throw new Error('no winner process');
        const released = replies(winner);
        winner.send({ type: 'release', round });
        await released;
      }
    } finally {
      for (const racer of racers) await killHard(racer);
    }
  });

  it('N processes x M lock/read/increment/write/unlock cycles give an exact count', async () => {
    const directory = freshDirectory();
    const processes = 4;
    const cycles = 40;
    await Promise.all(Array.from({ length: processes }, () => runChild(['counter', directory, 'default', String(cycles)])));
    const stored = await backendOn(directory).readState('default');
    expect(Buffer.from(stored?.bytes ?? []).toString('utf8')).toBe(String(processes * cycles));
    expect(existsSync(join(directory, '.terraform.tfstate.lock.info'))).toBe(false);
  });
});
