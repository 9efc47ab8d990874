import { BackendError } from '@x/backend-core/errors';

/** One Terraform-style diagnostic: a short summary and a detail sentence. */
export interface ConfigProblem {
  summary: string;
  detail: string;
  /** The argument path the problem is about (`assume_role.duration`), when there is one. */
  argument?: string;
  /** What the user should change; printed by the CLI after the message. */
  hint?: string;
}

/**
 * The message Terraform would print, as one line: `<summary>: <detail>`. When the detail does
 * not already name the argument (Terraform shows it on a separate "with" line), it is appended.
 */
export function formatProblem(problem: ConfigProblem): string {
  const base = `${problem.summary}: ${problem.detail}`;
  const { argument, detail } = problem;
  if (argument === undefined || detail.includes(`"${argument}"`) || detail.startsWith(`${argument} `)) return base;
  return `${base} (argument "${problem.argument}")`;
}

/** A `BackendError` with code `INVALID_CONFIG` for `problem`. Callers MUST keep secret values out of `problem`. */
export function configError(problem: ConfigProblem): BackendError {
  return new BackendError('INVALID_CONFIG', formatProblem(problem), {
    hint: problem.hint ?? defaultHint(problem.argument),
  });
}

function defaultHint(argument: string | undefined): string {
  return argument === undefined
    ? 'Check the s3 backend settings against the Terraform s3 backend documentation.'
    : `Correct the "${argument}" setting of the s3 backend.`;
}

/** Terraform's warning for a deprecated argument. */
export function deprecatedArgumentWarning(argument: string, replacement: string): string {
  return formatProblem({
    summary: 'Deprecated Parameter',
    detail: `The parameter "${argument}" is deprecated. Use parameter "${replacement}" instead.`,
  });
}

/** Terraform's warning for a deprecated environment variable. */
export function deprecatedEnvironmentWarning(variable: string, replacement: string): string {
  return formatProblem({
    summary: 'Deprecated Environment Variable',
    detail: `The environment variable "${variable}" is deprecated. Use environment variable "${replacement}" instead.`,
  });
}

/** Terraform's "Missing Required Value" error for an absent required argument. */
export function missingRequiredError(argument: string): BackendError {
  return configError({
    summary: 'Missing Required Value',
    detail:
      `The attribute "${argument}" is required by the backend.\n\n` +
      'Refer to the backend documentation for additional information which attributes are required.',
    argument,
    hint: argument.includes('.')
      ? `Set ${argument.slice(argument.lastIndexOf('.') + 1)} inside ${argument.slice(0, argument.lastIndexOf('.'))}.`
      : `Set ${argument} (for example -c ${argument}=...).`,
  });
}

/** Terraform's error for two arguments that must not be set together. */
export function conflictError(arguments_: readonly string[]): BackendError {
  return configError({
    summary: 'Invalid Attribute Combination',
    detail: `Only one of ${arguments_.join(', ')} can be set.`,
    hint: `Remove all but one of: ${arguments_.join(', ')}.`,
  });
}
