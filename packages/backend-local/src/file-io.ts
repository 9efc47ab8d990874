import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const read = promisify(fs.read);
const write = promisify(fs.write);
const ftruncate = promisify(fs.ftruncate);
const fsync = promisify(fs.fsync);
const open = promisify(fs.open);
const close = promisify(fs.close);

const chunkSize = 1 << 20;

/** Reads a whole file through `fd` from offset 0, whatever the descriptor's position. */
export async function readWhole(fd: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(chunkSize);
    const { bytesRead } = await read(fd, chunk, 0, chunkSize, offset);
    if (bytesRead === 0) break;
    chunks.push(bytesRead === chunkSize ? chunk : chunk.subarray(0, bytesRead));
    offset += bytesRead;
  }
  return Buffer.concat(chunks, offset);
}

/**
 * Replaces the contents of the file behind `fd` in place, as Terraform does (same inode, so a
 * process waiting on the lock still sees the file): write from offset 0, cut to the new
 * length, move mtime forward, fsync.
 */
export async function overwriteInPlace(fd: number, bytes: Uint8Array, bumpModificationTime: (fd: number) => void): Promise<void> {
  let offset = 0;
  while (offset < bytes.byteLength) {
    const { bytesWritten } = await write(fd, bytes, offset, bytes.byteLength - offset, offset);
    offset += bytesWritten;
  }
  await ftruncate(fd, bytes.byteLength);
  bumpModificationTime(fd);
  await fsync(fd);
}

/**
 * Writes a file nobody locks (backup, journal, lock info) so it is either absent/old or
 * complete: a temporary file beside it, fsync, rename over, fsync the directory.
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array | string, mode = 0o644): Promise<void> {
  const temporary = join(dirname(path), `${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const fd = await open(temporary, 'w', mode);
  try {
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    let offset = 0;
    while (offset < data.byteLength) {
      const { bytesWritten } = await write(fd, data, offset, data.byteLength - offset, offset);
      offset += bytesWritten;
    }
    await fsync(fd);
  } catch (error) {
    await close(fd).catch(() => undefined);
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
  await close(fd);
  try {
    await fs.promises.rename(temporary, path);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** Makes a rename or unlink in `directory` durable. */
export async function syncDirectory(directory: string): Promise<void> {
  let fd: number;
  try {
    fd = await open(directory, 'r');
  } catch {
    return;
  }
  try {
    await fsync(fd);
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself has happened.
  } finally {
    await close(fd);
  }
}

/** Reads a file, or undefined when it does not exist. */
export async function readFileIfPresent(path: string): Promise<Buffer | undefined> {
  try {
    return await fs.promises.readFile(path);
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/** Removes a file; a missing file is fine. */
export async function removeFileIfPresent(path: string): Promise<void> {
  await fs.promises.rm(path, { force: true });
}

/** True when `error` is a Node system error with `code`. */
export function isErrorCode(error: unknown, ...codes: string[]): boolean {
  return typeof error === 'object' && error !== null && codes.includes((error as NodeJS.ErrnoException).code ?? '');
}

export { close as closeDescriptor, fsync as syncDescriptor, open as openDescriptor };
