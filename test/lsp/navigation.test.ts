// Protocol tests: hover, go to definition, references, completion, document and workspace symbols.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, DocumentSymbol, Hover, Location, Position, SymbolInformation } from 'vscode-languageserver-protocol';
import { TestClient, tempProject, uri } from './harness.js';

const M1 = `CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (email);
`;
const M2 = `CREATE TABLE orders (
  id bigint PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  total numeric(12, 2) NOT NULL,
  CONSTRAINT orders_total_positive CHECK (total > 0)
);
CREATE INDEX orders_user_id_idx ON orders (user_id);
CREATE VIEW big_orders AS SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.user_id WHERE o.total > 100;
`;
const M3 = `ALTER TABLE users ADD COLUMN name text;
SELECT id FROM users WHERE email = 'a';
`;

/** The position of the `nth` occurrence of `word` in `text` (plus `delta` characters). */
function pos(text: string, word: string, nth = 0, delta = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(word, at + 1);
  assert.ok(at >= 0, `${word} in text`);
  const before = text.slice(0, at + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

describe('navigation', () => {
  let dir: string;
  let client: TestClient;
  let u1: string;
  let u2: string;
  let u3: string;
  before(async () => {
    dir = tempProject({ 'db/0001_users.sql': M1, 'db/0002_orders.sql': M2, 'db/0003_more.sql': M3 });
    client = await TestClient.start({ folders: [dir] });
    u1 = uri(join(dir, 'db/0001_users.sql'));
    u2 = await client.open(join(dir, 'db/0002_orders.sql'), M2);
    u3 = await client.open(join(dir, 'db/0003_more.sql'), M3);
  });
  after(() => client.stop());

  const hover = (u: string, p: Position) => client.request<Hover | null>('textDocument/hover', { textDocument: { uri: u }, position: p });
  const definition = (u: string, p: Position) => client.request<Location | Location[] | null>('textDocument/definition', { textDocument: { uri: u }, position: p });

  test('hover on a FK target table shows its columns, constraints, indexes and where it is defined (linked)', async () => {
    const h = await hover(u2, pos(M2, 'users', 0, 2));
    assert.ok(h);
    const md = (h.contents as { kind: string; value: string });
    assert.equal(md.kind, 'markdown');
    assert.match(md.value, /\*\*table\*\* `users`/);
    assert.match(md.value, /\| `email` \| `text` \| NOT NULL \|/);
    assert.match(md.value, /\| `name` \| `text` \| null \|/, 'the column added by a later migration is in the final model');
    assert.match(md.value, /`users_pkey` PRIMARY KEY \(id\)/);
    assert.match(md.value, /`users_email_key` UNIQUE btree \(email\)/);
    assert.ok(md.value.includes(`Defined in [\`db/0001_users.sql:1\`](${u1}#L1)`), md.value);
  });

  test('hover on a column (in a REFERENCES list, a WHERE clause, alias.column), an index and a constraint', async () => {
    const refCol = await hover(u2, pos(M2, '(id)', 0, 1));
    assert.match((refCol!.contents as { value: string }).value, /\*\*column\*\* `users.id`[\s\S]*`bigint` · NOT NULL · identity/);
    const whereCol = await hover(u3, pos(M3, 'email'));
    assert.match((whereCol!.contents as { value: string }).value, /\*\*column\*\* `users.email`[\s\S]*`users_email_key`/);
    const aliased = await hover(u2, pos(M2, 'u.email', 0, 2));
    assert.match((aliased!.contents as { value: string }).value, /\*\*column\*\* `users.email`/);
    const index = await hover(u2, pos(M2, 'orders_user_id_idx'));
    assert.match((index!.contents as { value: string }).value, /\*\*index\*\* `orders_user_id_idx` on `orders`/);
    const constraint = await hover(u2, pos(M2, 'orders_total_positive'));
    assert.match((constraint!.contents as { value: string }).value, /\*\*constraint\*\* on `orders`/);
  });

  test('no hover on keywords, literals and unknown names', async () => {
    // (The command of a statement that locks an existing table has the lock hover: test/lsp/lock-hints.test.ts.)
    assert.equal(await hover(u2, pos(M2, 'PRIMARY')), null);
    assert.equal(await hover(u2, pos(M2, 'CREATE INDEX')), null, 'CREATE INDEX on a table created in the same file locks nothing at risk');
    assert.equal(await hover(u3, pos(M3, "'a'", 0, 1)), null);
  });

  test('go to definition crosses files: the table, a column added later, an index', async () => {
    const table = (await definition(u3, pos(M3, 'users'))) as Location;
    assert.deepEqual(table, { uri: u1, range: { start: { line: 0, character: 13 }, end: { line: 0, character: 18 } } });
    const col = (await definition(u2, pos(M2, 'u.email', 0, 3))) as Location;
    assert.equal(col.uri, u1);
    assert.equal(col.range.start.line, 2);
    const added = (await definition(u2, pos(M2, 'users (id)'))) as Location;
    assert.equal(added.uri, u1);
    const ix = (await definition(u2, pos(M2, 'orders_user_id_idx'))) as Location;
    assert.deepEqual(ix, { uri: u2, range: { start: { line: 6, character: 13 }, end: { line: 6, character: 31 } } });
  });

  test('find references lists every use of a table across migrations', async () => {
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: u1 }, position: pos(M1, 'users'), context: { includeDeclaration: true } });
    const byFile = (u: string) => refs.filter((r) => r.uri === u).length;
    assert.equal(byFile(u1), 2, 'CREATE TABLE users, ON users');
    assert.equal(byFile(u2), 2, 'REFERENCES users, JOIN users');
    assert.equal(byFile(u3), 2, 'ALTER TABLE users, FROM users');
    const withoutDecl = await client.request<Location[]>('textDocument/references', { textDocument: { uri: u1 }, position: pos(M1, 'users'), context: { includeDeclaration: false } });
    assert.equal(withoutDecl.length, refs.length - 1);
  });

  test('completion: tables after FROM / REFERENCES, columns with types where the table is known', async () => {
    const text = 'SELECT  FROM users;\nCREATE INDEX ON orders ();\nCREATE TABLE t (u bigint REFERENCES );\nSELECT o. FROM orders o;\n';
    const u = await client.open(join(dir, 'db/0004_typing.sql'), text);
    const complete = (p: Position) => client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: u }, position: p });
    const labels = (items: CompletionItem[]) => items.map((i) => i.label).sort();
    const tables = await complete(pos(text, 'users'));
    assert.ok(['orders', 'users'].every((t) => labels(tables).includes(t)), JSON.stringify(labels(tables)));
    const cols = await complete(pos(text, ' FROM users', 0, 0));
    assert.deepEqual(labels(cols), ['created_at', 'email', 'id', 'name']);
    assert.equal(cols.find((c) => c.label === 'email')!.detail, 'text NOT NULL');
    const ixCols = await complete(pos(text, '();', 0, 1));
    assert.deepEqual(labels(ixCols), ['id', 'total', 'user_id']);
    const refTables = await complete(pos(text, 'REFERENCES ', 0, 11));
    assert.ok(labels(refTables).includes('users'));
    const aliasCols = await complete(pos(text, 'o. FROM', 0, 2));
    assert.deepEqual(labels(aliasCols), ['id', 'total', 'user_id']);
    await client.close(u);
  });

  test('document symbols outline the tables (with columns), views and indexes a file creates', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: u2 } });
    assert.deepEqual(
      symbols.map((s) => [s.name, s.kind]),
      [
        ['orders', 5],
        ['orders_user_id_idx', 20],
        ['big_orders', 11],
      ],
    );
    assert.deepEqual(symbols[0]!.children!.map((c) => c.name), ['id', 'user_id', 'total']);
  });

  test('workspace symbols find objects in files that are not open', async () => {
    const found = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'usemail' });
    assert.ok(found.some((s) => s.name === 'users_email_key' && s.location.uri === u1), JSON.stringify(found));
  });
});

