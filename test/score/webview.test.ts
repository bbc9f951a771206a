// The score webview's HTML and the Markdown export, as pure functions (no VS Code needed): every
// identifier and message is escaped, the Content-Security-Policy is strict, nothing is loaded.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeHtml, isScoreMessage, renderScoreHtml, type ScoreView } from '../../client/src/score-html.js';
import { defaultConfig, scoreProject } from '../../server/src/engine/index.js';
import { markdownCode, markdownName, markdownText, scoreMarkdown } from '../../server/src/engine/score-markdown.js';
import { lint, usePostgresParser } from '../helpers/engine.js';

const EVIL = '<img src=x onerror=alert(1)>';
const NONCE = 'c2NvcmUtdGVzdC1ub25jZQ==';
const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

const ALLOWED_TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'h1', 'h2', 'span', 'div', 'ul', 'li', 'button', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'br', 'p', 'script']);

function evilView(): ScoreView {
  const files = {
    // The name is a legal quoted identifier: PostgreSQL accepts it, so a report must show it as text.
    '0001_evil.sql': `CREATE TABLE "${EVIL}" (total_price double precision, "<script>alert(2)</script>" text);
CREATE TABLE "a""b&c'd" (id bigint);
CREATE VIEW "<b>v</b>" AS SELECT * FROM "${EVIL}";`,
    '0002_more.sql': `ALTER TABLE "${EVIL}" ADD COLUMN tenant_id bigint NOT NULL;`,
  };
  const report = scoreProject(lint(files, defaultConfig()), defaultConfig());
  const display: Record<string, string> = {};
  for (const f of [...report.topFindings, ...report.perTable]) display[f.file] = f.file.replace('/project/', '');
  return { project: `proj ${EVIL}`, report, display };
}

