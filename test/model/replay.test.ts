import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint, usePostgresParser } from '../helpers/engine.js';

usePostgresParser();

test('replay builds tables, columns, constraints and indexes with their origins', () => {
  const r = lint({
    '0001_users.sql': 'CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE);',
    '0002_orders.sql': 'CREATE TABLE public.orders (id bigserial PRIMARY KEY, user_id bigint REFERENCES users ON DELETE CASCADE, total numeric(12,2));\nCREATE INDEX idx_orders_user_id ON orders (user_id) WHERE user_id IS NOT NULL;',
  });
  const orders = r.final.table(undefined, 'orders')!;
  assert.ok(orders, 'public.orders and orders are the same table');
  assert.deepEqual([...orders.columns.keys()], ['id', 'user_id', 'total']);
  assert.equal(orders.columns.get('id')!.type.name, 'int8');
  assert.equal(orders.columns.get('id')!.type.serial, 'bigserial');
  const fk = orders.constraints.find((c) => c.kind === 'foreignKey')!;
  assert.equal(fk.name, 'orders_user_id_fkey', "PostgreSQL's generated name");
  assert.equal(fk.references!.table, 'public.users');
  assert.equal(fk.references!.onDelete, 'cascade');
  assert.equal(orders.origin.file, '/project/0002_orders.sql');
  const idx = r.final.indexes.get('public.idx_orders_user_id')!;
  assert.deepEqual(idx.whereNotNullColumns, ['user_id']);
  assert.ok(r.final.indexes.get('public.users_pkey')?.constraint, 'primary key index');
  assert.ok(r.final.indexes.get('public.users_email_key')?.unique, 'unique constraint index');
});

test('ALTER, RENAME and DROP are replayed; quoted names keep their case', () => {
  const r = lint({
    '0001.sql': 'CREATE TABLE "Accounts" (id int PRIMARY KEY, "Name" text);\nCREATE TABLE tmp (id int);',
    '0002.sql': 'ALTER TABLE "Accounts" RENAME TO accounts;\nALTER TABLE accounts RENAME COLUMN "Name" TO name;\nALTER TABLE accounts ADD COLUMN balance numeric NOT NULL DEFAULT 0, ALTER COLUMN name SET NOT NULL;\nDROP TABLE tmp;',
  });
  assert.equal(r.final.table(undefined, 'Accounts'), undefined);
  const a = r.final.table(undefined, 'accounts')!;
  assert.deepEqual([...a.columns.keys()], ['id', 'name', 'balance']);
  assert.equal(a.columns.get('name')!.notNull, true);
  assert.equal(r.final.table(undefined, 'tmp'), undefined);
});

test('down migrations are linted but never replayed', () => {
  const r = lint({ '0001_a.up.sql': 'CREATE TABLE a (id int);', '0001_a.down.sql': 'DROP TABLE a;' });
  assert.ok(r.final.table(undefined, 'a'));
  assert.equal(r.files.length, 2);
});

test('existing before this file vs created earlier in the same file', () => {
  const seen: Record<string, boolean> = {};
  const { rulesById } = require('../../server/src/engine/index.js') as typeof import('../../server/src/engine/index.js');
  void rulesById;
  const { lintProject } = require('../../server/src/engine/lint.js') as typeof import('../../server/src/engine/lint.js');
  const { defaultConfig } = require('../../server/src/engine/config.js') as typeof import('../../server/src/engine/config.js');
  const { project } = require('../helpers/engine.js') as typeof import('../helpers/engine.js');
  const rules = require('../../server/src/engine/rules/index.js') as { rules: { id: string; check: (c: unknown) => void }[] };
  // A probe rule records what the context says for each ALTER TABLE.
  const probe = {
    id: 'probe',
    meta: { description: '', category: 'syntax', defaultSeverity: 'info', messages: {}, defaultOptions: {}, schema: { type: 'object', properties: {}, additionalProperties: false }, fixable: false, hasSuggestions: false },
    check(ctx: import('../../server/src/engine/index.js').RuleContext<unknown>) {
      for (const { fact } of ctx.facts('alterTable')) seen[`${ctx.file.relPath}:${fact.table.name}`] = ctx.existedBeforeFile(fact.table.schema, fact.table.name);
    },
  };
  (rules.rules as unknown[]).push(probe);
  try {
    lintProject(
      project({
        '0001.sql': 'CREATE TABLE old_t (id int);',
        '0002.sql': 'CREATE TABLE new_t (id int);\nALTER TABLE new_t ADD COLUMN x int;\nALTER TABLE old_t ADD COLUMN x int;\nALTER TABLE public.old_t ADD COLUMN y int;',
      }),
      defaultConfig(),
    );
  } finally {
    (rules.rules as unknown[]).pop();
  }
  assert.deepEqual(seen, { '0002.sql:new_t': false, '0002.sql:old_t': true });
});

test('dropping a partitioned table drops its partitions and their indexes', () => {
  const r = lint({
    '0001.sql': 'CREATE TABLE m (id bigint, at date) PARTITION BY RANGE (at);\nCREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM (\'2026-01-01\') TO (\'2027-01-01\');\nCREATE INDEX idx_m_2026_id ON m_2026 (id);',
    '0002.sql': 'DROP TABLE m;',
  });
  assert.equal(r.final.table(undefined, 'm_2026'), undefined);
  assert.equal(r.final.indexes.get('public.idx_m_2026_id'), undefined);
});

