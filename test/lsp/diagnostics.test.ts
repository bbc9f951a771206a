// Protocol tests: diagnostics through the pull model (document and streaming workspace pulls), the push
// fallback, incremental sync, settings, and the server surviving bad input.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, TestClient, tempProject, uri, waitFor, writeFile } from './harness.js';

const MONEY = 'CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  total double precision NOT NULL\n);\n';

describe('diagnostics (pull)', () => {
  let dir: string;
  let client: TestClient;
  before(async () => {
    dir = tempProject({
      'migrations/0001_orders.sql': MONEY,
      'migrations/0002_items.sql': 'CREATE TABLE items (\n  id bigint PRIMARY KEY,\n  price real\n);\n',
      'migrations/0003_ok.sql': 'CREATE TABLE notes (id bigint PRIMARY KEY, body text);\n',
    });
    client = await TestClient.start({ folders: [dir] });
  });
  after(() => client.stop());

  test('declares pull diagnostics with inter-file dependencies and workspace diagnostics', () => {
    const p = client.initializeResult.capabilities.diagnosticProvider as { interFileDependencies: boolean; workspaceDiagnostics: boolean };
    assert.equal(p.interFileDependencies, true);
    assert.equal(p.workspaceDiagnostics, true);
    assert.equal((client.initializeResult.capabilities.textDocumentSync as { change: number }).change, 2, 'incremental sync');
  });

  test('initialize -> didOpen -> pulled diagnostics carry source, code, docs link, severity and fix data', async () => {
    const u = await client.open(join(dir, 'migrations/0001_orders.sql'), MONEY);
    const diags = await client.pull(u);
    const d = diags.find((x) => x.code === 'no-float-for-money');
    assert.ok(d, JSON.stringify(diags));
    assert.equal(d.source, 'sql-schema-lint');
    assert.equal(d.severity, 2);
    // The rule page installed beside the server (it ships in the .vsix and the npm package): no network, the installed version.
    assert.equal(d.codeDescription!.href, pathToFileURL(join(ROOT, 'docs', 'rules', 'no-float-for-money.md')).toString());
    assert.deepEqual(d.range, { start: { line: 2, character: 8 }, end: { line: 2, character: 24 } });
    const data = d.data as { ruleId: string; version: number; fix: { title: string; edits: { newText: string }[] } };
    assert.equal(data.ruleId, 'no-float-for-money');
    assert.equal(data.version, 1);
    assert.equal(data.fix.edits[0]!.newText, 'NUMERIC(12, 2)');
  });

  test('an unchanged document gets an "unchanged" report on the next pull', async () => {
    const u = uri(join(dir, 'migrations/0001_orders.sql'));
    const report = await client.request<{ kind: string }>('textDocument/diagnostic', { textDocument: { uri: u }, previousResultId: undefined });
    const again = await client.request<{ kind: string; resultId: string }>('textDocument/diagnostic', { textDocument: { uri: u }, previousResultId: (report as { resultId?: string }).resultId });
    assert.equal(again.kind, 'unchanged');
  });

  test('incremental didChange: fixing the type by hand clears the finding, breaking it brings it back', async () => {
    const u = uri(join(dir, 'migrations/0001_orders.sql'));
    await client.replace(u, 'double precision', 'numeric(12,2)');
    assert.equal(client.text(u), MONEY.replace('double precision', 'numeric(12,2)'));
    assert.deepEqual((await client.pull(u)).filter((d) => d.code === 'no-float-for-money'), []);
    // Two quick edits before one pull: the pull answers for the newest text.
    await client.replace(u, 'numeric(12,2)', 'float8');
    await client.replace(u, 'total', 'amount');
    const diags = await client.pull(u);
    const d = diags.find((x) => x.code === 'no-float-for-money');
    assert.ok(d);
    assert.match(String(d.message), /"amount"/);
    assert.equal((d.data as { version: number }).version, 4);
  });

  test('a syntax error is reported at its position and the rest of the file is still linted', async () => {
    const text = 'CREATE TABEL a (id int);\nCREATE TABLE b (cost float8);\n';
    const u = await client.open(join(dir, 'migrations/0004_broken.sql'), text);
    const diags = await client.pull(u);
    assert.ok(diags.some((d) => d.code === 'syntax-error' && d.range.start.line === 0), JSON.stringify(diags));
    assert.ok(diags.some((d) => d.code === 'no-float-for-money' && d.range.start.line === 1));
    await client.close(u);
  });

  test('files that are not open are reported through the streaming workspace pull, with progress', async () => {
    const items = uri(join(dir, 'migrations/0002_items.sql'));
    const diags = await waitFor('workspace diagnostics for 0002_items.sql', () => client.workspaceReports.get(items)?.filter((d) => d.code === 'no-float-for-money').length ? client.workspaceReports.get(items) : undefined);
    assert.equal(diags[0]!.range.start.line, 2);
    assert.ok(client.progress.some((p) => p.value.kind === 'begin'), 'progress began');
    assert.ok(client.progress.some((p) => p.value.kind === 'report' && /Indexing migrations \d+\/\d+/.test(p.value.message ?? '')), JSON.stringify(client.progress));
    assert.ok(client.progress.some((p) => p.value.kind === 'end'));
    assert.ok(client.statuses.some((s) => s.state === 'ready'), JSON.stringify(client.statuses));
  });

  test('a new file on disk is indexed through didChangeWatchedFiles; deleting it clears its diagnostics', async () => {
    assert.ok(client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'), 'watchers registered dynamically');
    const p = join(dir, 'migrations/0005_fees.sql');
    writeFile(p, 'CREATE TABLE fees (fee float4);\n');
    await client.diskChanged(p, 1);
    await waitFor('diagnostics of the new file', () => client.workspaceReports.get(uri(p))?.some((d) => d.code === 'no-float-for-money'));
    await client.diskChanged(p, 3);
    await waitFor('cleared diagnostics of the deleted file', () => client.workspaceReports.get(uri(p))?.length === 0);
  });

  test('closing a document puts its file back on disk text in the workspace stream', async () => {
    const u = uri(join(dir, 'migrations/0001_orders.sql'));
    await client.close(u);
    // On disk it still has double precision.
    await waitFor('disk diagnostics of the closed file', () => client.workspaceReports.get(u)?.some((d) => d.code === 'no-float-for-money' && /"total"/.test(String(d.message))));
  });

  test('the server logged no errors and is alive', () => {
    assert.ok(client.alive);
    assert.deepEqual(client.logs.filter((l) => /failed|error/i.test(l)), []);
  });
});

describe('settings', () => {
  test('sqlSchemaLint.enable=false gives no diagnostics; lintUnopenedFiles=false streams nothing for closed files', async () => {
    const dir = tempProject({ 'a.sql': MONEY, 'b.sql': MONEY.replace('orders', 'orders2') });
    const disabled = await TestClient.start({ folders: [dir], settings: { enable: false } });
    try {
      const u = await disabled.open(join(dir, 'a.sql'), MONEY);
      assert.deepEqual(await disabled.pull(u), []);
    } finally {
      await disabled.stop();
    }
    const quiet = await TestClient.start({ folders: [dir], settings: { lintUnopenedFiles: false } });
    try {
      const u = await quiet.open(join(dir, 'a.sql'), MONEY);
      assert.ok((await quiet.pull(u)).some((d) => d.code === 'no-float-for-money'));
      await waitFor('indexing done', () => quiet.statuses.some((s) => s.state === 'ready'));
      assert.equal(quiet.workspaceReports.get(uri(join(dir, 'b.sql')))?.length ?? 0, 0);
    } finally {
      await quiet.stop();
    }
  });

  test('sqlSchemaLint.migrations orders the history when the config file does not', async () => {
    // Without the globs, "b_create" sorts after "a_alter", so the ALTER would come before the CREATE.
    const dir = tempProject({ 'a_alter.sql': 'ALTER TABLE t ADD COLUMN price float8;\n', 'b_create.sql': 'CREATE TABLE t (id int);\n' });
    const client = await TestClient.start({ folders: [dir], settings: { migrations: ['b_*.sql', 'a_*.sql'] } });
    try {
      const u = await client.open(join(dir, 'a_alter.sql'), 'ALTER TABLE t ADD COLUMN price float8;\n');
      await client.pull(u);
      const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: u }, position: { line: 0, character: 12 } });
      assert.ok(hover, 'the table is known: b_create.sql came first');
      assert.match(hover.contents.value, /price/);
    } finally {
      await client.stop();
    }
  });
});

