// `sqlSchemaLint/score` against the built language server: it waits for the workspace index (never a
// partial history), reports progress on the request's work-done token, resolves the project from a
// file or folder URI (asking when several match), and returns files as URIs with display paths.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { ScoreResult } from '../../server/src/lsp/protocol.js';
import { TestClient, tempProject, uri } from '../lsp/harness.js';

const METHOD = 'sqlSchemaLint/score';

function table(n: number): string {
  return `CREATE TABLE items_${n} (id bigserial PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());\n`;
}

describe('sqlSchemaLint/score', () => {
  const clients: TestClient[] = [];
  after(async () => {
    for (const c of clients) await c.stop();
  });

  test('waits for the index and scores the whole history, with progress on the request token', async () => {
    const files: Record<string, string> = {};
    const count = 300;
    for (let i = 1; i <= count; i++) files[`migrations/${String(i).padStart(4, '0')}_items.sql`] = table(i);
    files['migrations/0301_orders.sql'] = 'CREATE TABLE orders (id bigserial PRIMARY KEY, item_id bigint REFERENCES items_1 (id), created_at timestamptz NOT NULL DEFAULT now());';
    const dir = tempProject(files);
    const client = await TestClient.start({ folders: [dir] });
    clients.push(client);
    // Sent at once: the server is still indexing.
    const result = await client.request<ScoreResult>(METHOD, { workDoneToken: 'score-1' });
    assert.equal(result.kind, 'score', JSON.stringify(result).slice(0, 300));
    if (result.kind !== 'score') return;
    assert.equal(result.report.migrations, count + 1, 'every migration, not a partial history');
    assert.equal(result.report.tables, count + 1);
    assert.equal(result.project.uri, uri(dir));
    const messages = client.progress.filter((p) => p.token === 'score-1').map((p) => `${p.value.kind}:${p.value.message ?? ''}`);
    assert.equal(messages[0], 'begin:');
    assert.ok(messages.includes('report:Waiting for the migration index to be complete…'), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('report:Scoring ')), messages.join('\n'));
    assert.equal(messages.at(-1), 'end:');
    // The missing foreign-key index costs points; its location is a document URI with a display path.
    const fk = result.report.topFindings.find((f) => f.ruleId === 'foreign-key-missing-index');
    assert.ok(fk, 'foreign-key finding');
    assert.equal(fk.file, uri(join(dir, 'migrations/0301_orders.sql')));
    assert.equal(result.display[fk.file], 'migrations/0301_orders.sql');
    assert.deepEqual(fk.start, { line: 0, character: fk.column - 1 });
    const orders = result.report.perTable.find((t) => t.table === 'orders')!;
    assert.equal(orders.file, fk.file);
  });

  test('a file or folder URI picks the project; a folder holding several projects asks which', async () => {
    const dir = tempProject({
      'app/.sql-schema-lint.json': '{}',
      'app/migrations/0001_users.sql': table(1),
      'billing/.sql-schema-lint.json': '{}',
      'billing/migrations/0001_invoices.sql': `${table(2)}${table(3)}`,
    });
    const client = await TestClient.start({ folders: [dir] });
    clients.push(client);
    const choose = await client.request<ScoreResult>(METHOD, {});
    assert.equal(choose.kind, 'choose');
    if (choose.kind !== 'choose') return;
    assert.deepEqual(
      choose.projects.map((p) => [p.name, p.uri, p.files]),
      [
        ['app', uri(join(dir, 'app')), 1],
        ['billing', uri(join(dir, 'billing')), 1],
      ],
    );
    const byFile = await client.request<ScoreResult>(METHOD, { uri: uri(join(dir, 'billing/migrations/0001_invoices.sql')) });
    assert.equal(byFile.kind === 'score' && byFile.report.tables, 2);
    const byRoot = await client.request<ScoreResult>(METHOD, { uri: choose.projects[0]!.uri });
    assert.equal(byRoot.kind === 'score' && byRoot.report.tables, 1);
    const nothing = await client.request<ScoreResult>(METHOD, { uri: uri(join(dir, 'elsewhere')) });
    assert.equal(nothing.kind, 'none');
  });
});
