// Protocol tests: a migration's diagnostics depend on the others. When migration B adds the index that
// migration A's foreign key needed, A's diagnostic disappears without touching A: through a file
// written on disk (didChangeWatchedFiles), through an edit in another open document, and for files
// that are not open (the workspace diagnostics stream).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { rules } from '../../server/src/engine/index.js';
import { TestClient, tempProject, uri, waitFor, writeFile } from './harness.js';

/** Whatever rule flags a foreign key without an index (foreign-key-missing-index when registered). */
const FK_RULE = rules.find((r) => /foreign-key.*index|fk.*index/.test(r.id))?.id;
const skip = FK_RULE ? false : 'no foreign-key index rule is registered';

const A = 'CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  user_id bigint NOT NULL REFERENCES users (id)\n);\n';
const INDEX = 'CREATE INDEX orders_user_id_idx ON orders (user_id);\n';

const fk = (ds: Diagnostic[]) => ds.filter((d) => d.code === FK_RULE);

describe('cross-file diagnostics', { skip }, () => {
  let client: TestClient;
  let dir: string;
  before(async () => {
    dir = tempProject({ 'migrations/0001_a.sql': A, 'migrations/0003_c.sql': 'SELECT 1;\n' });
    client = await TestClient.start({ folders: [dir] });
  });
  after(() => client.stop());

  test('a later migration written on disk removes the open file\'s finding (refresh, then pull)', async () => {
    const ua = await client.open(join(dir, 'migrations/0001_a.sql'), A);
    const before = fk(await client.pull(ua));
    assert.equal(before.length, 1, 'the foreign key has no index yet');
    // Related information points at the referenced table's definition (here in the same migration).
    const related = before[0]!.relatedInformation ?? [];
    assert.ok(related.some((r) => r.location.uri === ua && r.location.range.start.line === 0), JSON.stringify(related));
    const refreshes = client.refreshes;
    const b = join(dir, 'migrations/0002_b.sql');
    writeFile(b, INDEX);
    await client.diskChanged(b, 1);
    await waitFor('a diagnostics refresh', () => client.refreshes > refreshes);
    assert.deepEqual(fk(await client.pull(ua)), []);
    // Deleting the index migration brings the finding back.
    const again = client.refreshes;
    await client.diskChanged(b, 3);
    await waitFor('another refresh', () => client.refreshes > again);
    assert.equal(fk(await client.pull(ua)).length, 1);
  });

  test('typing the index in another open migration removes the finding of the first one', async () => {
    const ua = uri(join(dir, 'migrations/0001_a.sql'));
    const uc = await client.open(join(dir, 'migrations/0003_c.sql'), 'SELECT 1;\n');
    const refreshes = client.refreshes;
    await client.change(uc, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: INDEX }]);
    await waitFor('a diagnostics refresh', () => client.refreshes > refreshes);
    assert.deepEqual(fk(await client.pull(ua)), []);
    await client.close(uc);
  });

  test('the hover of the table shows the index from the other migration', async () => {
    const ua = uri(join(dir, 'migrations/0001_a.sql'));
    const b = join(dir, 'migrations/0002_b.sql');
    writeFile(b, INDEX);
    await client.diskChanged(b, 1);
    const h = await waitFor('the index in the hover', async () => {
      const r = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: ua }, position: { line: 1, character: 15 } });
      return r && (r.contents as { value: string }).value.includes('orders_user_id_idx') ? r : undefined;
    });
    assert.match((h.contents as { value: string }).value, /`orders_user_id_idx` btree \(user_id\)/);
  });

  test('for files that are not open, the workspace stream updates', async () => {
    const ua = uri(join(dir, 'migrations/0001_a.sql'));
    await client.close(ua);
    const b = join(dir, 'migrations/0002_b.sql');
    writeFile(b, 'SELECT 2;\n');
    await client.diskChanged(b, 2);
    await waitFor('the finding in the workspace stream', () => fk(client.workspaceReports.get(ua) ?? []).length === 1);
    writeFile(b, INDEX);
    await client.diskChanged(b, 2);
    await waitFor('the finding gone from the workspace stream', () => client.workspaceReports.get(ua) && fk(client.workspaceReports.get(ua)!).length === 0);
  });
});
