import { bootstrapStep, changeOutcome, type BootstrapStep } from './bootstrap-report.js';

/** How a provider enables and re-reads a bucket's versioning, for {@link enableVersioningStep}. */
export interface BucketVersioning {
  /** The status the store reports now: `Enabled`, `Suspended`, or anything else for never enabled. */
  status(): Promise<string | undefined>;
  enable(): Promise<void>;
}

/**
 * The bootstrap `versioning` step of an existing bucket whose versioning is wanted, given the
 * status just read: `already` when enabled; otherwise enabled (`created` when it was never on,
 * `changed` when suspended; `would-create` / `would-change` in a dry run, which sends nothing) and
 * read back: a store that accepts the change without applying it is `unsupported-by-server`.
 * Store errors propagate for the provider to map.
 */
export async function enableVersioningStep(
  bucket: string,
  dryRun: boolean,
  status: string | undefined,
  versioning: BucketVersioning,
): Promise<BootstrapStep> {
  if (status === 'Enabled') return bootstrapStep('versioning', bucket, 'already', 'versioning is enabled');
  const wasSuspended = status === 'Suspended';
  const outcome = changeOutcome(dryRun, wasSuspended);
  const before = wasSuspended ? 'suspended' : 'off';
  if (dryRun) return bootstrapStep('versioning', bucket, outcome, `versioning is ${before}; it would be enabled`);
  await versioning.enable();
  if ((await versioning.status()) !== 'Enabled') {
    return bootstrapStep('versioning', bucket, 'unsupported-by-server', 'the server accepted PutBucketVersioning but still reports versioning as not enabled');
  }
  return bootstrapStep('versioning', bucket, outcome, `versioning was ${before}; enabled it`);
}
