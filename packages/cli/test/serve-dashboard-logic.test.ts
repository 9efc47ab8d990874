import { describe, expect, it } from 'vitest';
import { matchDashboardRoute } from '../src/serve/dashboard/dashboard-route.js';
import { formatBytes, formatDuration, formatTimestamp } from '../src/serve/dashboard/display-format.js';
import { escapeHtml, html } from '../src/serve/dashboard/safe-html.js';
import { mapWithConcurrency } from '../src/serve/dashboard/run-with-concurrency.js';
import { outputViews } from '../src/serve/dashboard/output-views.js';
import { summarizeBytes } from '../src/serve/dashboard/workspace-summary.js';
import { stateFile } from './helpers/state-files.js';

describe('dashboard HTML building', () => {
  it('escapes every interpolated text, in content and in attributes', () => {
    const name = `<img src=x onerror="alert('1')">&\``;
    expect(html`<a title="${name}">${name}</a>`.text).toBe(
      '<a title="&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;&#96;">&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;&#96;</a>',
    );
  });

  it('splices built fragments and lists without escaping them twice, and drops empty values', () => {
    const items = ['a<b', 'c&d'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>${undefined}${null}${false}${0}`.text).toBe('<ul><li>a&lt;b</li><li>c&amp;d</li></ul>0');
    expect(escapeHtml('plain')).toBe('plain');
  });
});

describe('dashboard display formats', () => {
  it('formats sizes, durations and timestamps', () => {
    expect([formatBytes(0), formatBytes(1023), formatBytes(2147), formatBytes(10 * 1024 * 1024)]).toEqual(['0 B', '1023 B', '2.1 KiB', '10.0 MiB']);
    expect([formatDuration(-5), formatDuration(999), formatDuration(45_000), formatDuration(192_000), formatDuration(7_500_000), formatDuration(90_000_000)]).toEqual([
      '0s',
      '0s',
      '45s',
      '3m 12s',
      '2h 5m',
      '1d 1h',
    ]);
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatTimestamp(new Date('2026-11-22T02:49:44.123Z'))).toBe('2026-11-22 02:49:44 UTC');
  });
});

describe('dashboard routes', () => {
  it('claims / and /ui paths only, decoding workspace names', () => {
    expect(matchDashboardRoute('/')).toEqual({ page: 'overview' });
    expect(matchDashboardRoute('/ui/')).toEqual({ page: 'overview' });
    expect(matchDashboardRoute('/ui/workspaces/team%26ops')).toEqual({ page: 'workspace', workspace: 'team&ops' });
    expect(matchDashboardRoute('/ui/workspaces/prod/diff')).toEqual({ page: 'diff', workspace: 'prod' });
    expect(matchDashboardRoute('/ui/api/workspaces')).toEqual({ page: 'api-overview' });
    expect(matchDashboardRoute('/ui/api/workspaces/prod/')).toEqual({ page: 'api-workspace', workspace: 'prod' });
    expect(matchDashboardRoute('/ui/api/workspaces/prod/diff')).toEqual({ page: 'api-diff', workspace: 'prod' });
    expect(matchDashboardRoute('/ui/workspaces/%E0%A4%A')).toEqual({ page: 'not-found' });
    expect(matchDashboardRoute('/ui/workspaces/')).toEqual({ page: 'not-found' });
    expect(matchDashboardRoute('/ui/workspaces/a/b/c')).toEqual({ page: 'not-found' });
    expect(matchDashboardRoute('/ui/other')).toEqual({ page: 'not-found' });
    expect(matchDashboardRoute('/prod')).toBeUndefined();
    expect(matchDashboardRoute('/uix')).toBeUndefined();
  });
});

describe('mapWithConcurrency', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3], 2, async (value) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      return value * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
    expect(await mapWithConcurrency([], 3, async () => 1)).toEqual([]);
  });
});

describe('dashboard state summaries', () => {
  it('summarizes a state and masks sensitive outputs before anything is rendered', () => {
    const bytes = Buffer.from(
      stateFile({
        serial: 5,
        lineage: 'l-1',
        outputs: {
          password: { value: 'hunter2', type: 'string', sensitive: true },
          big: { value: 'x'.repeat(5000), type: 'string' },
          count: { value: 3, type: 'number' },
        },
      }),
    );
    const { summary, state } = summarizeBytes(bytes, { size: bytes.length });
    expect(summary).toEqual({ status: 'present', size: bytes.length, serial: 5, lineage: 'l-1', terraformVersion: '1.11.4', resourceCount: 0, outputCount: 3 });
    const views = outputViews(state!);
    expect(views[0]).toEqual({ name: 'password', type: '"string"', sensitive: true });
    expect(JSON.stringify(views)).not.toContain('hunter2');
    expect(views[1]).toMatchObject({ name: 'big', truncated: true });
    expect(views[1]?.value).toHaveLength(4000);
    expect(views[2]).toEqual({ name: 'count', type: '"number"', sensitive: false, value: '3' });
  });

  it('reports encrypted and damaged states without parsing them as plaintext', () => {
    const envelope = Buffer.from(JSON.stringify({ meta: {}, encrypted_data: 'AAAA', encryption_version: 'v0' }));
    expect(summarizeBytes(envelope, { size: envelope.length })).toEqual({ summary: { status: 'encrypted', size: envelope.length } });
    const damaged = summarizeBytes(Buffer.from('{"version": 4, "serial": '), { size: 25 });
    expect(damaged.state).toBeUndefined();
    expect(damaged.summary).toMatchObject({ status: 'unreadable', size: 25 });
    expect(damaged.summary.problem).toMatch(/JSON|line|column/i);
  });
});
