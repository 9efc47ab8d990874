import { BackendError, bootstrapHasConflict, type BootstrapOutcome, type BootstrapReport } from '@x/backend-core';
import type { CommandContext } from '../command-context.js';
import { printJson, printLines } from '../support/print.js';

export interface BootstrapCommandOptions {
  dryRun?: boolean;
  kmsKeyId?: string;
  /** `--tls-policy` true, `--no-tls-policy` false, neither undefined (the provider decides). */
  tlsPolicy?: boolean;
}

const labels: Record<BootstrapOutcome, string> = {
  created: 'created',
  changed: 'changed',
  already: 'ok',
  'would-create': 'would create',
  'would-change': 'would change',
  'unsupported-by-server': 'UNSUPPORTED',
  skipped: 'skipped',
  conflict: 'CONFLICT',
};

/** One line per step: `  created       bucket (my-state): created bucket "my-state" in eu-west-1`. */
export function formatBootstrapReport(report: BootstrapReport): string[] {
  const width = Math.max(...report.steps.map((step) => labels[step.outcome].length));
  const heading = `${report.dryRun ? 'Bootstrap plan' : 'Bootstrap'} for the ${report.backend} backend${report.dryRun ? ' (dry run: nothing was changed)' : ''}:`;
  return [heading, ...report.steps.map((step) => `  ${labels[step.outcome].padEnd(width)}  ${step.step} (${step.resource}): ${step.detail}`)];
}

/**
 * `bootstrap`: runs the selected backend's bootstrap with the `-c` settings, prints the report
 * (`--json`: the report object) and exits 1 when a step is a conflict. Steps the store does not
 * support are printed and repeated as a warning on stderr, without failing the command.
 */
export async function run(context: CommandContext, _args: string[], options: BootstrapCommandOptions): Promise<void> {
  const selection = await context.backendSelection();
  for (const warning of selection.warnings) context.io.stderr.write(`Warning: ${warning}\n`);
  const registration = context.registry.get(selection.type);
  if (registration.loadBootstrap === undefined) {
    throw new BackendError('UNSUPPORTED', `the ${selection.type} backend has no bootstrap`, {
      hint: 'Create its storage with the tools of that store.',
    });
  }
  const bootstrap = await registration.loadBootstrap();
  const report = await bootstrap(
    selection.config,
    { workingDirectory: context.workingDirectory, env: context.io.env },
    {
      dryRun: options.dryRun === true,
      ...(options.kmsKeyId === undefined ? {} : { kmsKeyId: options.kmsKeyId }),
      ...(options.tlsPolicy === undefined ? {} : { requireSecureTransport: options.tlsPolicy }),
    },
  );
  if (context.json) await printJson(context, report);
  else await printLines(context, ...formatBootstrapReport(report));
  const unsupported = report.steps.filter((step) => step.outcome === 'unsupported-by-server');
  if (unsupported.length > 0) {
    context.io.stderr.write(`Warning: the store does not support ${unsupported.map((step) => step.step).join(', ')}; those settings are not in place.\n`);
  }
  if (bootstrapHasConflict(report)) {
    const conflicts = report.steps.filter((step) => step.outcome === 'conflict').map((step) => `${step.step} (${step.resource})`);
    throw new BackendError('INVALID_CONFIG', `bootstrap found existing resources that contradict the backend: ${conflicts.join(', ')}`, {
      hint: 'Fix them as each CONFLICT line says, or point the configuration at other names, then run bootstrap again.',
    });
  }
}
