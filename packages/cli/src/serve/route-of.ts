import { HttpError } from './http-error.js';

/** What a request path addresses. `label` names the route in metrics and logs (never a workspace name). */
export type Route =
  | { kind: 'health'; label: '/healthz' }
  | { kind: 'metrics'; label: '/metrics' }
  | { kind: 'dashboard'; label: '/ui' }
  | { kind: 'state'; label: '/{workspace}'; workspace: string }
  | { kind: 'lock'; label: '/{workspace}/lock'; workspace: string }
  | { kind: 'versions'; label: '/{workspace}/versions'; workspace: string }
  | { kind: 'version'; label: '/{workspace}/versions/{id}'; workspace: string; versionId: string }
  | { kind: 'unknown'; label: 'unmatched' };

/**
 * Maps a path to a route. A workspace is the first path segment, percent-decoded (`/default`,
 * `/prod-eu`); `healthz`, `metrics` and `ui` are the server's own and cannot be used as
 * workspace names here. `/` and everything under `/ui/` belong to the dashboard.
 */
export function routeOf(pathname: string): Route {
  if (pathname === '/healthz') return { kind: 'health', label: '/healthz' };
  if (pathname === '/metrics') return { kind: 'metrics', label: '/metrics' };
  if (pathname === '/' || pathname === '/ui' || pathname.startsWith('/ui/')) return { kind: 'dashboard', label: '/ui' };
  const segments = pathname.slice(1).split('/');
  if (segments.some((segment) => segment === '')) return { kind: 'unknown', label: 'unmatched' };
  const workspace = decodeSegment(segments[0]!);
  if (segments.length === 1) return { kind: 'state', label: '/{workspace}', workspace };
  if (segments.length === 2 && segments[1] === 'lock') return { kind: 'lock', label: '/{workspace}/lock', workspace };
  if (segments.length === 2 && segments[1] === 'versions') return { kind: 'versions', label: '/{workspace}/versions', workspace };
  if (segments.length === 3 && segments[1] === 'versions') {
    return { kind: 'version', label: '/{workspace}/versions/{id}', workspace, versionId: decodeSegment(segments[2]!) };
  }
  return { kind: 'unknown', label: 'unmatched' };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'the path holds an invalid percent-encoding');
  }
}
