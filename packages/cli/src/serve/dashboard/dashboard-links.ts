/** Links between dashboard pages; workspace names and version ids are URL-escaped. */
export function workspaceHref(workspace: string): string {
  return `/ui/workspaces/${encodeURIComponent(workspace)}`;
}

/** The diff page between two versions of a workspace. */
export function diffHref(workspace: string, fromVersion: string, toVersion: string): string {
  const query = new URLSearchParams({ from: fromVersion, to: toVersion });
  return `${workspaceHref(workspace)}/diff?${query.toString()}`;
}
