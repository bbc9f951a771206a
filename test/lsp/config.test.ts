// Protocol tests: the project file `.sql-schema-lint.json` decides rules and severities for the editor
// exactly as for the CLI; changing it re-lints; a broken one is reported clearly and never crashes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { ROOT, TestClient, tempProject, uri, waitFor, writeFile } from './harness.js';

const CLI = join(ROOT, 'dist', 'cli.js');

const FILES: Record<string, string> = {
  'migrations/20240101000000_users.sql': 'CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  balance float8 NOT NULL DEFAULT 0,\n  Name text\n);\n',
  'migrations/20240102000000_orders.sql':
    'CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  user_id bigint NOT NULL REFERENCES users (id),\n  total money NOT NULL\n);\nALTER TABLE users ADD COLUMN fee real;\n',
  'migrations/20240103000000_broken.sql': 'CREATE TABEL x (id int);\nSELECT * FROM users;\n',
  'migrations/20240104000000_index.sql': '-- sql-schema-lint-disable-next-line no-float-for-money\nALTER TABLE orders ADD COLUMN tax float8;\nCREATE INDEX orders_user_id_idx ON orders (user_id);\n',
  'legacy/old.sql': 'CREATE TABLE legacy (price float8);\n',
};
const CONFIG = JSON.stringify({ rules: { 'no-float-for-money': 'error', 'syntax-error': 'warning' }, ignore: ['legacy/**'] }, null, 2);

interface Row {
  file: string;
  rule: string;
  severity: string;
  line: number;
  column: number;
}

const SEVERITY = ['', 'error', 'warning', 'info'];

describe('configuration', () => {
  test('the editor and the CLI report the same findings on the same project with a .sql-schema-lint.json', async () => {
    const dir = tempProject({ ...FILES, '.sql-schema-lint.json': CONFIG });
    const cli = spawnSync(process.execPath, [CLI, '.', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    assert.ok(cli.stdout, cli.stderr);
    const fromCli: Row[] = (JSON.parse(cli.stdout) as { diagnostics: Row[] }).diagnostics.map((d) => ({ file: d.file, rule: d.rule, severity: d.severity, line: d.line, column: d.column }));
    assert.ok(fromCli.some((r) => r.rule === 'no-float-for-money' && r.severity === 'error'), 'the config raised the severity');
    assert.ok(!fromCli.some((r) => r.file.startsWith('legacy/')), 'the config ignores legacy/');

    const client = await TestClient.start({ folders: [dir] });
    try {
      await waitFor('indexing done', () => client.statuses.some((s) => s.state === 'ready' || s.state === 'warning'));
      const fromEditor: Row[] = [];
      // Half the files open (pulled), half from the workspace stream: both paths must agree with the CLI.
      const paths = Object.keys(FILES);
      for (const [i, rel] of paths.entries()) {
        let diags: Diagnostic[];
        if (i % 2 === 0) diags = await client.pull(await client.open(join(dir, rel), FILES[rel]!));
        // Files without findings are not sent at all (nothing to clear).
        else if (!fromCli.some((r) => r.file === rel)) diags = client.workspaceReports.get(uri(join(dir, rel))) ?? [];
        else diags = await waitFor(`workspace diagnostics of ${rel}`, () => client.workspaceReports.get(uri(join(dir, rel))));
        for (const d of diags) fromEditor.push({ file: relative(dir, join(dir, rel)), rule: String(d.code), severity: SEVERITY[d.severity!]!, line: d.range.start.line + 1, column: d.range.start.character + 1 });
      }
      const key = (r: Row) => `${r.file}:${r.line}:${r.column}:${r.rule}:${r.severity}`;
      assert.deepEqual(fromEditor.map(key).sort(), fromCli.map(key).sort());
    } finally {
      await client.stop();
    }
  });

  test('editing the config file re-lints open documents', async () => {
    const dir = tempProject({ 'a.sql': 'CREATE TABLE a (price float8);\n', '.sql-schema-lint.json': '{ "rules": { "no-float-for-money": "error" } }' });
    const client = await TestClient.start({ folders: [dir] });
    try {
      const u = await client.open(join(dir, 'a.sql'), 'CREATE TABLE a (price float8);\n');
      assert.equal((await client.pull(u)).find((d) => d.code === 'no-float-for-money')?.severity, 1);
      const refreshes = client.refreshes;
      writeFile(join(dir, '.sql-schema-lint.json'), '{ "rules": { "no-float-for-money": "off" } }');
      await client.diskChanged(join(dir, '.sql-schema-lint.json'), 2);
      await waitFor('a refresh', () => client.refreshes > refreshes);
      assert.equal((await client.pull(u)).filter((d) => d.code === 'no-float-for-money').length, 0);
    } finally {
      await client.stop();
    }
  });

  test('a broken config file gives a clear message and a diagnostic at its line, and linting goes on', async () => {
    const configPath = '.sql-schema-lint.json';
    const dir = tempProject({ 'a.sql': 'CREATE TABLE a (price float8);\n', [configPath]: '{\n  "rules": {\n    "no-such-rule": "error"\n  }\n}\n' });
    const client = await TestClient.start({ folders: [dir] });
    try {
      const u = await client.open(join(dir, 'a.sql'), 'CREATE TABLE a (price float8);\n');
      assert.ok((await client.pull(u)).some((d) => d.code === 'no-float-for-money'), 'linted with the defaults');
      const configUri = uri(join(dir, configPath));
      // A pull client gets it in the workspace pull (it never pulls the JSON file itself, and is never pushed to).
      const [d] = await waitFor('a diagnostic on the config file', () => client.workspaceReports.get(configUri)?.length ? client.workspaceReports.get(configUri) : undefined);
      assert.equal(d!.range.start.line, 2);
      assert.match(String(d!.message), /unknown rule "no-such-rule"/);
      await waitFor('an error message', () => client.messages.some((m) => m.type === 1 && /invalid configuration .*\.sql-schema-lint\.json:3:\d+: unknown rule "no-such-rule"/.test(m.message)));
      await waitFor('a warning status', () => client.statuses.some((s) => s.state === 'warning'));
      // Fixing the file clears the diagnostic (a byte order mark, as Windows editors write, is fine).
      writeFile(join(dir, configPath), '\uFEFF{ "rules": {} }');
      await client.diskChanged(join(dir, configPath), 2);
      await waitFor('the config diagnostic cleared', () => client.workspaceReports.get(configUri)?.length === 0);
      assert.ok(client.alive);
      // Invalid JSON is reported too.
      writeFile(join(dir, configPath), '{ "rules": ');
      await client.diskChanged(join(dir, configPath), 2);
      await waitFor('a JSON syntax diagnostic', () => client.workspaceReports.get(configUri)?.some((x) => /invalid JSON/.test(String(x.message))));
      assert.ok((await client.pull(u)).some((x) => x.code === 'no-float-for-money'));
      assert.ok(client.alive);
      assert.equal(client.published.size, 0, 'nothing pushed to a client that pulls');
    } finally {
      await client.stop();
    }
  });
});