test('an overlay map reads through to its parent and keeps the parent\'s order in every iteration', async () => {
  const { OverlayMap } = await import('../../server/src/engine/model/schema.js');
  const parent = new Map([
    ['a', 1],
    ['b', 2],
    ['c', 3],
  ]);
  const overlay = new OverlayMap(parent);
  overlay.set('b', 20);
  overlay.delete('c');
  overlay.set('d', 4);
  const viaForEach: [string, number][] = [];
  overlay.forEach((v, k, m) => {
    assert.equal(m, overlay);
    viaForEach.push([k, v]);
  });
  assert.deepEqual(viaForEach, [
    ['a', 1],
    ['b', 20],
    ['d', 4],
  ]);
  assert.deepEqual([...overlay], viaForEach);
  assert.equal(overlay.size, 3);
  assert.deepEqual([...parent], [
    ['a', 1],
    ['b', 2],
    ['c', 3],
  ]);
});

test('a later file drops a plain table and a partitioned one: their indexes and partitions go with them', () => {
  const r = lint({
    '0001.sql': 'CREATE TABLE m (id bigint, at date) PARTITION BY RANGE (at);\nCREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM (\'2026-01-01\') TO (\'2027-01-01\');\nCREATE INDEX idx_m_2026_id ON m_2026 (id);\nCREATE TABLE plain (id bigint);\nCREATE INDEX idx_plain_id ON plain (id);',
    '0002.sql': 'DROP TABLE plain;\nDROP TABLE m;\nCREATE TABLE m (id bigint);',
  });
  assert.equal(r.final.table(undefined, 'plain'), undefined);
  assert.equal(r.final.indexes.get('public.idx_plain_id'), undefined);
  assert.equal(r.final.table(undefined, 'm_2026'), undefined);
  assert.ok(r.final.table(undefined, 'm'));
});

test('CREATE SCHEMA … CREATE TABLE / INDEX / VIEW puts each element in the schema, ranged on its own text', () => {
  const sql =
    'CREATE SCHEMA billing\n  CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint, issued timestamp)\n  CREATE INDEX idx_invoices_customer_id ON invoices (customer_id)\n  CREATE VIEW open_invoices AS SELECT id FROM invoices;\nALTER TABLE billing.invoices ADD COLUMN due_on date;';
  const r = lint({ '0001.sql': sql });
  const t = r.final.table('billing', 'invoices');
  assert.ok(t, 'the table is in the schema');
  assert.ok(t.columns.has('due_on'), 'a later ALTER TABLE billing.invoices finds it');
  assert.equal(r.final.table(undefined, 'invoices'), undefined);
  assert.equal(sql.slice(t.origin.range.start, t.origin.range.end), 'invoices');
  assert.ok(sql.slice(0, t.origin.range.start).endsWith('CREATE TABLE '));
  assert.equal(r.final.indexes.get('billing.idx_invoices_customer_id')?.table, 'billing.invoices');
  assert.ok(r.final.views.get('billing.open_invoices'));
  const timestamp = r.files[0]!.findings.find((f) => f.ruleId === 'prefer-timestamptz');
  assert.ok(timestamp, 'rules see the element\'s columns');
  assert.equal(sql.slice(timestamp.range.start, timestamp.range.end), 'timestamp');
});

test('a model finds a table\'s indexes without a scan, through overlays, moves and deletions', async () => {
  const { SchemaModel } = await import('../../server/src/engine/model/schema.js');
  const ix = (key: string, table: string) => ({ key, name: key.split('.')[1]!, schema: 'public', table, unique: false, columns: ['id'], method: 'btree', include: [], origin: { file: 'f', range: { start: 0, end: 0 } } });
  const root = new SchemaModel();
  root.indexes.set('public.a1', ix('public.a1', 'public.a'));
  root.indexes.set('public.a2', ix('public.a2', 'public.a'));
  root.indexes.set('public.b1', ix('public.b1', 'public.b'));
  root.indexes.set('public.b1', ix('public.b1', 'public.a'));
  root.indexes.delete('public.a2');
  assert.deepEqual(root.indexKeysOf('public.a').sort(), ['public.a1', 'public.b1']);
  assert.deepEqual(root.indexKeysOf('public.b'), []);
  const over = root.overlay();
  over.indexes.delete('public.a1');
  over.indexes.set('public.b1', ix('public.b1', 'public.b'));
  over.indexes.set('public.c1', ix('public.c1', 'public.a'));
  assert.deepEqual(over.indexKeysOf('public.a'), ['public.c1']);
  assert.deepEqual(over.indexKeysOf('public.b'), ['public.b1']);
  assert.deepEqual(root.indexKeysOf('public.a').sort(), ['public.a1', 'public.b1'], 'the parent is unchanged');
  const scan = (m: InstanceType<typeof SchemaModel>, t: string) => [...m.indexes.values()].filter((i) => i.table === t).map((i) => i.key).sort();
  for (const m of [root, over]) for (const t of ['public.a', 'public.b']) assert.deepEqual(m.indexKeysOf(t).sort(), scan(m, t));
});

test('an editor\'s second lint sees the new history, though the unchanged file\'s parse is reused', async () => {
  const { lintProject } = await import('../../server/src/engine/lint.js');
  const { project, onlyRules } = await import('../helpers/engine.js');
  const parsedCache = new Map();
  const config = onlyRules(['no-rename-table']);
  const renames = (first: string) =>
    lintProject(project({ '0001.sql': first, '0002.sql': 'ALTER TABLE foo RENAME TO bar;' }), config, { parsedCache })
      .files.find((f) => f.relPath === '0002.sql')!
      .findings.map((f) => f.ruleId);
  assert.deepEqual(renames('CREATE VIEW foo AS SELECT 1 AS id;'), [], 'renaming a view is not reported');
  assert.deepEqual(renames('CREATE TABLE foo (id int);'), ['no-rename-table'], 'the same 0002.sql now renames a table');
});
