// The end-to-end tests of issue 6, in a real VS Code, on a copy of examples/migrations (the driver puts it
// at <workspace>/migrations). They run in order and build on each other's edits, like a user's session:
// every edit is saved, so the CLI sees what the editor sees when the two are compared.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import {
  actionsFor,
  allOurs,
  cli,
  codeActions,
  extensionRoot,
  find,
  fileUri,
  hasScreen,
  isSafeFix,
  log,
  open,
  ours,
  ruleOf,
  summary,
  test,
  ui,
  waitFor,
  workspaceRoot,
} from './harness';

const FIX_ALL_KIND = 'source.fixAll.sql-schema-lint';
const F1 = 'migrations/0001_create_users.sql';
const F2 = 'migrations/0002_create_catalog_and_orders.sql';
const F3 = 'migrations/0003_create_payments.sql';
const F4 = 'migrations/0004_coupons_and_user_country.sql';
const F5 = 'migrations/0005_product_descriptions_and_search.sql';
const F6 = 'migrations/0006_clean_add_shipping.sql';
const SANDBOX = 'snippet-sandbox';
const F_SNIPPET = `${SANDBOX}/0003_widgets.sql`;

interface CliDiagnostic {
  file: string;
  rule: string;
  line: number;
  column: number;
  fixable: boolean;
}

