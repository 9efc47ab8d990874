import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const resultsDirectory = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** Prints rows (objects with the same keys) as an aligned text table. */
export function printTable(title, rows) {
  console.log(`\n${title}`);
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const cells = rows.map((row) => columns.map((column) => formatCell(row[column])));
  const widths = columns.map((column, index) => Math.max(column.length, ...cells.map((line) => line[index].length)));
  const line = (values) => values.map((value, index) => value.padEnd(widths[index])).join('  ');
  console.log(line(columns));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const values of cells) console.log(line(values));
}

function formatCell(value) {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Writes one benchmark's result as bench/results/<name>.json and returns the path. */
export async function writeResult(name, data) {
  await mkdir(resultsDirectory, { recursive: true });
  const path = join(resultsDirectory, `${name}.json`);
  await writeFile(path, `${JSON.stringify({ name, recordedAt: new Date().toISOString(), ...data }, null, 2)}\n`);
  return path;
}

/**
 * One goal line: `measured` compared to `limit` (pass when measured <= limit). Informational
 * entries have no limit and never miss.
 */
export function goal(description, measured, limit, unit = '') {
  const pass = limit === undefined ? undefined : measured !== undefined && measured <= limit;
  return { goal: description, measured, limit, unit, status: limit === undefined ? 'INFO' : pass ? 'PASS' : 'MISS' };
}
