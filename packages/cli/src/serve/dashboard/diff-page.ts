import type { StateVersionEntry } from '@x/backend-core';
import type { StateDiff, StateDiffChangedInstance, StateDiffInstance } from '../../diff/index.js';
import { formatBytes, formatTimestamp } from './display-format.js';
import { compactJson } from './output-views.js';
import { html, type SafeHtml } from './safe-html.js';

/** The diff page's input: the two versions compared and their diff (or why there is none). */
export interface DiffPageData {
  workspace: string;
  from: StateVersionEntry;
  to: StateVersionEntry;
  diff?: StateDiff;
  problem?: string;
}

/** `/ui/workspaces/<name>/diff`: resource instances and outputs added, removed or changed. */
export function renderDiffPage(data: DiffPageData): SafeHtml {
  const { diff } = data;
  return html`<h1>Changes in ${data.workspace}</h1>
<section class="panel"><dl class="facts" id="diff-sides">
<dt>From</dt><dd>${sideText(data.from, diff?.before.serial)}</dd>
<dt>To</dt><dd>${sideText(data.to, diff?.after.serial)}</dd>
${diff && diff.before.lineage !== diff.after.lineage ? html`<dt>Lineage</dt><dd><span class="badge problem">different lineage</span> these versions belong to different state histories</dd>` : ''}
</dl></section>
${
  diff
    ? html`<p class="lead" id="diff-summary">${summaryText(diff)}</p>
<h2>Resources</h2>
<section class="panel">${renderResourceChanges(diff)}</section>
<h2>Outputs</h2>
<section class="panel">${renderOutputChanges(diff)}</section>`
    : html`<p class="lead"><span class="badge problem">cannot compare</span> ${data.problem ?? ''}</p>`
}`;
}

function sideText(entry: StateVersionEntry, serial: number | undefined): SafeHtml {
  return html`${serial === undefined ? '' : html`serial <strong>${serial}</strong> · `}${formatTimestamp(entry.lastModified)} · ${formatBytes(entry.size)} · <span class="mono small">${entry.versionId}</span>`;
}

function summaryText(diff: StateDiff): string {
  const { added, removed, changed } = diff.resources;
  const outputs = diff.outputs.added.length + diff.outputs.removed.length + diff.outputs.changed.length;
  return `${added.length} added, ${changed.length} changed, ${removed.length} removed resource instances · ${outputs} output ${outputs === 1 ? 'change' : 'changes'}`;
}

function renderResourceChanges(diff: StateDiff): SafeHtml {
  const rows = [
    ...diff.resources.added.map((instance) => resourceRow('added', instance)),
    ...diff.resources.changed.map((instance) => resourceRow('changed', instance)),
    ...diff.resources.removed.map((instance) => resourceRow('removed', instance)),
  ];
  if (rows.length === 0) return html`<p class="empty">No resource instance changed.</p>`;
  return html`<table id="resource-changes"><thead><tr><th class="kind">Change</th><th>Address</th><th>What differs</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function resourceRow(kind: 'added' | 'removed' | 'changed', instance: StateDiffInstance | StateDiffChangedInstance): SafeHtml {
  return html`<tr data-change="${kind}"><td class="kind"><span class="badge ${kind}">${kind}</span></td>
<td class="mono">${instance.address}${instance.deposed ? html` <span class="muted small">(deposed ${instance.deposed})</span>` : ''}</td>
<td>${'attributes' in instance ? changedDetails(instance) : ''}</td></tr>`;
}

/** Attribute and field names only: the diff never carries values, so neither does the page. */
function changedDetails(instance: StateDiffChangedInstance): SafeHtml {
  const sensitive = new Set(instance.sensitiveAttributes);
  return html`${
    instance.attributes.length > 0
      ? html`attributes: ${instance.attributes.map(
          (name, index) => html`${index > 0 ? ', ' : ''}<code>${name}</code>${sensitive.has(name) ? html` <span class="badge sensitive">sensitive</span>` : ''}`,
        )}`
      : ''
  }${instance.fields.length > 0 ? html`<div class="muted small">also: ${instance.fields.join(', ')}</div>` : ''}`;
}

function renderOutputChanges(diff: StateDiff): SafeHtml {
  const rows = [
    ...diff.outputs.added.map((output) => outputRow('added', output.name, output.sensitive, [], undefined, output.value)),
    ...diff.outputs.changed.map((output) => outputRow('changed', output.name, output.sensitive, output.changes, output.before, output.after)),
    ...diff.outputs.removed.map((output) => outputRow('removed', output.name, output.sensitive, [], output.value, undefined)),
  ];
  if (rows.length === 0) return html`<p class="empty">No output changed.</p>`;
  return html`<table id="output-changes"><thead><tr><th class="kind">Change</th><th>Output</th><th>Before</th><th>After</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function outputRow(
  kind: 'added' | 'removed' | 'changed',
  name: string,
  sensitive: boolean,
  changes: readonly string[],
  before: unknown,
  after: unknown,
): SafeHtml {
  const cell = (present: boolean, value: unknown) => {
    if (!present) return '';
    if (sensitive) return html`<span class="badge sensitive">sensitive</span>`;
    const { text, truncated } = compactJson(value);
    return html`<code>${text}</code>${truncated ? html` <span class="muted small">(shortened)</span>` : ''}`;
  };
  return html`<tr data-change="${kind}"><td class="kind"><span class="badge ${kind}">${kind}</span></td>
<td class="mono">${name}${changes.length > 0 && !(changes.length === 1 && changes[0] === 'value') ? html` <span class="muted small">(${changes.join(', ')})</span>` : ''}</td>
<td class="value">${cell(kind !== 'added', before)}</td><td class="value">${cell(kind !== 'removed', after)}</td></tr>`;
}