describe('navigation follows renames', () => {
  test('a table renamed later: definition goes to where it was created; hover shows the renamed column', async () => {
    const m1 = 'CREATE TABLE accounts (id bigint PRIMARY KEY, mail text);\n';
    const m2 = 'ALTER TABLE accounts RENAME TO customers;\nALTER TABLE customers RENAME COLUMN mail TO email;\n';
    const m3 = 'UPDATE customers SET email = lower(email) WHERE id = 1;\n';
    const dir = tempProject({ '0001.sql': m1, '0002.sql': m2, '0003.sql': m3 });
    const client = await TestClient.start({ folders: [dir] });
    try {
      const u3 = await client.open(join(dir, '0003.sql'), m3);
      const def = (await client.request<Location>('textDocument/definition', { textDocument: { uri: u3 }, position: pos(m3, 'customers') }))!;
      assert.deepEqual(def, { uri: uri(join(dir, '0001.sql')), range: { start: { line: 0, character: 13 }, end: { line: 0, character: 21 } } });
      const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: u3 }, position: pos(m3, 'email') });
      assert.match((h.contents as { value: string }).value, /\*\*column\*\* `customers.email`/);
      const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: u3 }, position: pos(m3, 'email') });
      assert.deepEqual(items.map((i) => i.label).sort(), ['email', 'id']);
    } finally {
      await client.stop();
    }
  });
});
