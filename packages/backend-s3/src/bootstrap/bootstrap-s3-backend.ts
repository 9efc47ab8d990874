import { bootstrapStep, type BootstrapOptions, type BootstrapReport, type BootstrapStep } from '@x/backend-core';
import { connectFromConfig, destroyClients, type ProviderFactoryContext } from '../create-provider-from-config.js';
import { ensureEncryption } from './bucket-encryption.js';
import { ensureVersioning } from './bucket-versioning.js';
import { ensureBucket } from './ensure-bucket.js';
import { ensureLockTable } from './lock-table.js';
import { ensurePublicAccessBlock } from './public-access-block.js';
import { ensureSecureTransportPolicy } from './secure-transport-policy.js';
import type { BucketStepContext } from './step-context.js';

/**
 * Creates what the s3 backend configured by `config` (Terraform's arguments, as for
 * `createProviderFromConfig`) needs, and completes what exists: the bucket (in `region`),
 * versioning, default encryption (SSE-KMS with `options.kmsKeyId` or `kms_key_id`, else SSE-S3), all four
 * public-access-block switches, a bucket policy denying requests without TLS (merged into an
 * existing policy), and with `dynamodb_table` the lock table (`LockID` String, on-demand,
 * waited for until ACTIVE).
 *
 * Idempotent: what is already in place is reported `already` and not touched, so a second run
 * changes nothing. With `dryRun` only reads are sent. Steps the store does not implement are
 * reported `unsupported-by-server`, a policy or table that contradicts the backend `conflict`;
 * neither throws. The TLS policy is `skipped` for a plain-HTTP endpoint unless
 * `requireSecureTransport` is true (it would deny this very client), and when it is false.
 *
 * @throws BackendError `INVALID_CONFIG` for bad arguments or a bucket name taken by another
 *   account, `AUTH` for refused credentials, `TRANSIENT`/`BACKEND_ERROR` for other failures.
 */
export async function bootstrapS3Backend(
  config: Record<string, unknown>,
  context: ProviderFactoryContext,
  options: BootstrapOptions = {},
): Promise<BootstrapReport> {
  const dryRun = options.dryRun === true;
  const { resolved, clients } = await connectFromConfig(config, context);
  const { settings } = resolved;
  const steps: BootstrapStep[] = [];
  try {
    const bucket = await ensureBucket(clients.s3, settings.bucket, settings.region, dryRun);
    steps.push(bucket.step);
    const endpoint = resolved.clientOptions.endpoints.s3;
    const plainHttp = endpoint !== undefined && endpoint.toLowerCase().startsWith('http:');
    const bucketContext: BucketStepContext = {
      s3: clients.s3,
      bucket: settings.bucket,
      region: settings.region,
      stateKey: settings.key,
      plainHttp,
      dryRun,
      bucketMissing: !bucket.exists,
    };
    steps.push(await ensureVersioning(bucketContext));
    steps.push(await ensureEncryption(bucketContext, options.kmsKeyId ?? settings.kmsKeyId));
    steps.push(await ensurePublicAccessBlock(bucketContext));
    if (options.requireSecureTransport === false) {
      steps.push(bootstrapStep('secure-transport-policy', settings.bucket, 'skipped', 'not asked for: no TLS-only bucket policy was checked or set'));
    } else if (options.requireSecureTransport === undefined && plainHttp) {
      steps.push(
        bootstrapStep(
          'secure-transport-policy',
          settings.bucket,
          'skipped',
          'the S3 endpoint is plain HTTP, and a policy denying requests without TLS would deny this backend too; ask for it explicitly to set it anyway',
        ),
      );
    } else {
      steps.push(await ensureSecureTransportPolicy(bucketContext));
    }
    if (settings.dynamodbTable !== undefined && clients.dynamodb !== undefined) {
      steps.push(await ensureLockTable(clients.dynamodb, settings.dynamodbTable, dryRun));
    }
  } finally {
    destroyClients(clients);
  }
  return { backend: 's3', dryRun, steps };
}
