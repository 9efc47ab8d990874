import { mkdtemp, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStateBackend } from '@x/backend-core';
import { createLocalProvider } from '@x/backend-local';
import { goal, printTable, writeResult } from '../lib/report.mjs';
import { makeStateBytes } from '../lib/state-file.mjs';
import { MiB, median, timeMs } from '../lib/statistics.mjs';

export const name = 'local-cycle';
export const title = 'Local backend lock-read-write-unlock vs raw fs read+write (informational)';
export const needsServers = false;

const sizes = [
  { bytes: 8 * 1024, runs: 200 },
  { bytes: MiB, runs: 50 },
  { bytes: 10 * MiB, runs: 15 },
];

/** What a careful hand-written update does: read, write a temporary file, fsync it, rename it over. */
async function durableRawUpdate(path) {
  const content = await readFile(path);
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

export async function run() {
  const rows = [];
  for (const size of sizes) {
    const directory = await mkdtemp(join(tmpdir(), 'bench-local-'));
    const rawPath = join(directory, 'raw.tfstate');
    const backend = createStateBackend(createLocalProvider({ directory }));
    try {
      const bytes = makeStateBytes(size.bytes);
      await backend.writeState('default', bytes);
      await writeFile(rawPath, bytes);
      const ours = [];
      const raw = [];
      const durable = [];
      for (let round = 0; round < size.runs; round++) {
        ours.push(
          await timeMs(async () => {
            const lockId = await backend.lock('default', { Operation: 'OperationTypeApply' });
            const state = await backend.readState('default');
            await backend.writeState('default', state.bytes, { lockId });
            await backend.unlock('default', lockId);
          }),
        );
        raw.push(
          await timeMs(async () => {
            const content = await readFile(rawPath);
            await writeFile(rawPath, content);
          }),
        );
        durable.push(await timeMs(() => durableRawUpdate(rawPath)));
      }
      const stored = await backend.readState('default');
      if (!stored || Buffer.compare(Buffer.from(stored.bytes), bytes) !== 0) throw new Error('the local backend did not keep the bytes it was given');
      rows.push({
        size: `${(bytes.length / 1024).toFixed(0)} KiB`,
        runs: size.runs,
        oursMedianMs: median(ours),
        rawMedianMs: median(raw),
        rawFsyncRenameMedianMs: median(durable),
        ratioToRaw: median(ours) / median(raw),
        ratioToFsyncRename: median(ours) / median(durable),
      });
    } finally {
      await backend.close();
      await rm(directory, { recursive: true, force: true });
    }
  }
  printTable(`${title} (medians, interleaved)`, rows);
  const goals = rows.flatMap((row) => [
    goal(`local cycle ${row.size}: ${row.oursMedianMs.toFixed(2)} ms / raw read+write ${row.rawMedianMs.toFixed(2)} ms`, row.ratioToRaw, undefined, 'x'),
    goal(`local cycle ${row.size}: ${row.oursMedianMs.toFixed(2)} ms / raw read+write+fsync+rename ${row.rawFsyncRenameMedianMs.toFixed(2)} ms`, row.ratioToFsyncRename, undefined, 'x'),
  ]);
  await writeResult(name, { rows, goals });
  return { goals };
}
