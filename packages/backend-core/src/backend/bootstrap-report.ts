/**
 * What `bootstrap` (creating the bucket, lock table or directory a backend needs) reports, the
 * same shape for every provider so one printer serves them all.
 */

/**
 * What happened to one resource or setting:
 * - `created`: it did not exist (or was never configured) and now does;
 * - `changed`: it existed with a weaker or different setting and was corrected;
 * - `already`: it was already as wanted; nothing was sent;
 * - `would-create` / `would-change`: what a real run would do (dry runs only; nothing was sent);
 * - `unsupported-by-server`: the store does not implement this API (or accepted the request but
 *   did not apply it); the setting is NOT in place, and `detail` says what the server answered;
 * - `skipped`: deliberately left alone (by an option, or because it would break this backend);
 * - `conflict`: an existing resource contradicts what the backend needs and cannot be merged
 *   safely; nothing was changed, and `detail` says what to fix by hand.
 */
export type BootstrapOutcome =
  | 'created'
  | 'changed'
  | 'already'
  | 'would-create'
  | 'would-change'
  | 'unsupported-by-server'
  | 'skipped'
  | 'conflict';

/** One step of a bootstrap, in the order it ran. */
export interface BootstrapStep {
  /** What the step is about, stable for scripts: `bucket`, `versioning`, `encryption`, `lock-table`, ... */
  step: string;
  /** The resource it acted on: a bucket, table or directory name. */
  resource: string;
  outcome: BootstrapOutcome;
  /** One sentence for people: what was found and what was done (never a secret). */
  detail: string;
}

/** The result of one bootstrap run. */
export interface BootstrapReport {
  /** Provider name: `local`, `s3`, `oss`. */
  backend: string;
  /** True when nothing was changed on purpose (`--dry-run`). */
  dryRun: boolean;
  steps: BootstrapStep[];
}

/** Options every provider's bootstrap accepts. */
export interface BootstrapOptions {
  /** Look, report `would-create`/`would-change`, and change nothing. */
  dryRun?: boolean;
  /**
   * Whether to require TLS by a bucket policy where the provider supports one (S3). Left out,
   * the provider decides (S3: yes, unless its endpoint is plain HTTP, where such a policy would
   * lock out the very client that set it).
   */
  requireSecureTransport?: boolean;
  /**
   * KMS key for the bucket's default encryption. Left out: S3 uses `kms_key_id` (else SSE-S3),
   * OSS (whose backend arguments name no key) uses AES256.
   */
  kmsKeyId?: string;
}

/** Builds one step of a report. */
export function bootstrapStep(step: string, resource: string, outcome: BootstrapOutcome, detail: string): BootstrapStep {
  return { step, resource, outcome, detail };
}

/**
 * The outcome of putting something in place: `created` when it did not exist before, `changed`
 * when an existing one was corrected, or in a dry run `would-create` / `would-change`.
 */
export function changeOutcome(dryRun: boolean, existedBefore: boolean): BootstrapOutcome {
  if (dryRun) return existedBefore ? 'would-change' : 'would-create';
  return existedBefore ? 'changed' : 'created';
}

/** Outcomes that leave the backend short of what was asked for. */
const incompleteOutcomes: ReadonlySet<BootstrapOutcome> = new Set(['unsupported-by-server', 'conflict']);

/** True when every step ended in place (or, in a dry run, would): no conflict, nothing unsupported. */
export function bootstrapComplete(report: BootstrapReport): boolean {
  return report.steps.every((step) => !incompleteOutcomes.has(step.outcome));
}

/** True when the report has a step whose existing resource contradicts the backend's needs. */
export function bootstrapHasConflict(report: BootstrapReport): boolean {
  return report.steps.some((step) => step.outcome === 'conflict');
}