describe('push fallback (a client without pull diagnostics)', () => {
  test('open documents and unopened files get publishDiagnostics', async () => {
    const dir = tempProject({ 'a.sql': MONEY, 'b.sql': 'CREATE TABLE x (cost real);\n' });
    const client = await TestClient.start({ folders: [dir], pull: false });
    try {
      assert.equal(client.initializeResult.capabilities.diagnosticProvider, undefined);
      const u = await client.open(join(dir, 'a.sql'), MONEY);
      await waitFor('pushed diagnostics of the open file', () => client.published.get(u)?.some((d) => d.code === 'no-float-for-money'));
      await waitFor('pushed diagnostics of the unopened file', () => client.published.get(uri(join(dir, 'b.sql')))?.some((d) => d.code === 'no-float-for-money'));
      await client.replace(u, 'double precision', 'numeric(12, 2)');
      await waitFor('pushed diagnostics after an edit', () => client.published.get(u)?.every((d) => d.code !== 'no-float-for-money'));
    } finally {
      await client.stop();
    }
  });
});

describe('resilience', () => {
  test('an unreadable (binary) file is skipped with a log line and the server keeps serving', async () => {
    const dir = tempProject({ 'bin.sql': Buffer.from([0x43, 0, 0, 1, 2]), 'a.sql': MONEY });
    const client = await TestClient.start({ folders: [dir] });
    try {
      await waitFor('a log line about the skipped file', () => client.logs.some((l) => /Skipped .*bin\.sql: binary file/.test(l)));
      const u = await client.open(join(dir, 'a.sql'), MONEY);
      assert.ok((await client.pull(u)).some((d) => d.code === 'no-float-for-money'));
      assert.ok(client.alive);
    } finally {
      await client.stop();
    }
  });

  test('a document outside every workspace folder is linted on its own', async () => {
    const folder = tempProject({ 'x.sql': 'SELECT 1;\n' });
    const loose = tempProject({ 'loose.sql': MONEY });
    const client = await TestClient.start({ folders: [folder] });
    try {
      const u = await client.open(join(loose, 'loose.sql'), MONEY);
      assert.ok((await client.pull(u)).some((d) => d.code === 'no-float-for-money'));
    } finally {
      await client.stop();
    }
  });
});

