import { UsageError } from '../cli-errors.js';

const units: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** Parses `65536`, `512KiB`, `64MiB`, `10MB` (case-insensitive) into bytes. */
export function parseByteSize(text: string, option: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const factor = match ? units[match[2]!.toLowerCase()] : undefined;
  if (!match || factor === undefined) {
    throw new UsageError(`${option} "${text}" is not a size`, { hint: 'Give bytes or a size with a unit: 1048576, 512KiB, 64MiB, 10MB.' });
  }
  const bytes = Math.floor(Number(match[1]) * factor);
  if (bytes < 1) throw new UsageError(`${option} must be at least one byte`, { hint: 'The default is 64MiB.' });
  return bytes;
}