/** `sql-schema-lint --format json` over the examples' copy (what is on disk), or over `paths` in `cwd`. */
async function cliLint(cwd = workspaceRoot().fsPath, extra: string[] = [], paths = ['migrations']): Promise<CliDiagnostic[]> {
  const r = await cli(['--format', 'json', ...extra, ...paths], cwd);
  assert.ok(r.code === 0 || r.code === 1, `the CLI failed (exit ${r.code}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as { diagnostics: CliDiagnostic[] }).diagnostics;
}

const cliKeys = (ds: CliDiagnostic[], rel: string): string[] => ds.filter((d) => d.file === rel).map((d) => `${d.line}:${d.column} ${d.rule}`).sort();
const editorKeys = (ds: readonly vscode.Diagnostic[]): string[] => ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${ruleOf(d)}`).sort();

function lineOf(doc: vscode.TextDocument, needle: string): number {
  return find(doc, needle).start.line;
}

async function saveAll(): Promise<void> {
  const root = workspaceRoot().toString() + '/';
  for (const d of vscode.workspace.textDocuments) if (d.isDirty && d.uri.toString().startsWith(root)) assert.ok(await d.save(), `saved ${d.uri.path}`);
}

/** Waits until the server has linted the current text: a diagnostic matching `pred` is (not) there. */
function waitDiag(rel: string, what: string, pred: (ds: vscode.Diagnostic[]) => boolean, timeoutMs = 30000): Promise<vscode.Diagnostic[]> {
  const uri = fileUri(rel);
  return waitFor(`${what} in ${rel}`, () => {
    const ds = ours(uri);
    return pred(ds) ? ds : undefined;
  }, { timeoutMs, describe: () => summary(ours(uri)) });
}

const sameKeys = (a: string[], b: string[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** A copy of the workspace (as saved) after `sql-schema-lint --fix`: the texts and findings fix-all must give. */
async function cliFixed(rels: string[]): Promise<{ texts: Map<string, string>; diagnostics: CliDiagnostic[] }> {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ssl-e2e-fix-'));
  try {
    fs.cpSync(workspaceRoot().fsPath, copy, { recursive: true });
    const diagnostics = await cliLint(copy, ['--fix']);
    return { texts: new Map(rels.map((r) => [r, fs.readFileSync(path.join(copy, r), 'utf8')])), diagnostics };
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- 1

test('1. opening a migration shows our diagnostics, cross-file ones and those of unopened files included', async (t) => {
  const ext = vscode.extensions.getExtension('sql-schema-lint.sql-schema-lint');
  assert.ok(ext, 'the extension under development is loaded');
  const editor = await open(F2);
  const doc = editor.document;
  assert.equal(doc.languageId, 'sql');
  await waitFor('the extension to activate', () => ext.isActive);

  const productFk = lineOf(doc, 'product_id  bigint NOT NULL REFERENCES products (id)');
  const userFk = lineOf(doc, 'user_id     bigint NOT NULL REFERENCES users (id)');
  // Every state the editor shows for 0002, to tell a transient state from a final one.
  const t0 = Date.now();
  const timeline: string[] = [];
  const sub = vscode.languages.onDidChangeDiagnostics((e) => {
    if (e.uris.some((u) => u.toString() === doc.uri.toString())) timeline.push(`+${Date.now() - t0} ms ${summary(ours(doc.uri))}`);
  });
  let ds: vscode.Diagnostic[];
  try {
    await waitDiag(F2, 'foreign-key-missing-index on order_item.product_id', (x) => x.some((d) => ruleOf(d) === 'foreign-key-missing-index' && d.range.start.line === productFk));
    // orders.user_id is indexed only by 0004 (idx_orders_user_id_placed_at): knowing that takes the whole history.
    ds = await waitDiag(F2, 'no foreign-key-missing-index on orders.user_id (0004 indexes it)', (x) => !x.some((d) => ruleOf(d) === 'foreign-key-missing-index' && d.range.start.line === userFk), 20000);
  } finally {
    sub.dispose();
    log(`0002's diagnostics over time: ${timeline.join(' | ')}`);
  }
  const onUserFk = new RegExp(`"${userFk + 1}:\\d+ foreign-key-missing-index"`);
  assert.ok(!timeline.some((x) => onUserFk.test(x)), `never a finding on orders.user_id, not even while indexing: ${timeline.join(' | ')}`);
  const fk = ds.find((d) => ruleOf(d) === 'foreign-key-missing-index')!;
  assert.equal(fk.source, 'sql-schema-lint');
  assert.match(fk.message, /order_item \(product_id\)/);
  for (const rule of ['no-float-for-money', 'naming-table', 'naming-index']) assert.ok(ds.some((d) => ruleOf(d) === rule), `${rule} in ${summary(ds)}`);

  // The editor and the CLI agree on this file (same engine, same history).
  assert.deepEqual(editorKeys(ours(doc.uri)), cliKeys(await cliLint(), F2), 'editor and CLI findings for 0002');

  // Files that are not open are linted too (sqlSchemaLint.lintUnopenedFiles, workspace pull).
  assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.path.endsWith(path.basename(F5))), '0005 is not open');
  await waitDiag(F5, 'concurrent-index-in-transaction (file not open)', (x) => x.some((d) => ruleOf(d) === 'concurrent-index-in-transaction'));

  // On screen: the squiggle and the Problems panel entries with our rule ids.
  editor.selection = new vscode.Selection(fk.range.start, fk.range.start);
  editor.revealRange(fk.range, vscode.TextEditorRevealType.InCenter);
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  if (hasScreen) {
    const r = await ui('problems', { filter: 'foreign-key-missing-index', expect: ['foreign-key-missing-index', 'sql-schema-lint', 'order_item (product_id)'], screenshot: '1-diagnostics-problems-panel.png' });
    log(`Problems panel shows: ${String(r.row).slice(0, 160)}`);
  } else t.skipUi('Problems panel screenshot');
  await vscode.commands.executeCommand('workbench.action.closePanel');
});

// ---------------------------------------------------------------- 2

test('2. a quick fix edits the text and its diagnostic goes; "Disable … for this line" inserts the directive and its diagnostic goes', async (t) => {
  const editor = await open(F2);
  const doc = editor.document;
  const priceLine = lineOf(doc, 'price        double precision NOT NULL');
  const [d] = (await waitDiag(F2, 'no-float-for-money on price', (x) => x.some((y) => ruleOf(y) === 'no-float-for-money' && y.range.start.line === priceLine))).filter((y) => ruleOf(y) === 'no-float-for-money');
  const actions = await actionsFor(doc.uri, d!);
  const titles = actions.map((a) => a.title);
  const fix = actions.find(isSafeFix);
  assert.ok(fix?.edit, `a fix is offered; got ${JSON.stringify(titles)}`);
  assert.equal(fix.title, 'Change the type of "price" to NUMERIC(12, 2)');
  assert.equal(fix.isPreferred, true);
  for (const title of ['Disable no-float-for-money for this line', 'Disable no-float-for-money for this file', 'Show documentation for no-float-for-money']) assert.ok(titles.includes(title), `${title} in ${JSON.stringify(titles)}`);

  if (hasScreen) {
    // The same actions in the lightbulb menu (Ctrl+.), on screen.
    editor.selection = new vscode.Selection(d!.range.start, d!.range.start);
    editor.revealRange(d!.range, vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await vscode.commands.executeCommand('editor.action.quickFix');
    await ui('quickfix-menu', { expect: [fix.title, 'Disable no-float-for-money for this line'], screenshot: '2-quick-fix-menu.png' });
  } else t.skipUi('quick-fix menu screenshot');

  const before = ours(doc.uri).length;
  assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the fix applied');
  assert.match(doc.getText(), /\n {4}price {8}NUMERIC\(12, 2\) NOT NULL,\n/);
  await waitDiag(F2, 'no-float-for-money to go (the rest stays)', (x) => !x.some((y) => ruleOf(y) === 'no-float-for-money') && x.length === before - 1);
  assert.ok(await doc.save());

  // "Disable naming-timestamp for this line" on users.last_login (0001).
  const e1 = await open(F1);
  const loginLine = lineOf(e1.document, 'last_login     timestamptz');
  const [ts] = (await waitDiag(F1, 'naming-timestamp on last_login', (x) => x.some((y) => ruleOf(y) === 'naming-timestamp' && y.range.start.line === loginLine))).filter((y) => ruleOf(y) === 'naming-timestamp');
  const disable = (await actionsFor(e1.document.uri, ts!)).find((a) => a.title === 'Disable naming-timestamp for this line');
  assert.ok(disable?.edit, 'the disable-line action is offered');
  const others = ours(e1.document.uri).length - 1;
  assert.ok(await vscode.workspace.applyEdit(disable.edit));
  assert.match(e1.document.getText(), /\n {4}-- sql-schema-lint-disable-next-line naming-timestamp\n {4}last_login {5}timestamptz,\n/);
  const left = await waitDiag(F1, 'naming-timestamp to go (the rest stays)', (x) => !x.some((y) => ruleOf(y) === 'naming-timestamp') && x.length === others);
  assert.ok(!left.some((y) => ruleOf(y) === 'invalid-directive'), 'the directive is valid');
  assert.ok(await e1.document.save());

  if (hasScreen) {
    const e2 = await open(F2);
    const line = lineOf(e2.document, 'price        NUMERIC(12, 2)');
    e2.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.InCenter);
    e2.selection = new vscode.Selection(line, 4, line, 4);
    await ui('screenshot', { screenshot: '2-after-quick-fix.png' });
  } else t.skipUi('after-fix screenshot');
});

// ---------------------------------------------------------------- 3

test('3. fix-all (source.fixAll.sql-schema-lint and the "Fix All Problems in File" command) fixes every safe finding', async () => {
  await saveAll();
  // What sql-schema-lint says now, and after `--fix` on a copy: the editor must end where the CLI does.
  const before = await cliLint();
  const fixed = await cliFixed([F3, F4]);

  // 0003 through the code action kind (what editor.codeActionsOnSave runs).
  const e3 = await open(F3);
  const u3 = e3.document.uri;
  await waitDiag(F3, 'the CLI\'s findings', (x) => sameKeys(editorKeys(x), cliKeys(before, F3)));
  assert.ok(before.filter((d) => d.file === F3 && d.fixable).length >= 2, `at least two safe fixes in 0003: ${cliKeys(before, F3)}`);
  const whole = new vscode.Range(0, 0, e3.document.lineCount, 0);
  const fixAll = (await codeActions(u3, whole, FIX_ALL_KIND)).filter((a) => a.kind?.value === FIX_ALL_KIND);
  assert.equal(fixAll.length, 1, 'one fix-all action');
  assert.ok(fixAll[0]!.edit, 'it carries the edit');
  assert.ok(await vscode.workspace.applyEdit(fixAll[0]!.edit!));
  assert.equal(e3.document.getText(), fixed.texts.get(F3), 'fix-all on 0003 gives the text sql-schema-lint --fix gives');
  await waitDiag(F3, `the findings sql-schema-lint --fix leaves (${cliKeys(fixed.diagnostics, F3)})`, (x) => sameKeys(editorKeys(x), cliKeys(fixed.diagnostics, F3)));
  assert.deepEqual(fixed.diagnostics.filter((d) => d.file === F3 && d.fixable), [], 'nothing fixable is left in 0003');
  assert.ok(await e3.document.save());

  // 0004 through the command.
  const e4 = await open(F4);
  await waitDiag(F4, 'the CLI\'s findings', (x) => sameKeys(editorKeys(x), cliKeys(before, F4)));
  assert.ok(before.filter((d) => d.file === F4 && d.fixable).length >= 2, `at least two safe fixes in 0004: ${cliKeys(before, F4)}`);
  await vscode.commands.executeCommand('sqlSchemaLint.fixAll');
  await waitFor('0004 to be fixed by the command', () => e4.document.getText() === fixed.texts.get(F4), { describe: () => e4.document.getText().slice(0, 400) });
  await waitDiag(F4, `the findings sql-schema-lint --fix leaves (${cliKeys(fixed.diagnostics, F4)})`, (x) => sameKeys(editorKeys(x), cliKeys(fixed.diagnostics, F4)));
  assert.deepEqual(fixed.diagnostics.filter((d) => d.file === F4 && d.fixable), [], 'nothing fixable is left in 0004');
  assert.match(e4.document.getText(), /CREATE INDEX CONCURRENTLY idx_orders_user_id_placed_at/);
  assert.ok(await e4.document.save());
});

// ---------------------------------------------------------------- 4

test('4. adding the missing index in another migration clears the first file\'s diagnostic without touching it', async () => {
  const e2 = await open(F2);
  const doc2 = e2.document;
  assert.ok(!doc2.isDirty);
  const version = doc2.version;
  const text = doc2.getText();
  const productFk = lineOf(doc2, 'product_id  bigint NOT NULL REFERENCES products (id)');
  await waitDiag(F2, 'foreign-key-missing-index on product_id', (x) => x.some((d) => ruleOf(d) === 'foreign-key-missing-index' && d.range.start.line === productFk));

  // 0006 is not open in an editor: edit it through a WorkspaceEdit and save it, as a refactoring would.
  const u6 = fileUri(F6);
  const doc6 = await vscode.workspace.openTextDocument(u6);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(u6, doc6.positionAt(doc6.getText().length), '\n-- order_item.product_id (0002) had no index.\nCREATE INDEX CONCURRENTLY idx_order_item_product_id ON order_item (product_id);\n');
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await doc6.save());

  await waitDiag(F2, 'foreign-key-missing-index to go', (x) => !x.some((d) => ruleOf(d) === 'foreign-key-missing-index'));
  assert.equal(doc2.version, version, '0002 was not edited');
  assert.equal(doc2.getText(), text);
  assert.ok(!doc2.isDirty);
  assert.ok(!allOurs().some(([, ds]) => ds.some((d) => ruleOf(d) === 'foreign-key-missing-index')), 'no foreign-key-missing-index anywhere');
  assert.deepEqual(editorKeys(ours(u6)), [], '0006 stays clean');
});

// ---------------------------------------------------------------- 5

test('5. the ssl-table snippet is offered by its prefix and inserts SQL with no diagnostics from us', async () => {
  // The snippets promise clean SQL on top of a history with users and tenants keyed by bigint (as
  // test/snippets.test.ts checks); examples/ keys users by serial, so the snippet goes into the
  // fixture's second project, snippet-sandbox/ (its own .sql-schema-lint.json and that history).
  const u = fileUri(F_SNIPPET);
  await vscode.workspace.fs.writeFile(u, new TextEncoder().encode(''));
  const editor = await open(F_SNIPPET);
  const doc = editor.document;
  assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'ssl-table')));
  // The prefix alone is not SQL: our syntax-error finding proves the server lints this new file.
  await waitDiag(F_SNIPPET, 'a finding on the bare prefix', (x) => x.length > 0);

  const end = doc.positionAt(doc.getText().length);
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', u, end);
  const label = (i: vscode.CompletionItem): string => (typeof i.label === 'string' ? i.label : i.label.label);
  const item = list.items.find((i) => label(i) === 'ssl-table' && i.kind === vscode.CompletionItemKind.Snippet);
  assert.ok(item, `ssl-table is offered; got ${JSON.stringify(list.items.filter((i) => label(i).startsWith('ssl')).map(label))}`);
  assert.ok(item.insertText instanceof vscode.SnippetString, 'it inserts a snippet');

  // Insert it over the prefix, then type the table name into the first placeholder (all its mirrors follow).
  editor.selection = new vscode.Selection(0, 0, 0, 'ssl-table'.length);
  assert.ok(await editor.insertSnippet(item.insertText, new vscode.Range(0, 0, 0, 'ssl-table'.length)));
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  await vscode.commands.executeCommand('type', { text: 'widgets' });
  await vscode.commands.executeCommand('leaveSnippet');
  const text = doc.getText();
  assert.match(text, /^SET lock_timeout = '5s';$/m);
  assert.match(text, /CREATE TABLE widgets \(/);
  assert.match(text, /CREATE INDEX idx_widgets_tenant_id ON widgets \(tenant_id\);/);
  assert.ok(!/\$\{|\bssl-table\b/.test(text), 'no snippet syntax or prefix left');

  await waitDiag(F_SNIPPET, 'no findings of ours', (x) => x.length === 0);
  assert.ok(await doc.save());
  assert.deepEqual(await cliLint(fileUri(SANDBOX).fsPath, [], ['.']), [], 'the CLI agrees: the inserted table is clean');
  assert.deepEqual(editorKeys(ours(u)), []);
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
});

// ---------------------------------------------------------------- 6

test('6. hover over a table name shows its columns; go to definition jumps to the migration that created it', async () => {
  const e4 = await open(F4);
  const at = find(e4.document, 'ALTER TABLE orders ADD COLUMN coupon_id');
  const pos = at.start.translate(0, 'ALTER TABLE o'.length);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', e4.document.uri, pos);
  const md = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  for (const column of ['user_id', 'referrer', 'status', 'total', 'placed_at']) assert.ok(md.includes(column), `hover lists ${column}:\n${md}`);
  assert.match(md, /orders/);
  assert.match(md, /0002_create_catalog_and_orders\.sql/, 'hover says where the table was defined');

  const doc2 = await vscode.workspace.openTextDocument(fileUri(F2));
  const createLine = lineOf(doc2, 'CREATE TABLE orders (');
  const defs = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', e4.document.uri, pos);
  assert.ok(defs.length >= 1, 'a definition');
  const d0 = defs[0]!;
  const target = 'targetUri' in d0 ? { uri: d0.targetUri, range: d0.targetSelectionRange ?? d0.targetRange } : { uri: d0.uri, range: d0.range };
  assert.ok(target.uri.path.endsWith('/' + F2), `the definition is in 0002; got ${target.uri.path}`);
  assert.equal(target.range.start.line, createLine, 'at CREATE TABLE orders');

  // F12 in the editor: the editor for 0002 becomes active at that line.
  e4.selection = new vscode.Selection(pos, pos);
  await vscode.commands.executeCommand('editor.action.revealDefinition');
  await waitFor('0002 to be the active editor at CREATE TABLE orders', () => {
    const a = vscode.window.activeTextEditor;
    return a && a.document.uri.path.endsWith('/' + F2) && a.selection.active.line === createLine;
  }, { describe: () => `${vscode.window.activeTextEditor?.document.uri.path}:${vscode.window.activeTextEditor?.selection.active.line}` });
});

// ---------------------------------------------------------------- 7

test('7. "SQL Schema Lint: Score Schema" opens the report; its score is the CLI\'s; a click on a finding opens it', async (t) => {
  await saveAll();
  const r = await cli(['score', '--format', 'json', 'migrations'], workspaceRoot().fsPath);
  assert.equal(r.code, 0, `sql-schema-lint score: ${r.stderr}`);
  const expected = JSON.parse(r.stdout) as { score: number; band: string; tables: number; migrations: number; dimensions: Array<{ name: string; score: number | null }> };
  log(`sql-schema-lint score --format json: ${expected.score}/100 (${expected.band}), ${expected.tables} tables, ${expected.migrations} migrations`);

  await open(F2);
  await vscode.commands.executeCommand('sqlSchemaLint.scoreSchema');
  const tab = await waitFor('the Schema Score webview tab', () =>
    vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((x) => x.input instanceof vscode.TabInputWebview && x.label.startsWith('Schema Score')));
  assert.ok(tab.isActive, 'the report is the active tab');

  if (!hasScreen) {
    t.skipUi('score webview contents, click on a finding');
    return;
  }
  const shown = await ui('score', { screenshot: '7-score-report.png' });
  log(`the webview shows ${shown.score}/100 (${shown.band}); ${shown.headline}; tables: ${(shown.tables as string[]).join(', ')}`);
  assert.equal(shown.score, expected.score, 'the webview shows the CLI\'s score');
  assert.equal(shown.band, expected.band);
  assert.match(String(shown.headline), new RegExp(`${expected.tables} tables, ${expected.migrations} migrations`));
  const dims = shown.dimensions as Record<string, string>;
  for (const d of expected.dimensions) assert.equal(dims[d.name], d.score === null ? 'not assessed' : `${d.score}/10`, `dimension ${d.name}`);

  // Click the first finding's location ("migrations/0003_x.sql:10:20") in the webview.
  const clicked = await ui('click-finding', { index: 0 });
  const m = /^(.*):(\d+):(\d+)$/.exec(String(clicked.text));
  assert.ok(m, `a location in the first finding: ${clicked.text}`);
  const [, rel, line, column] = m;
  await waitFor(`${rel} to open at ${line}:${column}`, () => {
    const a = vscode.window.activeTextEditor;
    return a && a.document.uri.path.endsWith('/' + rel) && a.selection.start.line === Number(line) - 1 && a.selection.start.character === Number(column) - 1;
  }, { describe: () => `${vscode.window.activeTextEditor?.document.uri.path} ${JSON.stringify(vscode.window.activeTextEditor?.selection.start)}` });
  await ui('screenshot', { screenshot: '7-finding-opened.png' });
});

// ---------------------------------------------------------------- 8

test('8. sqlSchemaLint.enable: false removes our diagnostics; a .sql-schema-lint.json turning a rule off removes that rule\'s live', async () => {
  await saveAll();
  await open(F2);
  await waitFor('diagnostics of ours', () => allOurs().length > 0);
  const config = vscode.workspace.getConfiguration('sqlSchemaLint');
  await config.update('enable', false, vscode.ConfigurationTarget.Workspace);
  try {
    await waitFor('every diagnostic of ours to go', () => allOurs().length === 0, { describe: () => allOurs().map(([u, ds]) => `${path.basename(u.path)} ${summary(ds)}`).join('; ') });
  } finally {
    await config.update('enable', undefined, vscode.ConfigurationTarget.Workspace);
  }
  await waitDiag(F2, 'diagnostics back after re-enabling', (x) => x.some((d) => ruleOf(d) === 'naming-table'));

  const configUri = vscode.Uri.joinPath(workspaceRoot(), '.sql-schema-lint.json');
  await vscode.workspace.fs.writeFile(configUri, new TextEncoder().encode('{\n  // e2e: turn one rule off\n  "rules": { "naming-table": "off" }\n}\n'));
  try {
    await waitFor('naming-table to go everywhere, the rest staying', () => {
      const all = allOurs();
      return !all.some(([, ds]) => ds.some((d) => ruleOf(d) === 'naming-table')) && ours(fileUri(F2), 'naming-index').length === 1;
    }, { describe: () => summary(ours(fileUri(F2))) });
  } finally {
    await vscode.workspace.fs.delete(configUri);
  }
  await waitDiag(F2, 'naming-table back once the config file is deleted', (x) => x.some((d) => ruleOf(d) === 'naming-table'));
});

// ---------------------------------------------------------------- 9

test('9. "Show documentation" opens the rule page installed with the extension in the Markdown preview; the diagnostic links that page', async () => {
  const editor = await open(F2);
  const d = (await waitDiag(F2, 'naming-table on order_item', (x) => x.some((y) => ruleOf(y) === 'naming-table'))).find((y) => ruleOf(y) === 'naming-table')!;
  const link = d.code as { value: string; target: vscode.Uri };
  const page = path.join(extensionRoot(), 'docs', 'rules', 'naming-table.md');
  assert.equal(link.target.scheme, 'file', `a file: link, not the web: ${link.target.toString()}`);
  assert.equal(path.resolve(link.target.fsPath), path.resolve(page));
  assert.ok(fs.existsSync(page), 'the page ships with the extension');

  const action = (await actionsFor(editor.document.uri, d)).find((a) => a.title === 'Show documentation for naming-table');
  assert.ok(action?.command, 'the action is offered');
  const previews = (): vscode.Tab[] =>
    vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(tab.input.viewType) && tab.label.includes('naming-table'));
  assert.deepEqual(previews(), []);
  await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  const [tab] = await waitFor('a Markdown preview of naming-table.md', () => (previews().length ? previews() : undefined), {
    describe: () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((x) => `${x.label} (${x.input instanceof vscode.TabInputWebview ? x.input.viewType : typeof x.input})`).join(', '),
  });
  await vscode.window.tabGroups.close(tab!);
});

