// The score report's webview HTML, built by one pure function so it can be tested without VS Code
// (this module must not import vscode). Every identifier, message and path is escaped; the page loads
// nothing (works offline), follows the theme through VS Code's CSS variables, and runs one nonce'd
// script that only posts messages: which item was clicked (by index, never a path) and which button.
import type { ScoreReport } from '../../server/src/engine/score.js';

export interface ScoreView {
  /** The project's name (its folder). */
  project: string;
  report: ScoreReport;
  /** File (URI or path) as found in `report` → what to show for it (project-relative path). */
  display: Record<string, string>;
}

export interface HtmlOptions {
  /** A fresh random nonce per render (base64). */
  nonce: string;
  /** `webview.cspSource`. */
  cspSource: string;
}

/** Messages the page posts to the extension. */
export type ScoreMessage = { type: 'open'; list: 'finding' | 'table'; index: number } | { type: 'export' } | { type: 'rescore' };

export function isScoreMessage(m: unknown): m is ScoreMessage {
  if (!m || typeof m !== 'object') return false;
  const x = m as Record<string, unknown>;
  if (x.type === 'export' || x.type === 'rescore') return true;
  return x.type === 'open' && (x.list === 'finding' || x.list === 'table') && Number.isInteger(x.index) && (x.index as number) >= 0;
}

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** How many findings and tables the page lists. */
export const MAX_FINDINGS = 25;
export const MAX_TABLES = 50;
export const MAX_RULES = 15;

function tone(score: number | null, max: number): string {
  if (score === null) return 'none';
  const r = score / max;
  return r >= 0.9 ? 'expert' : r >= 0.8 ? 'professional' : r >= 0.6 ? 'solid' : r >= 0.4 ? 'work' : 'critical';
}