describe('score webview HTML', () => {
  usePostgresParser();

  test('a table named <img src=x onerror=alert(1)> renders as text, as does every identifier and message', () => {
    const view = evilView();
    assert.ok(view.report.perTable.some((t) => t.table === `"${EVIL}"`), 'the model has the table');
    assert.ok(view.report.topFindings.some((f) => f.message.includes(EVIL)), 'a message names it');
    const html = renderScoreHtml(view, { nonce: NONCE, cspSource: CSP_SOURCE });
    assert.ok(!html.includes('<img'), 'no img element');
    assert.ok(!html.includes('<script>alert'), 'no injected script');
    assert.ok(!html.includes('<b>v</b>'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the name is shown, escaped');
    assert.ok(html.includes('a&quot;b&amp;c&#39;d'), 'quotes and ampersands escaped');
    // Only the page's own elements exist, and no element has an event-handler or style attribute.
    const tags = [...html.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase());
    assert.deepEqual([...new Set(tags)].filter((t) => !ALLOWED_TAGS.has(t)), []);
    const attributes = [...html.matchAll(/<[a-zA-Z][^>]*>/g)].flatMap((m) => [...m[0].replace(/"[^"]*"/g, '""').matchAll(/\s([a-zA-Z-]+)(?==|\s|>)/g)].map((a) => a[1]!.toLowerCase()));
    assert.deepEqual([...new Set(attributes)].filter((a) => /^on|^style$|^src$|^href$/.test(a)), []);
  });

  test('strict Content-Security-Policy: nothing by default, nonce\'d style and script only, no remote resources', () => {
    const html = renderScoreHtml(evilView(), { nonce: NONCE, cspSource: CSP_SOURCE });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1]?.replaceAll('&#39;', "'");
    assert.ok(csp, 'CSP meta');
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives['default-src'], ["'none'"]);
    assert.deepEqual(directives['script-src'], [`'nonce-${NONCE}'`]);
    assert.deepEqual(directives['style-src'], [CSP_SOURCE, `'nonce-${NONCE}'`]);
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'));
    const scripts = [...html.matchAll(/<script([^>]*)>/g)];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0]![1], ` nonce="${NONCE}"`);
    const styles = [...html.matchAll(/<style([^>]*)>/g)];
    assert.deepEqual(styles.map((s) => s[1]), [` nonce="${NONCE}"`]);
    assert.ok(!/https?:\/\//.test(html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')), 'no URL outside the CSP');
    assert.ok(!/<link|@import|url\(/.test(html), 'no stylesheet or font loads');
  });

  test('follows the theme through VS Code CSS variables', () => {
    const html = renderScoreHtml(evilView(), { nonce: NONCE, cspSource: CSP_SOURCE });
    for (const v of ['--vscode-foreground', '--vscode-editor-background', '--vscode-font-family', '--vscode-textLink-foreground', '--vscode-button-background']) assert.ok(html.includes(`var(${v})`), v);
    assert.ok(!/#[0-9a-f]{3,6}\b/i.test(html.match(/<style[^>]*>([\s\S]*?)<\/style>/)![1]!), 'no hard-coded colours');
  });

  test('the report: score and band, a bar per dimension with its weight, clickable findings and tables, export', () => {
    const view = evilView();
    const html = renderScoreHtml(view, { nonce: NONCE, cspSource: CSP_SOURCE });
    assert.ok(html.includes(`<span class="score tone-`) && html.includes(`${view.report.score}<span class="muted">/100</span>`));
    assert.ok(html.includes(`>${view.report.band}</span>`));
    for (const d of view.report.dimensions) assert.ok(html.includes(`<span class="name">${escapeHtml(d.name)}</span>`) && html.includes(`${d.weight} %</span>`), d.name);
    assert.equal((html.match(/class="bar"/g) ?? []).length, 7);
    const findingLinks = html.match(/data-list="finding" data-index="\d+"/g) ?? [];
    assert.equal(findingLinks.length, Math.min(25, view.report.topFindings.length));
    assert.ok((html.match(/data-list="table" data-index="\d+"/g) ?? []).length >= 2);
    assert.ok(html.includes('data-action="export">Export as Markdown</button>'));
    assert.ok(html.includes('<h2>Where the points went</h2>') && html.includes(`<code>${escapeHtml(view.report.byRule[0]!.ruleId)}</code>`));
  });

  test('a nonce that is not base64 is dropped rather than written into the page', () => {
    const html = renderScoreHtml(evilView(), { nonce: '"><script>alert(3)</script>', cspSource: CSP_SOURCE });
    assert.ok(!html.includes('alert(3)'));
  });

  test('messages from the page are checked: only known types, an index, never a path', () => {
    assert.equal(isScoreMessage({ type: 'open', list: 'finding', index: 2 }), true);
    assert.equal(isScoreMessage({ type: 'open', list: 'table', index: 0 }), true);
    assert.equal(isScoreMessage({ type: 'export' }), true);
    assert.equal(isScoreMessage({ type: 'open', list: 'finding', index: -1 }), false);
    assert.equal(isScoreMessage({ type: 'open', list: 'finding', index: 1.5 }), false);
    assert.equal(isScoreMessage({ type: 'open', list: 'file', index: 1 }), false);
    assert.equal(isScoreMessage({ type: 'run', command: 'rm -rf' }), false);
    assert.equal(isScoreMessage(null), false);
  });
});

describe('score Markdown export', () => {
  usePostgresParser();

  test('identifiers stay text: no HTML, no broken table cells', () => {
    const view = evilView();
    const md = scoreMarkdown(view.report, (f) => view.display[f] ?? f);
    assert.ok(!md.includes('<img'), 'no raw HTML');
    assert.ok(md.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the name is shown');
    // Every table row has the same number of unescaped cell separators as its header.
    for (const block of md.split('\n\n').filter((b) => b.startsWith('|'))) {
      const rows = block.split('\n').filter((row) => row.startsWith('|'));
      const cells = (row: string): number => row.replace(/\\\|/g, '').split('|').length;
      for (const row of rows) assert.equal(cells(row), cells(rows[0]!), row);
    }
  });

  test('markdownText and markdownCode', () => {
    assert.equal(markdownText('a|b *c* <x> & _d_\nnext'), 'a\\|b \\*c\\* &lt;x&gt; &amp; \\_d\\_ next');
    assert.equal(markdownCode('migrations/0001_x.sql:3'), '`migrations/0001_x.sql:3`');
    assert.equal(markdownCode('a`b|c'), '``a`b\\|c``');
    assert.equal(markdownCode('`x'), '`` `x ``');
    assert.equal(markdownName('orders'), '`orders`');
    assert.equal(markdownName('<b>'), '&lt;b&gt;');
  });
});
