/** A dashboard URL, decoded. */
export type DashboardRoute =
  | { page: 'overview' }
  | { page: 'workspace'; workspace: string }
  | { page: 'diff'; workspace: string }
  | { page: 'api-overview' }
  | { page: 'api-workspace'; workspace: string }
  | { page: 'api-diff'; workspace: string }
  | { page: 'not-found' };

/**
 * Maps a path to a dashboard page, or undefined when the path is not the dashboard's (`/` and
 * everything under `/ui` are). Malformed escapes and unknown paths under `/ui` are `not-found`.
 */
export function matchDashboardRoute(pathname: string): DashboardRoute | undefined {
  if (pathname === '/' || pathname === '/ui' || pathname === '/ui/') return { page: 'overview' };
  if (!pathname.startsWith('/ui/')) return undefined;
  const segments = decodeSegments(pathname.slice('/ui/'.length).replace(/\/$/, ''));
  if (segments === undefined) return { page: 'not-found' };
  const api = segments[0] === 'api';
  const rest = api ? segments.slice(1) : segments;
  if (rest.length === 1 && rest[0] === 'workspaces' && api) return { page: 'api-overview' };
  if (rest[0] !== 'workspaces' || rest[1] === undefined || rest[1] === '') return { page: 'not-found' };
  const workspace = rest[1];
  if (rest.length === 2) return api ? { page: 'api-workspace', workspace } : { page: 'workspace', workspace };
  if (rest.length === 3 && rest[2] === 'diff') return api ? { page: 'api-diff', workspace } : { page: 'diff', workspace };
  return { page: 'not-found' };
}

function decodeSegments(path: string): string[] | undefined {
  try {
    return path.split('/').map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}
