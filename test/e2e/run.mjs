#!/usr/bin/env node
// `npm run test:e2e`: the extension in a real VS Code (code-server's workbench + Node extension host,
// driven by Debian's Chromium), on a copy of examples/migrations. The tests themselves run inside the
// extension host against the real `vscode` API (test/e2e/suite, bundled to CommonJS and loaded through
// extensionTestsPath); this script answers the suite's screen requests (Problems panel, quick-fix menu,
// score webview, screenshots) with playwright, watches for error notifications, reads the extension
// host log and the "SQL Schema Lint" output channel, and prints how long each phase took.
//
//   node test/e2e/run.mjs [--keep] [--only 1,4] [--self-check]
//     --keep: leave the workspace copy in place (its path is printed); --only: run only those tests
//     (debugging); --self-check: see below
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, buildExtension, bundleSuite, copyFixture, since } from './bundle.mjs';
import { scanLogs } from './logs.mjs';
import { ensureInstalled, runExtensionTests } from './vscode-host.mjs';

const keep = process.argv.includes('--keep');
const argValue = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const only = argValue('--only'); // e.g. --only 1,4 (debugging)
// --self-check: run only suite/self-check.ts, which causes an error notification, an unhandled
// rejection and a server crash; passes when the run reports all three.
const selfCheck = process.argv.includes('--self-check');
const SHOTS = path.join(ROOT, 'test-output', 'e2e');
const phases = [];
const phase = async (name, fn) => {
  const t = Date.now();
  try {
    return await fn();
  } finally {
    phases.push([name, Date.now() - t]);
    console.log(`[e2e] ${name}: ${since(t)}`);
  }
};

const t0 = Date.now();
await phase('install (ensureInstalled)', () => ensureInstalled());
await phase('build extension (node esbuild.mjs)', () => buildExtension());
const suite = await phase('bundle suite (esbuild)', () => bundleSuite());
fs.rmSync(SHOTS, { recursive: true, force: true });
fs.mkdirSync(SHOTS, { recursive: true });
const workspace = await phase('copy fixture', () => copyFixture(os.tmpdir()));
const uiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssl-e2e-ui-'));
console.log(`[e2e] workspace ${workspace} (copy of examples/migrations); screenshots go to ${path.relative(ROOT, SHOTS)}/`);

const notifications = [];
let r;
try {
  r = await phase('run suite in VS Code (code-server + Chromium)', () => runExtensionTests({
    workspace,
    extensionPath: ROOT,
    extensionTestsPath: suite,
    // VSCODE_E2E_LOG_LEVEL=trace: code-server --log trace, and the language client's protocol trace in the output channel log
    ...(process.env.VSCODE_E2E_LOG_LEVEL === 'trace' ? { settings: { 'sqlSchemaLint.trace.server': 'verbose' } } : {}),
    env: { VSCODE_E2E_UI_DIR: uiDir, ...(only || selfCheck ? { VSCODE_E2E_ONLY: selfCheck ? '9' : only } : {}), ...(selfCheck ? { VSCODE_E2E_SELF_CHECK: '1' } : {}) },
    timeoutMs: 300000,
    onBrowser: ({ page, server }) => screenDriver(page, uiDir, server.logDir, notifications),
  }));
} finally {
  if (!keep) fs.rmSync(workspace, { recursive: true, force: true });
  fs.rmSync(uiDir, { recursive: true, force: true });
}

const logs = await phase('read logs', () => scanLogs(r.logDir));

// ---------------------------------------------------------------- report
const res = r.result;
const failures = [];
for (const t of res?.tests ?? []) if (!t.ok) failures.push(`${t.name}\n${t.error}`);
if (!res) failures.push(`no result from the suite (${r.via}${r.error ? `: ${r.error}` : ''})${(r.errorLines ?? []).map((l) => `\n  ${l}`).join('')}`);
else if (r.code !== 0 && r.code !== null && !res.failed) failures.push(`the extension host exited with ${r.code}`);
for (const n of notifications) failures.push(`${n.severity} notification: ${n.text}`);
for (const p of logs.problems) failures.push(`${p.file}: ${p.line}`);
if (!logs.outputChannel) failures.push('the "SQL Schema Lint" output channel log was not found (did the extension start?)');

