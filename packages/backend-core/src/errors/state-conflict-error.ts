import { BackendError, type BackendErrorOptions } from './backend-error.js';

/** What one side of a state conflict knows about its state. */
export interface StateSummary {
  lineage?: string;
  serial?: number;
  etag?: string;
}

/**
 * A write was refused because the stored state is not the one the writer expected: a
 * conditional write lost the race, or a push failed Terraform's import check.
 */
export class StateConflictError extends BackendError {
  readonly local: StateSummary | undefined;
  readonly remote: StateSummary | undefined;

  constructor(
    message: string,
    sides: { local?: StateSummary; remote?: StateSummary } = {},
    options: BackendErrorOptions = {},
  ) {
    super('STATE_CONFLICT', message, options);
    this.name = 'StateConflictError';
    this.local = sides.local;
    this.remote = sides.remote;
  }
}