// ---------------------------------------------------------------- 10

test('10. a .sql-schema-lint-suppressions.json written by the CLI hides those findings in the editor; deleting it brings them back', async () => {
  await saveAll();
  await open(F2);
  await waitDiag(F2, 'naming-table on order_item', (x) => x.some((d) => ruleOf(d) === 'naming-table'));
  const root = workspaceRoot().fsPath;
  const r = await cli(['--suppress-rule', 'naming-table', 'migrations'], root);
  assert.ok(r.code === 0 || r.code === 1, `the CLI failed (exit ${r.code}): ${r.stderr}`);
  assert.match(r.stderr, /Wrote \.sql-schema-lint-suppressions\.json: 1 finding in 1 file suppressed/);
  const file = vscode.Uri.joinPath(workspaceRoot(), '.sql-schema-lint-suppressions.json');
  assert.ok(fs.existsSync(file.fsPath), r.stderr);
  try {
    await waitFor('naming-table to go, the rest staying', () => !allOurs().some(([, ds]) => ds.some((d) => ruleOf(d) === 'naming-table')) && ours(fileUri(F2), 'naming-index').length === 1, {
      describe: () => summary(ours(fileUri(F2))),
    });
  } finally {
    await vscode.workspace.fs.delete(file);
  }
  await waitDiag(F2, 'naming-table back once the suppressions file is deleted', (x) => x.some((d) => ruleOf(d) === 'naming-table'));
});

