import { BackendError } from '@x/backend-core';
import { UsageError } from '../cli-errors.js';
import type { CommandContext } from '../command-context.js';
import { backendIdentity, sameIdentity } from '../migrate/backend-identity.js';
import { formatMigration, migrationJson } from '../migrate/format-migration.js';
import { sharedLocalPath } from '../migrate/local-overlap.js';
import type { MigrationReport } from '../migrate/migration-report.js';
import { resolveMigrationTarget, type TargetOptions } from '../migrate/migration-target.js';
import { planMigration } from '../migrate/plan-migration.js';
import { runMigration } from '../migrate/run-migration.js';
import { writeAll } from '../support/cli-io.js';
import { printJson } from '../support/print.js';
import { createProgress } from '../support/progress.js';

export interface MigrateOptions extends TargetOptions {
  workspaces?: string[];
  dryRun?: boolean;
  force?: boolean;
  journal: string;
}

/**
 * `migrate`: copies the selected workspaces from the current backend to the target (see
 * `runMigration`), or with `--dry-run` prints the plan. Progress goes to stderr; the result
 * (table or `--json`) to stdout. Exits 1 when a workspace conflicted or failed (3 when every
 * failure was a held lock), after printing the result.
 */
export async function run(context: CommandContext, _args: string[], options: MigrateOptions): Promise<void> {
  const target = await resolveMigrationTarget(options, context.workingDirectory);
  const selection = await context.backendSelection();
  const sourceIdentity = backendIdentity(selection.type, selection.config, context.workingDirectory);
  const targetIdentity = backendIdentity(target.type, target.config, context.workingDirectory);
  if (sameIdentity(sourceIdentity, targetIdentity)) {
    throw new UsageError('the migration target is the source itself', {
      hint: 'Choose another --to-backend type or other target settings (-t / --to-config).',
    });
  }
  const shared = selection.type === 'local' && target.type === 'local' ? sharedLocalPath(selection.config, target.config, context.workingDirectory) : undefined;
  if (shared !== undefined) {
    throw new UsageError(`the source and the target local backends share ${shared}`, {
      hint: 'Give the target its own files: -t path=DIR/terraform.tfstate -t workspace_dir=DIR/terraform.tfstate.d.',
    });
  }

  // Both backends are closed by the context when the command ends.
  const source = await context.backend();
  const targetBackend = await context.openBackend(target.type, target.config);
  const journalPath = context.resolvePath(options.journal);
  const patterns = options.workspaces ?? [];
  const request = { source, target: targetBackend, sourceIdentity, targetIdentity, patterns, force: options.force === true, journalPath };
  let report: MigrationReport;
  if (options.dryRun === true) {
    report = await planMigration(request);
  } else {
    report = await runMigration({
      ...request,
      lock: { timeoutMs: context.lockTimeoutMs },
      startProgress: (total) => createProgress(context.io, { label: 'migrate', unit: 'workspaces', total }),
    });
  }

  if (context.json) await printJson(context, migrationJson(report));
  else await writeAll(context.io.stdout, formatMigration(report));
  throwIfUnfinished(report);
}

function throwIfUnfinished(report: MigrationReport): void {
  const conflicts = report.workspaces.filter((workspace) => workspace.result === 'conflict').length;
  const failures = report.workspaces.filter((workspace) => workspace.result === 'failed');
  if (conflicts === 0 && failures.length === 0) return;
  const problems = [conflicts > 0 ? `${conflicts} conflicting` : '', failures.length > 0 ? `${failures.length} failed` : ''].filter(Boolean).join(', ');
  const onlyHeldLocks = conflicts === 0 && failures.every((failure) => failure.code === 'LOCK_CONFLICT');
  if (report.dryRun) {
    throw new BackendError('STATE_CONFLICT', `the migration would not complete: ${problems}`, {
      hint: 'Resolve the conflicts (or pass --force to overwrite those target states), then run without --dry-run.',
    });
  }
  throw new BackendError(onlyHeldLocks ? 'LOCK_CONFLICT' : conflicts > 0 ? 'STATE_CONFLICT' : 'BACKEND_ERROR', `the migration is incomplete: ${problems}`, {
    hint: onlyHeldLocks
      ? `Wait for the lock holders (or raise --lock-timeout) and run the same command again: it resumes from ${report.journal}.`
      : `Fix the listed workspaces (or pass --force to overwrite conflicting target states) and run the same command again: it resumes from ${report.journal}.`,
  });
}