describe('multi-root workspaces', () => {
  test('each workspace folder is its own history, and folders added later are indexed', async () => {
    const a = tempProject({ '0001.sql': 'CREATE TABLE shared_name (id bigint PRIMARY KEY, price float8);\n' });
    const b = tempProject({ '0001.sql': 'ALTER TABLE shared_name ADD COLUMN note text;\n' });
    const c = tempProject({ '0001.sql': 'CREATE TABLE c (fee float4);\n' });
    const client = await TestClient.start({ folders: [a, b] });
    try {
      const ub = await client.open(join(b, '0001.sql'), 'ALTER TABLE shared_name ADD COLUMN note text;\n');
      await client.pull(ub);
      // Folder b does not see folder a's table.
      assert.equal(await client.request('textDocument/hover', { textDocument: { uri: ub }, position: { line: 0, character: 14 } }), null);
      await waitFor('folder a streamed', () => client.workspaceReports.get(uri(join(a, '0001.sql')))?.some((d) => d.code === 'no-float-for-money'));
      await client.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: uri(c), name: 'c' }], removed: [{ uri: uri(a), name: 'a' }] } });
      await waitFor('the added folder indexed', () => client.workspaceReports.get(uri(join(c, '0001.sql')))?.some((d) => d.code === 'no-float-for-money'));
      await waitFor('the removed folder cleared', () => client.workspaceReports.get(uri(join(a, '0001.sql')))?.length === 0);
    } finally {
      await client.stop();
    }
  });
});
