// The editor reads the same bulk suppressions file as the CLI (over stdio, as VS Code drives the server):
// the same findings are hidden, a grown count shows the rule's findings again while typing, the file is
// re-read when it changes on disk, and a malformed one is reported without stopping the linting.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { ROOT, TestClient, tempProject, uri, waitFor, writeFile } from './harness.js';

const CLI = join(ROOT, 'dist', 'cli.js');
const FILE = '.sql-schema-lint-suppressions.json';
const STRUCTURE = 'CREATE TABLE invoice (\n  id bigserial PRIMARY KEY,\n  total float8,\n  tax float8,\n  meta json\n);\n';
const USERS = 'CREATE TABLE users (id bigserial PRIMARY KEY, price real);\n';

const codes = (ds: Diagnostic[]): string[] => ds.map((d) => String(d.code)).sort();

describe('bulk suppressions in the editor', () => {
  test('the editor hides what the CLI hides, shows a grown rule again while typing, and re-reads the file when it changes', async () => {
    const dir = tempProject({ 'db/structure.sql': STRUCTURE, 'db/migrations/0001_users.sql': USERS, '.sql-schema-lint.json': '{}' });
    const suppress = spawnSync(process.execPath, [CLI, '.', '--suppress-rule', 'no-float-for-money'], { cwd: dir, encoding: 'utf8' });
    assert.equal(suppress.status, 0, suppress.stderr);
    const cli = JSON.parse(spawnSync(process.execPath, [CLI, '.', '--format', 'json'], { cwd: dir, encoding: 'utf8' }).stdout) as { diagnostics: { file: string; rule: string }[] };
    assert.deepEqual(cli.diagnostics.map((d) => `${d.file} ${d.rule}`).sort(), ['db/structure.sql naming-table', 'db/structure.sql prefer-jsonb']);

    const client = await TestClient.start({ folders: [dir] });
    try {
      const structure = await client.open(join(dir, 'db/structure.sql'), STRUCTURE);
      assert.deepEqual(codes(await client.pull(structure)), ['naming-table', 'prefer-jsonb'], 'as the CLI');
      // The unopened migration's suppressed finding is not streamed either.
      await waitFor('indexing done', () => client.statuses.some((s) => s.state === 'ready'));
      assert.deepEqual(client.workspaceReports.get(uri(join(dir, 'db/migrations/0001_users.sql'))) ?? [], []);

      // Typing a third float column: the count (2) is exceeded, so all three are shown.
      await client.replace(structure, '  meta json\n', '  meta json,\n  fee real\n');
      assert.deepEqual(codes(await client.pull(structure)), ['naming-table', 'no-float-for-money', 'no-float-for-money', 'no-float-for-money', 'prefer-jsonb']);
      await client.replace(structure, ',\n  fee real\n', '\n');
      assert.deepEqual(codes(await client.pull(structure)), ['naming-table', 'prefer-jsonb']);

      // The file changes on disk (someone ran --suppress-all): the server re-reads it.
      const refreshes = client.refreshes;
      const all = spawnSync(process.execPath, [CLI, '.', '--suppress-all'], { cwd: dir, encoding: 'utf8' });
      assert.equal(all.status, 0, all.stderr);
      await client.diskChanged(join(dir, FILE), 2);
      await waitFor('a refresh', () => client.refreshes > refreshes);
      assert.deepEqual(codes(await client.pull(structure)), []);

      // Deleted: everything is shown again.
      const before = client.refreshes;
      rmSync(join(dir, FILE));
      await client.diskChanged(join(dir, FILE), 3);
      await waitFor('a refresh', () => client.refreshes > before);
      assert.deepEqual(codes(await client.pull(structure)), ['naming-table', 'no-float-for-money', 'no-float-for-money', 'prefer-jsonb']);
      const users = await client.open(join(dir, 'db/migrations/0001_users.sql'), USERS);
      assert.deepEqual(codes(await client.pull(users)), ['no-float-for-money']);
    } finally {
      await client.stop();
    }
  });

  test('without a config file the project folder\'s suppressions file applies, keyed from that folder', async () => {
    const dir = tempProject({ 'db/structure.sql': STRUCTURE });
    spawnSync(process.execPath, [CLI, 'db', '--suppress-all'], { cwd: dir, encoding: 'utf8' });
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(dir, FILE), 'utf8'))), ['db/structure.sql']);
    const client = await TestClient.start({ folders: [dir] });
    try {
      assert.deepEqual(await client.pull(await client.open(join(dir, 'db/structure.sql'), STRUCTURE)), []);
    } finally {
      await client.stop();
    }
  });

  test('a malformed suppressions file is reported at its line, and linting goes on with the last valid one', async () => {
    const dir = tempProject({ 'a.sql': STRUCTURE, [FILE]: '{ "a.sql": { "no-float-for-money": { "count": 2 } } }\n' });
    const client = await TestClient.start({ folders: [dir] });
    try {
      const u = await client.open(join(dir, 'a.sql'), STRUCTURE);
      assert.deepEqual(codes(await client.pull(u)), ['naming-table', 'prefer-jsonb']);
      writeFile(join(dir, FILE), '{\n  "a.sql": { "no-float-for-money": 2 }\n}\n');
      await client.diskChanged(join(dir, FILE), 2);
      const fileUri = uri(join(dir, FILE));
      // A pull client gets it in the workspace pull, never pushed (as config file errors).
      const [d] = await waitFor('a diagnostic on the suppressions file', () => (client.workspaceReports.get(fileUri)?.length ? client.workspaceReports.get(fileUri) : undefined));
      assert.equal(d!.range.start.line, 1);
      assert.match(String(d!.message), /"a\.sql" → "no-float-for-money" must be \{ "count": <a positive integer> \}\. SQL Schema Lint uses the last valid suppressions/);
      await waitFor('an error message', () => client.messages.some((m) => m.type === 1 && /invalid suppressions file .*:2:\d+:/.test(m.message)));
      assert.deepEqual(codes(await client.pull(u)), ['naming-table', 'prefer-jsonb'], 'the last valid suppressions still apply');
      writeFile(join(dir, FILE), '{}\n');
      await client.diskChanged(join(dir, FILE), 2);
      await waitFor('the diagnostic cleared', () => client.workspaceReports.get(fileUri)?.length === 0);
      assert.ok(client.alive);
    } finally {
      await client.stop();
    }
  });

  test('the editor\'s schema score ignores suppressions, as the CLI\'s does', async () => {
    const files = { 'db/structure.sql': STRUCTURE, 'db/migrations/0001_users.sql': USERS };
    const score = async (dir: string): Promise<unknown> => {
      const client = await TestClient.start({ folders: [dir] });
      try {
        const r = await client.request<{ kind: string; report: { score: number; dimensions: { name: string; score: number; findings: number }[] } }>('sqlSchemaLint/score', {});
        assert.equal(r.kind, 'score');
        return { score: r.report.score, dimensions: r.report.dimensions.map((d) => [d.name, d.score, d.findings]) };
      } finally {
        await client.stop();
      }
    };
    const plain = tempProject(files);
    const suppressed = tempProject(files);
    assert.equal(spawnSync(process.execPath, [CLI, '.', '--suppress-all'], { cwd: suppressed, encoding: 'utf8' }).status, 0);
    assert.deepEqual(await score(suppressed), await score(plain));
  });

  test('the server watches the suppressions file', async () => {
    const dir = tempProject({ 'a.sql': 'SELECT 1;\n' });
    const client = await TestClient.start({ folders: [dir] });
    try {
      const reg = await waitFor('file watchers', () => client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'));
      const globs = (reg.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
      assert.ok(globs.includes(`**/${FILE}`), globs.join(', '));
    } finally {
      await client.stop();
    }
  });
});
