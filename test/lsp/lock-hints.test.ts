// Lock hints through the protocol: inlay hints on statements that lock an existing table stronger than
// RowExclusiveLock, their tooltip and the hover on the statement's command, the setting that turns
// them off, table sizes from .sql-schema-lint-stats.json, and a refresh when another file changes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Hover, InlayHint, MarkupContent } from 'vscode-languageserver-protocol';
import { TestClient, tempProject, waitFor, writeFile } from './harness.js';

const INIT = 'CREATE TABLE users (id int PRIMARY KEY, email text);\n';
const CHANGE = [
  'BEGIN;',
  'ALTER TABLE users ALTER COLUMN id TYPE bigint;',
  'UPDATE users SET email = lower(email);',
  'CREATE TABLE audit (id int);',
  'ALTER TABLE audit',
  '  ADD COLUMN at timestamptz;',
  'CREATE INDEX users_email_idx',
  '  ON users (email);',
  'COMMIT;',
  '',
].join('\n');
const WHOLE = { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } };

async function hints(client: TestClient, u: string): Promise<InlayHint[]> {
  await client.pull(u);
  return client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: u }, range: WHOLE });
}

describe('lock hints', () => {
  let dir: string;
  let client: TestClient;
  let u: string;
  before(async () => {
    dir = tempProject({ 'db/0001_init.sql': INIT, 'db/0002_change.sql': CHANGE });
    client = await TestClient.start({ folders: [dir] });
    u = await client.open(join(dir, 'db/0002_change.sql'), CHANGE);
  });
  after(() => client.stop());

  test('one hint per statement locking an existing table, at the end of its first line', async () => {
    assert.ok(client.initializeResult.capabilities.inlayHintProvider);
    const hs = await hints(client, u);
    assert.deepEqual(
      hs.map((h) => [h.position, h.label]),
      [
        [{ line: 1, character: 46 }, 'AccessExclusiveLock on users · blocks reads and writes · rewrites the table · held to end of transaction'],
        [{ line: 6, character: 28 }, 'ShareLock on users · blocks writes · builds an index (full scan) · held to end of transaction'],
      ],
    );
    assert.ok(hs.every((h) => h.paddingLeft));
    assert.equal(hs[0]!.tooltip, undefined, 'the tooltip waits for inlayHint/resolve');
    const resolved = await client.request<InlayHint>('inlayHint/resolve', hs[0]);
    const tip = resolved.tooltip as MarkupContent;
    assert.equal(tip.kind, 'markdown');
    assert.match(tip.value, /int → bigint is not binary compatible/);
    assert.match(tip.value, /until the COMMIT on line 9, not just this statement/);
    assert.match(tip.value, /line 3: UPDATE \(a backfill of `users`/);
    assert.match(tip.value, /\*\*Safer:\*\*\n- Add a new column with the new type/);
  });

  test('hover on the statement command gives the same explanation; elsewhere the usual hover', async () => {
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: u }, position: { line: 6, character: 2 } });
    assert.ok(h);
    assert.match((h.contents as MarkupContent).value, /\*\*ShareLock\*\* \(SHARE\) on `users`: blocks writes/);
    assert.match((h.contents as MarkupContent).value, /CREATE INDEX CONCURRENTLY, outside a transaction block/);
    const onTable = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: u }, position: { line: 1, character: 14 } });
    assert.match((onTable!.contents as MarkupContent).value, /\*\*table\*\* `users`/, 'the table name keeps its schema hover');
  });

  test('table sizes from .sql-schema-lint-stats.json show in the hints; the file is watched', async () => {
    const before = client.inlayHintRefreshes;
    writeFile(join(dir, '.sql-schema-lint-stats.json'), JSON.stringify({ version: 1, tables: [{ schema: 'public', name: 'users', rows: 50, bytes: 16384 }] }));
    await client.diskChanged(join(dir, '.sql-schema-lint-stats.json'), 1);
    await waitFor('a hint refresh', () => client.inlayHintRefreshes > before);
    const hs = await waitFor('sizes in the hints', async () => {
      const x = await hints(client, u);
      return x.length && String(x[0]!.label).includes('~50 rows') ? x : undefined;
    });
    assert.equal(hs[0]!.label, 'AccessExclusiveLock on users (~50 rows, 16 kB) · blocks reads and writes · rewrites the table · held to end of transaction');
  });
});

describe('lock hints off', () => {
  test('sqlSchemaLint.lockHints: off shows none', async () => {
    const dir = tempProject({ 'db/0001_init.sql': INIT, 'db/0002_change.sql': CHANGE });
    const client = await TestClient.start({ folders: [dir], settings: { lockHints: 'off' } });
    try {
      const u = await client.open(join(dir, 'db/0002_change.sql'), CHANGE);
      assert.ok((await client.pull(u)).length > 0, 'diagnostics still come');
      assert.deepEqual(await hints(client, u), []);
    } finally {
      await client.stop();
    }
  });
});