console.log('');
console.log(`[e2e] VS Code ${res?.vscodeVersion ?? '?'} (${res?.uiKind ?? '?'}, extension host Node ${res?.extensionHostNode ?? '?'}), result via ${r.via}`);
console.log(`[e2e] logs: ${path.relative(ROOT, r.logDir)}/ (extension host: ${logs.extensionHost ? path.relative(ROOT, logs.extensionHost) : 'not found'}; output channel: ${logs.outputChannel ? path.relative(ROOT, logs.outputChannel) : 'not found'})`);
console.log(`[e2e] screenshots: ${path.relative(ROOT, SHOTS)}/ (${fs.readdirSync(SHOTS).sort().join(', ') || 'none'})`);
console.log('[e2e] phase timings:');
for (const [k, v] of Object.entries(r.timings)) phases.push([`  run: ${k}`, v]);
for (const [name, ms] of phases) console.log(`  ${name.padEnd(52)} ${(ms / 1000).toFixed(1).padStart(6)} s`);
console.log(`  ${'total'.padEnd(52)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s`);
for (const f of failures) console.log(`[e2e] FAILED: ${f}`);
if (selfCheck) {
  const caught = {
    'error notification': notifications.some((n) => /self-check/.test(n.text)),
    'unhandled rejection': (res?.tests ?? []).some((t) => !t.ok && /unhandled/.test(t.name) && /self-check/.test(t.error)),
    'server crash in the output channel': logs.problems.some((p) => /SQL Schema Lint\.log/.test(p.file)),
  };
  for (const [what, ok] of Object.entries(caught)) console.log(`[e2e] self-check: ${what} ${ok ? 'caught' : 'NOT caught'}`);
  const all = Object.values(caught).every(Boolean);
  console.log(`e2e self-check: ${all ? 'every failure channel works' : 'a failure went unnoticed'}`);
  process.exit(all ? 0 : 1);
}
console.log(`e2e: ${res?.passed ?? 0} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);

// ---------------------------------------------------------------- the screen driver

/**
 * Answers the suite's requests (req-NNNN.json in uiDir -> res-NNNN.json) and records error and warning
 * notifications shown while the suite runs. Returns the stop function runExtensionTests awaits.
 */
function screenDriver(page, dir, logDir, seen) {
  let stopped = false;
  const handled = new Set();
  const ops = {
    screenshot: async () => ({}),
    problems: (a) => problems(page, a),
    'quickfix-menu': (a) => quickFixMenu(page, a),
    score: () => scoreView(page),
    'click-finding': (a) => clickFinding(page, a),
    notifications: () => notificationCenter(page, seen),
    statusbar: (a) => statusBar(page, a),
    // Waits until an element of the workbench shows a text (inlay hints and hovers are drawn after the
    // request answers); the editor draws spaces as no-break spaces.
    'wait-dom': (a) => until(`"${a.text}" in ${a.selector}`, () => page.evaluate(({ selector, text }) => [...document.querySelectorAll(selector)].some((el) => (el.textContent || '').replace(/\u00a0/g, ' ').includes(text)), a)),
  };
  const loop = (async () => {
    while (!stopped) {
      for (const name of fs.readdirSync(dir).filter((n) => /^req-\d+\.json$/.test(n)).sort()) {
        if (handled.has(name)) continue;
        handled.add(name);
        const req = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
        const t = Date.now();
        let answer;
        try {
          const op = ops[req.op];
          if (!op) throw new Error(`unknown screen op ${req.op}`);
          answer = { ok: true, ...(await op(req)) };
          if (req.screenshot) await page.screenshot({ path: path.join(SHOTS, req.screenshot) });
          if (req.op === 'quickfix-menu') await page.keyboard.press('Escape'); // the suite applies the fix through the API
        } catch (e) {
          answer = { ok: false, error: String(e?.message || e) };
          await page.screenshot({ path: path.join(logDir, `ui-failed-${req.op}.png`) }).catch(() => {});
          fs.writeFileSync(path.join(logDir, `ui-failed-${req.op}.html`), await page.content().catch(() => ''));
        }
        console.log(`[e2e] screen: ${req.op}${req.screenshot ? ` -> ${req.screenshot}` : ''} ${answer.ok ? 'ok' : `FAILED (${answer.error})`} in ${since(t)}`);
        const out = path.join(dir, name.replace(/^req/, 'res'));
        fs.writeFileSync(out + '.tmp', JSON.stringify(answer));
        fs.renameSync(out + '.tmp', out);
      }
      await watchNotifications(page, seen).catch(() => {});
      await new Promise((res) => setTimeout(res, 150));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    await watchNotifications(page, seen).catch(() => {});
  };
}

/**
 * Error notifications, and warnings of ours ("SQL Schema Lint: …"), as they are shown. With the
 * smoke-test driver on (needed for the URL payload) the workbench shows no toasts, but it still
 * announces each notification to screen readers ("Error: …" / "Warning: …" in its aria live region):
 * a MutationObserver on that region records them. The suite also reads the notification center at the
 * end (suite/index.ts, the "notifications" op).
 */
async function watchNotifications(page, seen) {
  const alerts = await page.evaluate(() => {
    const w = window;
    if (!w.__e2eAlerts) {
      const region = document.querySelector('.monaco-aria-container');
      if (!region) return [];
      w.__e2eAlerts = [];
      const record = () => {
        for (const el of region.querySelectorAll('[role="alert"]')) {
          const t = (el.textContent || '').trim();
          if (t && t !== el.__e2eLast) { el.__e2eLast = t; w.__e2eAlerts.push(t); }
        }
      };
      new MutationObserver(record).observe(region, { subtree: true, childList: true, characterData: true });
      record();
    }
    return w.__e2eAlerts.splice(0);
  });
  for (const a of alerts) {
    const m = /^(Error|Warning): ([\s\S]*)$/.exec(a);
    if (m) note(seen, { severity: m[1].toLowerCase(), text: m[2] });
  }
}

function note(seen, n) {
  if (n.severity === 'info' || (n.severity === 'warning' && !/SQL Schema Lint/i.test(n.text))) return;
  if (seen.some((s) => s.text === n.text)) return;
  seen.push(n);
  console.log(`[e2e] ${n.severity} notification: ${n.text}`);
}

/** The notification center's list (the suite opens it): every notification not dismissed. */
async function notificationCenter(page, seen) {
  await until('the notification center, rendered', () => page.evaluate(() => {
    const center = document.querySelector('.notifications-center.visible');
    if (!center) return false;
    const title = center.querySelector('.notifications-center-header-title')?.textContent ?? '';
    return /no new notifications/i.test(title) || center.querySelectorAll('.notification-list-item').length > 0;
  }));
  const items = await page.$$eval('.notifications-center .notification-list-item', (els) => els.map((el) => {
    const cls = el.querySelector('.notification-list-item-icon')?.className ?? '';
    return { severity: /codicon-error/.test(cls) ? 'error' : /codicon-warning/.test(cls) ? 'warning' : 'info', text: (el.querySelector('.notification-list-item-message')?.textContent ?? '').trim() };
  }));
  for (const n of items) note(seen, n);
  return { items };
}

async function until(what, fn, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (${last.message})` : ''}`);
    await new Promise((res) => setTimeout(res, 150));
  }
}

/** The Problems panel (opened by the suite), filtered, showing a row with every expected text. */
async function problems(page, { filter, expect }) {
  const panel = page.locator('.markers-panel');
  await until('the Problems panel', () => panel.first().isVisible());
  if (filter) {
    const input = page.locator('.viewpane-filter input, .markers-panel-action-filter input').first();
    await until('the Problems filter box', () => input.isVisible());
    await input.fill(filter);
  }
  const row = await until(`a Problems row with ${JSON.stringify(expect)}`, async () => {
    const rows = await page.$$eval('.markers-panel .monaco-list-row', (els) => els.map((e) => e.textContent ?? ''));
    return rows.find((t) => expect.every((x) => t.includes(x)));
  });
  return { row };
}

/** Our status bar item (its text starts "SQL Lint") once it shows the expected text. */
async function statusBar(page, { expect }) {
  const text = await until(`the status bar item with "${expect}"`, async () => {
    const texts = await page.$$eval('.statusbar-item', (els) => els.map((e) => (e.textContent ?? '').trim()));
    return texts.find((t) => t.includes('SQL Lint') && t.includes(expect));
  });
  return { text };
}

/** The lightbulb menu (editor.action.quickFix, run by the suite) listing the expected actions; closed again. */
async function quickFixMenu(page, { expect }) {
  const items = await until(`the quick-fix menu with ${JSON.stringify(expect)}`, async () => {
    const texts = await page.$$eval('.action-widget .monaco-list-row', (els) => els.map((e) => (e.textContent ?? '').trim()));
    return expect.every((x) => texts.some((t) => t.includes(x))) ? texts : undefined;
  });
  return { items };
}

/** The frame of the Schema Score webview (an iframe inside the webview's iframe). */
async function scoreFrame(page) {
  return until('the score webview', async () => {
    for (const f of page.frames()) {
      if (await f.$('.headline .score').catch(() => null)) return f;
    }
    return undefined;
  });
}

async function scoreView(page) {
  const frame = await scoreFrame(page);
  return frame.evaluate(() => {
    const scoreText = document.querySelector('.headline .score')?.textContent ?? '';
    const dims = {};
    for (const d of document.querySelectorAll('.dimension .row')) {
      const cells = d.querySelectorAll(':scope > span');
      dims[cells[0]?.textContent ?? ''] = cells[cells.length - 1]?.textContent ?? '';
    }
    return {
      score: Number(/^(\d+)/.exec(scoreText.trim())?.[1] ?? NaN),
      scoreText,
      band: document.querySelector('.headline .band')?.textContent ?? '',
      headline: document.querySelector('.headline')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      dimensions: dims,
      findings: document.querySelectorAll('button[data-list="finding"]').length,
      // "table (defined in)" of the per-table list: which files the editor's history holds
      tables: [...document.querySelectorAll('button[data-list="table"]')].map((b) => {
        const cells = b.closest('tr')?.querySelectorAll('td') ?? [];
        return `${b.textContent} (${cells[cells.length - 1]?.textContent ?? '?'})`;
      }),
    };
  });
}

async function clickFinding(page, { index }) {
  const frame = await scoreFrame(page);
  const button = frame.locator(`button[data-list="finding"][data-index="${index}"]`);
  const text = (await button.textContent()).trim();
  await button.click();
  return { text };
}
