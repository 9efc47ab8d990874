import { BackendError } from '../errors/backend-error.js';

/** The workspace every configuration has; it cannot be deleted. */
export const DEFAULT_WORKSPACE = 'default';

// Characters Go's url.PathEscape leaves alone: Terraform accepts a name only if escaping it
// changes nothing.
const pathSafe = /^[A-Za-z0-9\-._~$&+:=@]+$/;

/** Options of {@link validateWorkspaceName}. */
export interface WorkspaceNameOptions {
  /** Accept names outside Terraform's set (the provider stores them as given). */
  allowUnicode?: boolean;
}

/**
 * Why `name` is not a usable workspace name, or undefined when it is. Terraform's rule: not
 * empty and equal to its own URL path escaping (no `/`, spaces, `%`, `?`, ...). On top of it
 * `.` and `..` are refused, because joined into a key path they would alias another state.
 */
export function workspaceNameProblem(name: string, options: WorkspaceNameOptions = {}): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'the workspace name is empty';
  if (name === '.' || name === '..') return `the workspace name "${name}" would resolve to another state's path`;
  if (pathSafe.test(name)) return undefined;
  // Controls and whitespace are unreadable in listings; `/` `\` `%` `?` `#` break keys and URLs;
  // a lone surrogate has no UTF-8 form, so the stored key would come back as a different name.
  if (options.allowUnicode && !/[\p{Cc}\p{Cs}\s/\\%?#]/u.test(name)) {
    return undefined;
  }
  return `the workspace name ${JSON.stringify(name)} contains characters Terraform does not allow`;
}

/**
 * Throws `INVALID_WORKSPACE_NAME` unless `name` is a workspace name Terraform accepts
 * (letters, digits and `-._~$&+:=@`), see {@link workspaceNameProblem}.
 */
export function validateWorkspaceName(name: string, options: WorkspaceNameOptions = {}): void {
  const problem = workspaceNameProblem(name, options);
  if (problem !== undefined) {
    throw new BackendError('INVALID_WORKSPACE_NAME', problem, {
      hint: 'Use letters, digits and the characters - _ . ~ $ & + : = @ (no slashes or spaces), as Terraform requires.',
    });
  }
}
