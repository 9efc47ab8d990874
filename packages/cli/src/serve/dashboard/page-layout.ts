import { dashboardStyles } from './dashboard-styles.js';
import { html, type HtmlValue, type SafeHtml } from './safe-html.js';

/** What every dashboard page shows around its content. */
export interface PageFrame {
  title: string;
  backendName: string;
  user?: string;
  /** The CSP nonce that lets the inline stylesheet apply. */
  styleNonce: string;
  /** Links from the overview down to this page, the last one being the page itself. */
  crumbs?: { label: string; href?: string }[];
  body: HtmlValue;
}

/** A complete HTML document. It loads nothing else and runs no script. */
export function renderPage(frame: PageFrame): SafeHtml {
  const crumbs = frame.crumbs ?? [];
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${frame.title} · tfstate</title>
<style nonce="${frame.styleNonce}">${dashboardStyles}</style>
</head>
<body>
<header class="top">
<a href="/">tfstate dashboard</a>
<span class="backend">backend: ${frame.backendName} · read-only</span>
${frame.user ? html`<span class="user">signed in as ${frame.user}</span>` : ''}
</header>
<main>
${
  crumbs.length > 0
    ? html`<nav class="crumbs">${crumbs.map((crumb, index) =>
        html`${index > 0 ? ' / ' : ''}${crumb.href ? html`<a href="${crumb.href}">${crumb.label}</a>` : crumb.label}`,
      )}</nav>`
    : ''
}
${frame.body}
</main>
</body>
</html>
`;
}
