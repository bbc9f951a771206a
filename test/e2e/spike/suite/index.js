// Extension-host test suite for the spike. Loaded by the VS Code extension host
// through `extensionTestsPath`; the host calls run() and exits with 0 when the
// returned promise resolves, 1 when it rejects. The result also goes to the
// JSON file named by VSCODE_E2E_RESULT_FILE (set by test/e2e/vscode-host.mjs).
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

function waitFor(what, check, timeoutMs = 20000) {
  return new Promise((resolve, reject) => {
    const first = check();
    if (first) return resolve(first);
    const timer = setTimeout(() => { sub.dispose(); poll && clearInterval(poll); reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)); }, timeoutMs);
    const done = (v) => { clearTimeout(timer); sub.dispose(); clearInterval(poll); resolve(v); };
    const sub = vscode.languages.onDidChangeDiagnostics(() => { const v = check(); if (v) done(v); });
    const poll = setInterval(() => { const v = check(); if (v) done(v); }, 200);
  });
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

let doc;

test('the workspace folder is open', async () => {
  const folders = vscode.workspace.workspaceFolders || [];
  assert.equal(folders.length, 1, 'one workspace folder');
  const uri = vscode.Uri.joinPath(folders[0].uri, 'sample.sql');
  doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  assert.equal(doc.languageId, 'sql');
});

test('SELECT * gets a diagnostic from the extension', async () => {
  const diags = await waitFor('spike diagnostic', () => {
    const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'e2e-spike');
    return d.length ? d : undefined;
  });
  assert.equal(diags.length, 1);
  assert.equal(diags[0].code, 'spike-select-star');
  assert.equal(diags[0].severity, vscode.DiagnosticSeverity.Warning);
  assert.equal(diags[0].range.start.line, 1);
  assert.equal(diags[0].range.start.character, 7);
});

test('the quick fix is offered and applies', async () => {
  const diag = vscode.languages.getDiagnostics(doc.uri).find((x) => x.source === 'e2e-spike');
  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, diag.range);
  const fix = (actions || []).find((a) => a.title === 'Replace * with column list (spike)');
  assert.ok(fix, `quick fix offered; got ${JSON.stringify((actions || []).map((a) => a.title))}`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit), 'edit applied');
  assert.match(doc.getText(), /SELECT id FROM users/);
  await waitFor('diagnostic to clear', () => vscode.languages.getDiagnostics(doc.uri).some((x) => x.source === 'e2e-spike') ? undefined : true);
  // leave the fixture file as it was on disk
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

async function run() {
  const started = Date.now();
  const results = [];
  for (const t of tests) {
    const t0 = Date.now();
    try {
      await t.fn();
      results.push({ name: t.name, ok: true, ms: Date.now() - t0 });
      console.log(`ok - ${t.name}`);
    } catch (err) {
      results.push({ name: t.name, ok: false, ms: Date.now() - t0, error: String(err && err.stack || err) });
      console.log(`not ok - ${t.name}\n${err && err.stack || err}`);
    }
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  const summary = {
    passed, failed, tests: results, ms: Date.now() - started,
    vscodeVersion: vscode.version, extensionHostNode: process.version, pid: process.pid,
  };
  const out = process.env.VSCODE_E2E_RESULT_FILE;
  if (out) {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out + '.tmp', JSON.stringify(summary, null, 2));
    fs.renameSync(out + '.tmp', out); // atomic: the driver never reads half a file
  }
  if (failed) throw new Error(`${failed} of ${results.length} spike tests failed`);
}

module.exports = { run };