// ---------------------------------------------------------------- 11

test('11. the status bar counts the pending migrations against main; once committed they are applied: hints while open, nothing in the Problems panel', async (t) => {
  await saveAll();
  const root = workspaceRoot().fsPath;
  const git = (...args: string[]) =>
    spawnSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'e2e', GIT_AUTHOR_EMAIL: 'e2e@example.com', GIT_COMMITTER_NAME: 'e2e', GIT_COMMITTER_EMAIL: 'e2e@example.com' } });
  assert.equal(git('rev-parse', '--verify', 'main').status, 0, 'the driver made the workspace a git repository with a main branch');
  if (hasScreen) await ui('statusbar', { expect: 'pending · main' });
  else t.skipUi('the status bar before the commit');
  await open(F2);
  await waitDiag(F2, 'full diagnostics while pending', (x) => x.some((d) => d.severity === vscode.DiagnosticSeverity.Warning));

  // main takes every migration: nothing is pending any more (the server sees the index and HEAD change).
  assert.equal(git('add', '-A').status, 0);
  assert.equal(git('commit', '-q', '-m', 'migrations applied').status, 0);
  await waitFor('only hints left, on open files', () => {
    const all = allOurs();
    return all.some(([u]) => u.path.endsWith(F2)) && all.every(([, ds]) => ds.every((d) => d.severity === vscode.DiagnosticSeverity.Hint));
  }, { timeoutMs: 30000, describe: () => allOurs().map(([u, ds]) => `${path.basename(u.path)} ${summary(ds)}`).join('; ') });
  const open2 = vscode.workspace.textDocuments.map((d) => d.uri.toString());
  assert.ok(allOurs().every(([u]) => open2.includes(u.toString())), 'applied files that are not open show nothing');
  if (hasScreen) await ui('statusbar', { expect: '0 pending · main', screenshot: '11-status-bar.png' });
  else t.skipUi('the status bar after the commit');
});