function pct(score: number | null, max: number): number {
  return score === null ? 0 : Math.max(0, Math.min(100, Math.round((score / max) * 100)));
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 20px 24px; line-height: 1.45; }
h1 { font-size: 1.5em; font-weight: 600; margin: 18px 0 4px; }
h2 { font-size: 1.15em; font-weight: 600; margin: 26px 0 8px; border-bottom: 1px solid var(--vscode-panel-border, transparent); padding-bottom: 4px; }
.muted { color: var(--vscode-descriptionForeground); }
.headline { display: flex; align-items: baseline; gap: 14px; flex-wrap: wrap; margin: 8px 0 4px; }
.score { font-size: 3em; font-weight: 700; line-height: 1; }
.band { font-size: 1.2em; font-weight: 600; padding: 2px 10px; border-radius: 10px; border: 1px solid currentColor; }
.actions { margin: 12px 0; display: flex; gap: 8px; }
button.action { font-family: inherit; font-size: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 4px 12px; border-radius: 2px; cursor: pointer; }
button.action:hover { background: var(--vscode-button-hoverBackground); }
button.action.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
button.link { font-family: var(--vscode-editor-font-family); font-size: inherit; color: var(--vscode-textLink-foreground); background: none; border: none; padding: 0; cursor: pointer; text-align: left; }
button.link:hover { text-decoration: underline; color: var(--vscode-textLink-activeForeground); }
button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
ul.notes { padding-left: 18px; margin: 6px 0; }
.dimension { margin: 10px 0 4px; }
.dimension .row { display: grid; grid-template-columns: minmax(140px, 200px) 56px minmax(120px, 1fr) 100px; gap: 10px; align-items: center; }
.dimension .name { font-weight: 600; }
.bar { height: 10px; background: var(--vscode-editorWidget-background, rgba(128,128,128,0.15)); border: 1px solid var(--vscode-panel-border, rgba(128,128,128,0.35)); border-radius: 3px; overflow: hidden; }
.fill { height: 100%; }
.tone-expert { color: var(--vscode-charts-green); } .fill.tone-expert { background: var(--vscode-charts-green); }
.tone-professional { color: var(--vscode-charts-blue); } .fill.tone-professional { background: var(--vscode-charts-blue); }
.tone-solid { color: var(--vscode-charts-yellow); } .fill.tone-solid { background: var(--vscode-charts-yellow); }
.tone-work { color: var(--vscode-charts-orange); } .fill.tone-work { background: var(--vscode-charts-orange); }
.tone-critical { color: var(--vscode-charts-red); } .fill.tone-critical { background: var(--vscode-charts-red); }
.tone-none { color: var(--vscode-descriptionForeground); }
.reasons { margin: 4px 0 0; padding-left: 18px; color: var(--vscode-descriptionForeground); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border, rgba(128,128,128,0.25)); }
th { font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
code { font-family: var(--vscode-editor-font-family); }
`;

/** The whole HTML document of the report. */
export function renderScoreHtml(view: ScoreView, options: HtmlOptions): string {
  const { report: r } = view;
  const nonce = /^[A-Za-z0-9+/=]+$/.test(options.nonce) ? options.nonce : '';
  const shown = (file: string): string => view.display[file] ?? file;
  const widths = Array.from({ length: 101 }, (_, i) => `.pct-${i}{width:${i}%}`).join('');
  const csp = [
    "default-src 'none'",
    `style-src ${options.cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${options.cspSource}`,
    `font-src ${options.cspSource}`,
  ].join('; ');

  const dimensions = r.dimensions
    .map((d) => {
      const t = tone(d.score, 10);
      return `<div class="dimension">
  <div class="row">
    <span class="name">${escapeHtml(d.name)}</span>
    <span class="muted" title="Weight in the rubric">${escapeHtml(d.weight)} %</span>
    <div class="bar" role="img" aria-label="${escapeHtml(d.score === null ? `${d.name}: not assessed` : `${d.name}: ${d.score} of 10`)}"><div class="fill tone-${t} pct-${pct(d.score, 10)}"></div></div>
    <span class="tone-${t}">${d.score === null ? 'not assessed' : `${escapeHtml(d.score)}/10`}</span>
  </div>
  <ul class="reasons">${d.reasons.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>
</div>`;
    })
    .join('\n');

  const groups = r.byRule.slice(0, MAX_RULES);
  const groupRows = groups
    .map(
      (g) => `<tr>
  <td class="num">−${escapeHtml(g.cost.toFixed(2))}</td>
  <td><code>${escapeHtml(g.ruleId)}</code></td>
  <td>${escapeHtml(g.dimension)}</td>
  <td class="num">${escapeHtml(g.count)}</td>
</tr>`,
    )
    .join('\n');

  const findings = r.topFindings.slice(0, MAX_FINDINGS);
  const findingRows = findings
    .map(
      (f, i) => `<tr>
  <td class="num">−${escapeHtml(f.cost.toFixed(2))}</td>
  <td><code>${escapeHtml(f.ruleId)}</code><br><span class="muted">${escapeHtml(f.dimension)}</span></td>
  <td><button class="link" data-open data-list="finding" data-index="${i}" title="Open ${escapeHtml(shown(f.file))} at line ${escapeHtml(f.line)}">${escapeHtml(shown(f.file))}:${escapeHtml(f.line)}:${escapeHtml(f.column)}</button></td>
  <td>${escapeHtml(f.message)}</td>
</tr>`,
    )
    .join('\n');

  const tables = r.perTable.slice(0, MAX_TABLES);
  const tableRows = tables
    .map(
      (t, i) => `<tr>
  <td><button class="link" data-open data-list="table" data-index="${i}" title="Open the definition of ${escapeHtml(t.table)}">${escapeHtml(t.table)}</button></td>
  <td class="num">${t.cost > 0 ? `−${escapeHtml(t.cost.toFixed(2))}` : '0'}</td>
  <td class="num">${escapeHtml(t.findings)}</td>
  <td>${t.issues.length ? escapeHtml(t.issues.join(', ')) : '<span class="muted">–</span>'}</td>
  <td class="muted">${escapeHtml(shown(t.file))}:${escapeHtml(t.line)}</td>
</tr>`,
    )
    .join('\n');

  const overall = tone(r.score, 100);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Schema score: ${escapeHtml(view.project)}</title>
<style nonce="${nonce}">${STYLE}${widths}</style>
</head>
<body>
<h1>Schema score <span class="muted">· ${escapeHtml(view.project)}</span></h1>
<div class="headline">
  <span class="score tone-${overall}">${escapeHtml(r.score)}<span class="muted">/100</span></span>
  <span class="band tone-${overall}">${escapeHtml(r.band)}</span>
  <span class="muted">${escapeHtml(r.tables)} tables, ${escapeHtml(r.migrations)} migrations</span>
</div>
${r.notes.length ? `<ul class="notes">${r.notes.map((n) => `<li class="muted">${escapeHtml(n)}</li>`).join('')}</ul>` : ''}
<div class="actions">
  <button class="action" data-action="export">Export as Markdown</button>
  <button class="action secondary" data-action="rescore">Score again</button>
</div>
<h2>Dimensions</h2>
${dimensions}
<h2>Where the points went</h2>
${
  groups.length
    ? `<p class="muted">Points of the 100 lost to each rule or signal, over all its occurrences: what to fix first.</p>
<table>
<thead><tr><th class="num">Points</th><th>Rule or signal</th><th>Dimension</th><th class="num">Count</th></tr></thead>
<tbody>
${groupRows}
</tbody>
</table>`
    : '<p class="muted">Nothing cost a point.</p>'
}
<h2>What cost the most points</h2>
${
  findings.length
    ? `<p class="muted">Points of the 100 each finding or signal costs; click a location to open it.${r.topFindings.length > findings.length ? ` The ${findings.length} most expensive are shown; the Markdown export lists more.` : ''}</p>
<table>
<thead><tr><th class="num">Points</th><th>Rule or signal</th><th>Where</th><th>Message</th></tr></thead>
<tbody>
${findingRows}
</tbody>
</table>`
    : '<p class="muted">Nothing cost a point.</p>'
}
<h2>Tables</h2>
${
  tables.length
    ? `<table>
<thead><tr><th>Table</th><th class="num">Points lost</th><th class="num">Findings</th><th>Issues</th><th>Defined in</th></tr></thead>
<tbody>
${tableRows}
</tbody>
</table>${r.perTable.length > tables.length ? `<p class="muted">${escapeHtml(r.perTable.length - tables.length)} more tables lost fewer points.</p>` : ''}`
    : '<p class="muted">No tables in the migration history.</p>'
}
<script nonce="${nonce}">
(function () {
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', function (event) {
    const target = event.target instanceof Element ? event.target : null;
    const open = target && target.closest('[data-open]');
    if (open) {
      event.preventDefault();
      vscode.postMessage({ type: 'open', list: open.getAttribute('data-list'), index: Number(open.getAttribute('data-index')) });
      return;
    }
    const action = target && target.closest('[data-action]');
    if (action) vscode.postMessage({ type: action.getAttribute('data-action') });
  });
})();
</script>
</body>
</html>
`;
}
