import { parseLockInfo, type LockInfo } from '@x/backend-core';
import { readFileIfPresent } from './file-io.js';
import type { StateFiles } from './local-layout.js';

const retries = 25;
const pauseMilliseconds = 10;

/**
 * The LockInfo of whoever holds the OS lock on `files.state`. A holder writes its info file
 * just after taking the OS lock, so a missing or half-written file is re-read briefly. If it
 * stays unreadable (a terraform between its fcntl and its info write, or a holder that writes
 * none) a LockInfo saying so is built, naming the holder's pid when the OS reports one.
 */
export async function holderLockInfo(files: StateFiles, holderPid: number | undefined): Promise<LockInfo> {
  for (let attempt = 0; attempt < retries; attempt += 1) {
    const info = await readLockInfoFile(files);
    if (info !== undefined) return info;
    await new Promise((resolve) => setTimeout(resolve, pauseMilliseconds));
  }
  return {
    ID: '',
    Operation: '',
    Info: `the state file is locked, but ${files.lockInfo} is missing or unreadable`,
    Who: holderPid === undefined ? '' : `pid ${holderPid}`,
    Version: '',
    Created: '0001-01-01T00:00:00Z',
    Path: files.displayPath,
  };
}

/** The parsed lock info file, or undefined when it is missing or not a LockInfo. */
export async function readLockInfoFile(files: StateFiles): Promise<LockInfo | undefined> {
  const raw = await readFileIfPresent(files.lockInfo);
  if (raw === undefined || raw.byteLength === 0) return undefined;
  try {
    return parseLockInfo(raw);
  } catch {
    return undefined;
  }
}
