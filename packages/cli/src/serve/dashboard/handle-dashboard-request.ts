import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DashboardContext } from './dashboard-context.js';
import { isVisibleWorkspace, loadDiff, loadOverview, loadWorkspace, type DiffResult } from './dashboard-data.js';
import { workspaceHref } from './dashboard-links.js';
import { createNonce, sendHtml, sendJson, sendText } from './dashboard-response.js';
import { matchDashboardRoute, type DashboardRoute } from './dashboard-route.js';
import { renderDiffPage } from './diff-page.js';
import { renderOverview } from './overview-page.js';
import { renderPage, type PageFrame } from './page-layout.js';
import { html } from './safe-html.js';
import { renderWorkspacePage } from './workspace-page.js';
import { problemOf } from './workspace-summary.js';

/**
 * Serves the read-only dashboard: `/` (workspaces), `/ui/workspaces/<name>` (outputs with
 * sensitive values masked, resources, versions), `/ui/workspaces/<name>/diff?from=&to=`
 * (resource-level diff of two versions) and the same data as JSON under `/ui/api/`. The
 * caller has authenticated the request; only workspaces `context.canRead` accepts are shown,
 * and any other name gets the same 404 as an unknown one. Only GET and HEAD are answered
 * (405 otherwise). Resolves true when the request was the dashboard's and has been answered,
 * false when the path is not the dashboard's (nothing is written then).
 */
export async function handleDashboardRequest(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  context: DashboardContext,
): Promise<boolean> {
  const route = matchDashboardRoute(url.pathname);
  if (route === undefined) return false;
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    sendText(response, method, 405, 'The dashboard is read-only: use GET.', { Allow: 'GET, HEAD' });
    return true;
  }
  const nonce = createNonce();
  const page = (status: number, frame: Omit<PageFrame, 'backendName' | 'styleNonce' | 'user'>): void =>
    sendHtml(
      response,
      method,
      status,
      renderPage({ ...frame, backendName: context.backend.name, styleNonce: nonce, ...(context.user ? { user: context.user } : {}) }),
      nonce,
    );
  try {
    await answer(route, url, context, method, response, page);
  } catch (error) {
    // The store failed (unreachable, denied, damaged): say so instead of dropping the connection.
    if (route.page.startsWith('api-')) sendJson(response, method, 502, { error: problemOf(error) });
    else page(502, { title: 'Backend error', body: html`<h1>The backend could not be read</h1><p class="lead">${problemOf(error)}</p>` });
  }
  return true;
}

type PageSender = (status: number, frame: Omit<PageFrame, 'backendName' | 'styleNonce' | 'user'>) => void;

async function answer(
  route: DashboardRoute,
  url: URL,
  context: DashboardContext,
  method: string,
  response: ServerResponse,
  page: PageSender,
): Promise<void> {
  const now = new Date();
  const notFound = () =>
    route.page.startsWith('api-')
      ? sendJson(response, method, 404, { error: 'not found' })
      : page(404, { title: 'Not found', body: html`<h1>Not found</h1><p class="lead">No such page or workspace. <a href="/">All workspaces</a></p>` });
  switch (route.page) {
    case 'not-found':
      return notFound();
    case 'overview':
      return page(200, { title: 'Workspaces', body: renderOverview(await loadOverview(context, now), now) });
    case 'api-overview':
      return sendJson(response, method, 200, { backend: context.backend.name, workspaces: await loadOverview(context, now) });
  }
  if (!(await isVisibleWorkspace(context, route.workspace))) return notFound();
  const workspace = route.workspace;
  const crumbs = [{ label: 'Workspaces', href: '/' }];
  switch (route.page) {
    case 'workspace':
      return page(200, {
        title: workspace,
        crumbs: [...crumbs, { label: workspace }],
        body: renderWorkspacePage(await loadWorkspace(context, workspace, now), now),
      });
    case 'api-workspace':
      return sendJson(response, method, 200, await loadWorkspace(context, workspace, now));
    case 'diff':
    case 'api-diff': {
      const result = await loadDiff(context, workspace, url.searchParams.get('from'), url.searchParams.get('to'));
      if (route.page === 'api-diff') return sendJson(response, method, diffStatus(result), result);
      if (result.kind !== 'diff') {
        return page(diffStatus(result), {
          title: `Changes in ${workspace}`,
          crumbs: [...crumbs, { label: workspace, href: workspaceHref(workspace) }, { label: 'changes' }],
          body: html`<h1>Changes in ${workspace}</h1><p class="lead">${diffRefusal(result)}</p>`,
        });
      }
      return page(200, {
        title: `Changes in ${workspace}`,
        crumbs: [...crumbs, { label: workspace, href: workspaceHref(workspace) }, { label: 'changes' }],
        body: renderDiffPage({ workspace, ...result }),
      });
    }
  }
}

function diffStatus(result: DiffResult): number {
  return result.kind === 'diff' ? 200 : result.kind === 'unknown-version' ? 404 : 409;
}

function diffRefusal(result: Exclude<DiffResult, { kind: 'diff' }>): string {
  switch (result.kind) {
    case 'unsupported':
      return 'This backend keeps no earlier versions, so there is nothing to compare (for S3 or OSS, enable bucket versioning).';
    case 'unknown-version':
      return `There is no version ${result.versionId} of this workspace.`;
    case 'no-pair':
      return 'This workspace has fewer than two versions to compare.';
  }
}
