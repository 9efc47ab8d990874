/** The dashboard's only stylesheet, inlined under the response's CSP nonce (no external assets). */
export const dashboardStyles = `
:root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --panel: #ffffff;
  --page: #f5f7fa; --accent: #2563eb; --warn-bg: #fff4e5; --warn-ink: #8a4b00; --ok-bg: #e6f6ec; --ok-ink: #1e6b3a;
  --bad-bg: #fdecec; --bad-ink: #9b1c1c; --mono: "DejaVu Sans Mono", ui-monospace, Menlo, Consolas, monospace; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
header.top { background: #111827; color: #f9fafb; padding: 10px 24px; display: flex; align-items: baseline; gap: 16px; }
header.top a { color: #f9fafb; text-decoration: none; font-weight: 600; }
header.top .backend, header.top .user { color: #9ca3af; font-size: 13px; }
header.top .user { margin-left: auto; }
main { max-width: 1240px; margin: 0 auto; padding: 20px 24px 40px; }
h1 { font-size: 22px; margin: 4px 0 4px; word-break: break-all; }
h2 { font-size: 16px; margin: 28px 0 8px; }
p.lead { color: var(--muted); margin: 0 0 16px; }
nav.crumbs { font-size: 13px; color: var(--muted); }
nav.crumbs a { color: var(--accent); text-decoration: none; }
a { color: var(--accent); }
section.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 8px 12px; border-bottom: 1px solid var(--line); vertical-align: middle; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); background: #f9fafb; font-weight: 600; }
tr:last-child td { border-bottom: none; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
th.number { text-align: right; }
code, .mono { font-family: var(--mono); font-size: 13px; }
th.kind, td.kind { width: 1%; white-space: nowrap; padding-right: 24px; }
section.panel + p.lead { margin-top: 14px; }
td.value code { white-space: pre-wrap; word-break: break-all; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.badge.locked, .badge.changed { background: var(--warn-bg); color: var(--warn-ink); }
.badge.free, .badge.added, .badge.latest { background: var(--ok-bg); color: var(--ok-ink); }
.badge.problem, .badge.removed, .badge.deleted { background: var(--bad-bg); color: var(--bad-ink); }
.badge.sensitive, .badge.neutral { background: #eef2ff; color: #3730a3; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 20px; margin: 0; padding: 14px 16px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; word-break: break-all; }
form.compare { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; padding: 12px 16px; border-bottom: 1px solid var(--line); }
form.compare select { font: inherit; padding: 4px 6px; max-width: 360px; }
form.compare button { font: inherit; padding: 4px 14px; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 6px; }
p.empty { padding: 14px 16px; margin: 0; color: var(--muted); }
ul.attributes { margin: 0; padding-left: 18px; }
`;
