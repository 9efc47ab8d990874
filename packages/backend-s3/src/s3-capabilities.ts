import { defineCapabilities, type BackendCapabilities } from '@x/backend-core';
import type { S3BackendSettings } from './config/index.js';

/**
 * What an S3 configuration can do. Locking (and with it force-unlock, crash-surviving locks and
 * the lock check before writes) needs `use_lockfile` or `dynamodb_table`; the digest needs the
 * table. Conditional writes, versions and probing are always offered: `probe()` reports stores
 * where they do not hold (no versioning, ignored conditional headers).
 */
export function s3Capabilities(settings: Pick<S3BackendSettings, 'useLockfile' | 'dynamodbTable'>): BackendCapabilities {
  const locking = settings.useLockfile || hasTable(settings);
  return defineCapabilities({
    locking,
    forceUnlock: locking,
    lockSurvivesCrash: locking,
    writeChecksLock: locking,
    digest: hasTable(settings),
    conditionalWrite: true,
    versions: true,
    probe: true,
    unicodeWorkspaceNames: false,
  });
}

export function hasTable(settings: Pick<S3BackendSettings, 'dynamodbTable'>): boolean {
  return settings.dynamodbTable !== undefined && settings.dynamodbTable !== '';
}
