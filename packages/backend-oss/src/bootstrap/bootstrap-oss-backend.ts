import type { BootstrapOptions, BootstrapReport, BootstrapStep } from '@x/backend-core';
import { settingsFromConfig, type ProviderFromConfigContext } from '../create-provider-from-config.js';
import type { RawConfig } from '../config/config-values.js';
import { ensurePrivateAcl } from './bucket-acl.js';
import { createBucketAdminClient } from './bucket-admin-client.js';
import { ensureEncryption } from './bucket-encryption.js';
import type { BucketStepContext } from './bucket-step-context.js';
import { ensureVersioning } from './bucket-versioning.js';
import { ensureBucket } from './ensure-bucket.js';
import { ensureLockTable } from './lock-table.js';

/**
 * Creates what the oss backend configured by `config` (Terraform's arguments, as for
 * `createProviderFromConfig`) needs, and completes what exists: the bucket (private), its
 * versioning (left off with `use_lockfile`, which needs an unversioned bucket), default
 * server-side encryption (KMS with `options.kmsKeyId`, else AES256), a private bucket ACL, and
 * with `tablestore_table` the lock table (`LockID` STRING, TTL -1, max versions 1) in the
 * existing TableStore instance.
 *
 * Idempotent: what is in place is reported `already` and left alone, so a second run changes
 * nothing; with `dryRun` only reads are sent. APIs the server lacks are reported
 * `unsupported-by-server`, resources that contradict the backend `conflict`; neither throws.
 *
 * @throws BackendError `INVALID_CONFIG` for bad arguments or a bucket name taken by another
 *   account, `AUTH` for refused credentials, `TRANSIENT`/`BACKEND_ERROR` for other failures.
 */
export async function bootstrapOssBackend(
  config: RawConfig,
  context: ProviderFromConfigContext,
  options: BootstrapOptions = {},
): Promise<BootstrapReport> {
  const dryRun = options.dryRun === true;
  const { settings, credentials } = await settingsFromConfig(config, context);
  const steps: BootstrapStep[] = [];
  const admin = createBucketAdminClient(settings, credentials);
  try {
    const bucket = await ensureBucket(admin.client, settings.bucket, settings.region, dryRun);
    steps.push(bucket.step);
    const bucketContext: BucketStepContext = {
      client: admin.client,
      bucket: settings.bucket,
      dryRun,
      bucketMissing: !bucket.exists,
      bucketCreated: bucket.created,
    };
    steps.push(await ensureVersioning(bucketContext, settings.useLockfile));
    steps.push(await ensureEncryption(bucketContext, options.kmsKeyId));
    steps.push(await ensurePrivateAcl(bucketContext));
  } finally {
    admin.close();
  }
  if (settings.tablestore !== undefined) steps.push(await ensureLockTable(settings.tablestore, credentials, dryRun));
  return { backend: 'oss', dryRun, steps };
}
