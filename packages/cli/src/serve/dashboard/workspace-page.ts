import type { ResourceSummary, StateVersionEntry } from '@x/backend-core';
import { diffHref, workspaceHref } from './dashboard-links.js';
import { formatBytes, formatDuration, formatTimestamp } from './display-format.js';
import { lockCell, serialCell } from './overview-page.js';
import type { OutputView } from './output-views.js';
import { html, type SafeHtml } from './safe-html.js';
import type { WorkspaceSummary } from './workspace-summary.js';

/** The versions part of a workspace page: unsupported by the backend, failed to list, or listed. */
export type VersionsView = { supported: false } | { supported: true; entries: StateVersionEntry[]; problem?: string };

/** Everything the workspace page shows. */
export interface WorkspacePageData {
  summary: WorkspaceSummary;
  outputs: OutputView[];
  resources: ResourceSummary[];
  versions: VersionsView;
}

/** `/ui/workspaces/<name>`: facts, lock, outputs (sensitive ones masked), resources, versions. */
export function renderWorkspacePage(data: WorkspacePageData, now: Date): SafeHtml {
  const { summary } = data;
  return html`<h1>${summary.name}</h1>
<section class="panel"><dl class="facts" id="facts">
<dt>Serial</dt><dd>${serialCell(summary)}</dd>
<dt>Lineage</dt><dd class="mono">${summary.lineage ?? ''}</dd>
<dt>Written by</dt><dd>${summary.terraformVersion ? `Terraform ${summary.terraformVersion}` : ''}</dd>
<dt>Size</dt><dd>${summary.size === undefined ? '' : formatBytes(summary.size)}</dd>
<dt>Last change</dt><dd>${summary.lastModified ? `${formatTimestamp(summary.lastModified)} (${formatDuration(now.getTime() - summary.lastModified.getTime())} ago)` : html`<span class="muted">not recorded</span>`}</dd>
${summary.versionId ? html`<dt>Version</dt><dd class="mono">${summary.versionId}</dd>` : ''}
${summary.problem ? html`<dt>Problem</dt><dd>${summary.problem}</dd>` : ''}
<dt>Lock</dt><dd id="lock">${lockCell(summary.lock, summary.lockProblem)}${
    summary.lock
      ? html`<div class="small muted">ID <span class="mono">${summary.lock.id}</span> · created ${summary.lock.created}${summary.lock.info ? ` · ${summary.lock.info}` : ''}</div>`
      : ''
  }</dd>
</dl></section>
<h2>Outputs</h2>
<section class="panel">${renderOutputs(data.outputs)}</section>
<h2>Resources</h2>
<section class="panel">${renderResources(data.resources)}</section>
<h2>Versions</h2>
<section class="panel">${renderVersions(summary.name, data.versions)}</section>`;
}

function renderOutputs(outputs: OutputView[]): SafeHtml {
  if (outputs.length === 0) return html`<p class="empty">No outputs.</p>`;
  return html`<table id="outputs"><thead><tr><th>Name</th><th>Type</th><th>Value</th></tr></thead><tbody>
${outputs.map(
  (output) => html`<tr data-output="${output.name}"><td class="mono">${output.name}</td><td class="mono">${output.type}</td>
<td class="value">${
    output.sensitive
      ? html`<span class="badge sensitive">sensitive</span> <span class="muted">value hidden</span>`
      : html`<code>${output.value}</code>${output.truncated ? html` <span class="muted small">(shortened)</span>` : ''}`
  }</td></tr>`,
)}
</tbody></table>`;
}

function renderResources(resources: ResourceSummary[]): SafeHtml {
  if (resources.length === 0) return html`<p class="empty">No resources.</p>`;
  return html`<table id="resources"><thead><tr><th>Address</th><th>Mode</th><th>Type</th><th class="number">Instances</th></tr></thead><tbody>
${resources.map(
  (resource) => html`<tr><td class="mono">${resource.address}</td><td>${resource.mode}</td><td class="mono">${resource.type}</td><td class="number">${resource.instanceCount}</td></tr>`,
)}
</tbody></table>`;
}

function renderVersions(workspace: string, versions: VersionsView): SafeHtml {
  if (!versions.supported) return html`<p class="empty">This backend keeps no earlier versions (for S3 or OSS, enable bucket versioning).</p>`;
  if (versions.problem) return html`<p class="empty"><span class="badge problem">unavailable</span> ${versions.problem}</p>`;
  if (versions.entries.length === 0) return html`<p class="empty">No versions recorded yet.</p>`;
  const readable = versions.entries.filter((entry) => !entry.isDeleteMarker);
  return html`${readable.length >= 2 ? renderCompareForm(workspace, readable) : ''}
<table id="versions"><thead><tr><th>Written</th><th class="number">Size</th><th>Version id</th><th></th><th>Changes</th></tr></thead><tbody>
${versions.entries.map((entry, index) => {
  const previous = versions.entries.slice(index + 1).find((candidate) => !candidate.isDeleteMarker);
  return html`<tr data-version="${entry.versionId}"><td>${formatTimestamp(entry.lastModified)}</td>
<td class="number">${entry.isDeleteMarker ? '' : formatBytes(entry.size)}</td>
<td class="mono small">${entry.versionId}</td>
<td>${entry.isLatest ? html`<span class="badge latest">current</span>` : ''}${entry.isDeleteMarker ? html`<span class="badge deleted">deleted</span>` : ''}</td>
<td>${!entry.isDeleteMarker && previous ? html`<a href="${diffHref(workspace, previous.versionId, entry.versionId)}">changes from previous</a>` : ''}</td></tr>`;
})}
</tbody></table>`;
}

/** Two version pickers; a plain GET form, so it works without any script. */
function renderCompareForm(workspace: string, readable: StateVersionEntry[]): SafeHtml {
  const option = (entry: StateVersionEntry, selected: boolean) =>
    html`<option value="${entry.versionId}"${selected ? html` selected` : ''}>${formatTimestamp(entry.lastModified)} · ${entry.versionId.slice(0, 12)}</option>`;
  return html`<form class="compare" method="get" action="${workspaceHref(workspace)}/diff">
<label>From <select name="from">${readable.map((entry, index) => option(entry, index === 1))}</select></label>
<label>to <select name="to">${readable.map((entry, index) => option(entry, index === 0))}</select></label>
<button type="submit">Compare</button>
</form>`;
}