// ---------------------------------------------------------------- 12

test('12. lock hints: each statement that locks an existing table shows what it locks, blocks and rewrites; hover explains; the setting turns them off', async (t) => {
  const rel = 'migrations/0007_reprice_orders.sql';
  const text = [
    'BEGIN;',
    "SET LOCAL lock_timeout = '5s';",
    'ALTER TABLE orders ALTER COLUMN total TYPE numeric(14, 4);',
    'UPDATE orders SET total = round(total, 2);',
    'COMMIT;',
    'CREATE INDEX idx_orders_status ON orders (status);',
    '',
  ].join('\n');
  const file = fileUri(rel);
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
  try {
    const editor = await open(rel);
    const all = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const hintsOf = (): Thenable<vscode.InlayHint[]> => vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', file, all);
    const labelOf = (h: vscode.InlayHint): string => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
    const hints = await waitFor('two lock hints', async () => {
      const hs = (await hintsOf()).filter((h) => /Lock on /.test(labelOf(h)));
      return hs.length === 2 ? hs : undefined;
    });
    assert.deepEqual(
      hints.map((h) => [h.position.line, labelOf(h)]),
      [
        [2, 'AccessExclusiveLock on orders · blocks reads and writes · rewrites the table · held to end of transaction'],
        [5, 'ShareLock on orders · blocks writes · builds an index (full scan)'],
      ],
    );
    // The hover on the statement's command gives the whole explanation (the hint's tooltip is the same text, resolved on hover).
    const pos = find(editor.document, 'ALTER TABLE orders').start.translate(0, 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', file, pos);
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /\*\*AccessExclusiveLock\*\* \(ACCESS EXCLUSIVE\) on `orders`/);
    assert.match(hoverText, /until the COMMIT on line 5, not just this statement/);
    assert.match(hoverText, /line 4: UPDATE \(a backfill of `orders`/);
    assert.match(hoverText, /\*\*Safer:\*\*/);

    if (hasScreen) {
      // The hints as the editor draws them (the side bar closed, so the long hint fits), then the hover over ALTER.
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await ui('wait-dom', { selector: '.editor-instance .view-lines', text: 'rewrites the table', screenshot: '12-lock-hints.png' });
      editor.selection = new vscode.Selection(pos, pos);
      await vscode.commands.executeCommand('editor.action.showHover');
      await ui('wait-dom', { selector: '.monaco-hover', text: 'How long', screenshot: '12-lock-hover.png' });
      await vscode.commands.executeCommand('editor.action.hideHover').then(undefined, () => undefined);
      await vscode.commands.executeCommand('workbench.view.explorer');
    } else t.skipUi('lock hint screenshots');

    const config = vscode.workspace.getConfiguration('sqlSchemaLint');
    await config.update('lockHints', 'off', vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('no lock hints with sqlSchemaLint.lockHints: off', async () => (await hintsOf()).every((h) => !/Lock on /.test(labelOf(h))));
    } finally {
      await config.update('lockHints', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('lock hints back', async () => (await hintsOf()).some((h) => /Lock on /.test(labelOf(h))));
  } finally {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(file);
  }
});
