import { formatBytes, formatDuration, formatTimestamp } from './display-format.js';
import { html, type SafeHtml } from './safe-html.js';
import { workspaceHref } from './dashboard-links.js';
import type { LockSummary, WorkspaceSummary } from './workspace-summary.js';

/** The `/` page: one row per readable workspace. */
export function renderOverview(workspaces: WorkspaceSummary[], now: Date): SafeHtml {
  const locked = workspaces.filter((workspace) => workspace.lock !== undefined).length;
  return html`<h1>Workspaces</h1>
<p class="lead">${workspaces.length} ${workspaces.length === 1 ? 'workspace' : 'workspaces'} · ${locked} locked · rendered ${formatTimestamp(now)}</p>
<section class="panel">
<table id="workspaces">
<thead><tr><th>Workspace</th><th class="number">Serial</th><th>Lineage</th><th class="number">Size</th><th>Last change</th><th>Lock</th></tr></thead>
<tbody>
${workspaces.map(
  (workspace) => html`<tr data-workspace="${workspace.name}">
<td><a href="${workspaceHref(workspace.name)}">${workspace.name}</a></td>
<td class="number">${serialCell(workspace)}</td>
<td><span class="mono">${workspace.lineage ?? ''}</span></td>
<td class="number">${workspace.size === undefined ? '' : formatBytes(workspace.size)}</td>
<td>${lastChangeCell(workspace, now)}</td>
<td>${lockCell(workspace.lock, workspace.lockProblem)}</td>
</tr>`,
)}
</tbody>
</table>
${workspaces.length === 0 ? html`<p class="empty">No workspace you may read has a state yet.</p>` : ''}
</section>`;
}

/** The serial, or a badge saying why there is none. */
export function serialCell(workspace: WorkspaceSummary): SafeHtml {
  switch (workspace.status) {
    case 'present':
      return html`${workspace.serial}`;
    case 'empty':
      return html`<span class="badge neutral">no state</span>`;
    case 'encrypted':
      return html`<span class="badge neutral" title="OpenTofu client-side encryption">encrypted</span>`;
    case 'unreadable':
      return html`<span class="badge problem" title="${workspace.problem ?? ''}">unreadable</span>`;
  }
}

function lastChangeCell(workspace: WorkspaceSummary, now: Date): SafeHtml {
  if (!workspace.lastModified) return html`<span class="muted">${workspace.status === 'empty' ? '' : 'not recorded'}</span>`;
  return html`${formatTimestamp(workspace.lastModified)} <span class="muted small">(${formatDuration(now.getTime() - workspace.lastModified.getTime())} ago)</span>`;
}

/** `locked` with holder, operation and age, `free`, or the reason the lock could not be read. */
export function lockCell(lock: LockSummary | undefined, problem: string | undefined): SafeHtml {
  if (problem) return html`<span class="badge problem" title="${problem}">lock unreadable</span>`;
  if (!lock) return html`<span class="badge free">free</span>`;
  return html`<span class="badge locked">locked</span> ${lock.who || 'unknown holder'}
<span class="muted small">${lock.operation}${lock.ageMilliseconds === undefined ? '' : ` · ${formatDuration(lock.ageMilliseconds)}`}</span>`;
}
