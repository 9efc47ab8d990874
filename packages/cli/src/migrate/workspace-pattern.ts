import { UsageError } from '../cli-errors.js';

/**
 * A test for workspace names from `--workspaces` globs: `*` matches any run of characters, `?`
 * exactly one, everything else itself. No patterns select every workspace.
 */
export function workspaceMatcher(patterns: readonly string[]): (workspace: string) => boolean {
  if (patterns.length === 0) return () => true;
  const expressions = patterns.map(globExpression);
  return (workspace) => expressions.some((expression) => expression.test(workspace));
}

function globExpression(pattern: string): RegExp {
  if (pattern === '') {
    throw new UsageError('--workspaces needs a non-empty pattern', {
      hint: 'Pass a workspace name or a glob such as --workspaces "prod-*" (quote it so the shell does not expand it).',
    });
  }
  let source = '';
  for (const character of pattern) {
    if (character === '*') source += '.*';
    else if (character === '?') source += '.';
    else source += character.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'u');
}
