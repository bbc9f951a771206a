// Entry point of the e2e suite in the extension host: `extensionTestsPath` points at the esbuild bundle
// of this file (CommonJS). The host calls run() and exits with 0 when it resolves, 1 when it rejects.
// Used by both runners: test/e2e/run.mjs (code-server + Chromium, this machine and CI) and
// test/e2e/electron-run.mjs (@vscode/test-electron, where a VS Code build can be downloaded).
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { hasScreen, runAll, ui, type TestResult } from './harness';
import './tests';
import './self-check';

/** Unhandled rejections in the extension host during the suite: each one fails the run. */
const rejections: string[] = [];
function onRejection(reason: unknown): void {
  rejections.push(String((reason as Error)?.stack || reason));
}

export async function run(): Promise<void> {
  const started = Date.now();
  process.on('unhandledRejection', onRejection);
  let results: TestResult[];
  try {
    results = await runAll();
  } finally {
    process.off('unhandledRejection', onRejection);
  }
  if (hasScreen) {
    // Every notification still listed (toasts are off under the smoke-test driver): errors, and
    // warnings of ours, fail the run. The driver also records those announced and gone meanwhile.
    const name = 'no error notification';
    try {
      await vscode.commands.executeCommand('notifications.showList');
      const r = await ui('notifications', { screenshot: 'notification-center.png' });
      console.log('[test] notification center: ' + JSON.stringify(r.items));
      const bad = (r.items as Array<{ severity: string; text: string }>).filter((n) => n.severity === 'error' || (n.severity === 'warning' && /SQL Schema Lint/i.test(n.text)));
      results.push({ name, ok: bad.length === 0, ms: 0, ...(bad.length ? { error: bad.map((n) => `${n.severity}: ${n.text}`).join('\n') } : {}) });
      console.log(`${bad.length ? 'not ok' : 'ok'} - ${name}${bad.length ? `\n${bad.map((n) => `#   ${n.severity}: ${n.text}`).join('\n')}` : ''}`);
    } catch (e) {
      results.push({ name, ok: false, ms: 0, error: String(e) });
      console.log(`not ok - ${name}\n#   ${String(e)}`);
    }
  }
  if (rejections.length) {
    results.push({ name: 'no unhandled promise rejection in the extension host', ok: false, ms: 0, error: rejections.join('\n\n') });
    console.log(`not ok - no unhandled promise rejection in the extension host\n${rejections.map((r) => `#   ${r.split('\n')[0]}`).join('\n')}`);
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  const summary = {
    passed,
    failed,
    tests: results,
    ms: Date.now() - started,
    vscodeVersion: vscode.version,
    extensionHostNode: process.version,
    uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
    remoteName: vscode.env.remoteName ?? null,
  };
  console.log(`# ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s in the extension host)`);
  const out = process.env.VSCODE_E2E_RESULT_FILE;
  if (out) {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out + '.tmp', JSON.stringify(summary, null, 2));
    fs.renameSync(out + '.tmp', out); // atomic: the driver never reads half a file
  }
  if (failed) throw new Error(`${failed} of ${results.length} e2e tests failed`);
}
