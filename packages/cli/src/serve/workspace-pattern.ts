/**
 * Compiles a workspace glob: `*` matches any run of characters, `?` one character, everything
 * else itself. Workspace names hold no `/`, so there is no `**`.
 */
export function compileWorkspacePattern(pattern: string): (workspace: string) => boolean {
  if (pattern === '*') return () => true;
  const source = [...pattern]
    .map((character) => (character === '*' ? '.*' : character === '?' ? '.' : character.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  const expression = new RegExp(`^${source}$`, 'u');
  return (workspace) => expression.test(workspace);
}
