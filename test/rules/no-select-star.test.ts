import assert from 'node:assert/strict';
import { test } from 'node:test';
import { POSTGRES_KEYWORDS } from '../../server/src/engine/parse/keywords.js';
import { pgParse } from '../../server/src/engine/parse/pg.js';
import { NEEDS_QUOTES, quoteIdent } from '../../server/src/engine/rules/no-select-star.js';
import { ruleTester } from './harness.js';

const users = { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());' };
const usersAndOrders = {
  ...users,
  '0002_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), total numeric(12, 2) NOT NULL);',
};

ruleTester('no-select-star', {
  valid: [
    { name: 'explicit columns', migrations: users, code: 'CREATE VIEW active_users AS SELECT id, email FROM users;' },
    { name: 'count(*) is not a star', migrations: users, code: 'CREATE VIEW user_count AS SELECT count(*) AS n FROM users;' },
    {
      name: 'EXISTS and NOT EXISTS never fetch the columns',
      migrations: usersAndOrders,
      code: 'CREATE VIEW buyers AS SELECT u.id FROM users u WHERE EXISTS (SELECT * FROM orders o WHERE o.user_id = u.id) AND NOT EXISTS (SELECT * FROM orders o2 WHERE o2.total < 0);',
    },
    { name: 'RETURNING * is not a select list', migrations: users, code: "UPDATE users SET email = lower(email) WHERE id = 1 RETURNING *;" },
    {
      name: 'a string SQL function returning the table row type: the star is its declared shape',
      migrations: users,
      code: 'CREATE FUNCTION users_by_email(p text) RETURNS SETOF users LANGUAGE sql STABLE AS $$ SELECT * FROM users WHERE email = p $$;',
    },
    {
      name: 'PL/pgSQL: SELECT * INTO a row variable, FOR r IN SELECT *, cursors, and RETURN QUERY in a SETOF-table function',
      migrations: users,
      code: `CREATE FUNCTION touch_users() RETURNS SETOF users LANGUAGE plpgsql AS $$
DECLARE
  rec users%ROWTYPE;
  r record;
  c CURSOR FOR SELECT * FROM users;
BEGIN
  SELECT * INTO rec FROM users WHERE id = 1;
  FOR r IN SELECT * FROM users LOOP
    PERFORM pg_notify('user', r.email);
  END LOOP;
  OPEN c;
  CLOSE c;
  RETURN QUERY SELECT * FROM users;
END $$;`,
    },
    {
      name: 'dynamic SQL is a string, not a query',
      code: "DO $$ BEGIN EXECUTE 'SELECT * FROM pg_class'; END $$;",
    },
    {
      name: 'a star over the query\'s own CTEs, subqueries, VALUES and functions with declared columns passes on columns the query names',
      migrations: users,
      code: [
        "CREATE VIEW v1 AS WITH recent AS (SELECT id, email FROM users) SELECT r.*, 1 AS one FROM recent r;",
        'CREATE VIEW v2 AS SELECT * FROM (SELECT id FROM users) s, (VALUES (1), (2)) AS v (n);',
        "CREATE FUNCTION f(j json) RETURNS TABLE (x int, y text) LANGUAGE sql AS $$ SELECT * FROM json_to_recordset(j) AS r(x int, y text) $$;",
        'SELECT * FROM generate_series(1, 3) g;',
      ].join('\n'),
    },
    {
      name: 'disabled on the line',
      migrations: users,
      code: '-- sql-schema-lint-disable-next-line no-select-star\nCREATE VIEW all_users AS SELECT * FROM users;',
    },
  ],
  invalid: [
    {
      name: 'view over a table from an earlier migration: fixed with its columns',
      migrations: users,
      code: 'CREATE VIEW all_users AS\nSELECT * FROM users;',
      errors: [{ messageId: 'view', data: { star: '*', object: 'view "all_users"', tables: 'users' }, line: 2, column: 8, endLine: 2, endColumn: 9 }],
      output: 'CREATE VIEW all_users AS\nSELECT id, email, created_at FROM users;',
    },
    {
      name: 'qualified star in a join: qualified columns',
      migrations: usersAndOrders,
      code: 'CREATE VIEW order_rows AS SELECT o.*, u.email FROM orders o JOIN users u ON u.id = o.user_id;',
      errors: [{ messageId: 'view', data: { star: 'o.*', tables: 'orders' }, column: 34, endColumn: 37 }],
      output: 'CREATE VIEW order_rows AS SELECT o.id, o.user_id, o.total, u.email FROM orders o JOIN users u ON u.id = o.user_id;',
    },
    {
      name: 'unqualified star over two tables: every column, qualified',
      migrations: usersAndOrders,
      code: 'SELECT * FROM users u, orders;',
      errors: [{ messageId: 'query', data: { star: '*', place: '', tables: 'users, orders' } }],
      output: 'SELECT u.id, u.email, u.created_at, orders.id, orders.user_id, orders.total FROM users u, orders;',
    },
    {
      name: 'the model at that point: later ADD/DROP/RENAME COLUMN are followed, names quoted when needed',
      migrations: {
        '0001_t.sql': 'CREATE TABLE "Events" (id bigint PRIMARY KEY, payload jsonb, "Kind" text, legacy text);',
        '0002_t.sql': 'ALTER TABLE "Events" DROP COLUMN legacy;\nALTER TABLE "Events" ADD COLUMN "user" text;\nALTER TABLE "Events" RENAME COLUMN payload TO data;',
      },
      code: 'CREATE MATERIALIZED VIEW event_copy AS SELECT e.* FROM "Events" AS e;',
      errors: [{ messageId: 'view', data: { star: 'e.*', object: 'materialized view "event_copy"', tables: 'Events' } }],
      output: 'CREATE MATERIALIZED VIEW event_copy AS SELECT e.id, e.data, e."Kind", e."user" FROM "Events" AS e;',
    },
    {
      name: 'a table created earlier in the same file',
      code: 'CREATE TABLE tags (id int PRIMARY KEY, label text);\nCREATE VIEW tag_list AS SELECT * FROM tags;',
      errors: [{ messageId: 'view', line: 2, column: 32 }],
      output: 'CREATE TABLE tags (id int PRIMARY KEY, label text);\nCREATE VIEW tag_list AS SELECT id, label FROM tags;',
    },
    {
      name: 'INSERT … SELECT * copies by position',
      migrations: users,
      code: 'CREATE TABLE users_new (LIKE users INCLUDING ALL);\nINSERT INTO users_new SELECT * FROM users;',
      errors: [{ messageId: 'insert', data: { star: '*', routine: '' }, line: 2, column: 30 }],
      output: 'CREATE TABLE users_new (LIKE users INCLUDING ALL);\nINSERT INTO users_new SELECT id, email, created_at FROM users;',
    },
    {
      name: 'CREATE TABLE … AS',
      migrations: users,
      code: 'CREATE TABLE users_backup AS SELECT * FROM users;',
      errors: [{ messageId: 'createTableAs', data: { tables: 'users' } }],
      output: 'CREATE TABLE users_backup AS SELECT id, email, created_at FROM users;',
    },
    {
      name: 'stars in a CTE and a subquery of a view',
      migrations: usersAndOrders,
      code: 'CREATE VIEW big_orders AS WITH o AS (SELECT * FROM orders) SELECT o.id, x.email FROM o JOIN (SELECT * FROM users) x ON x.id = o.user_id;',
      errors: [
        { messageId: 'view', data: { place: ' in a CTE' }, column: 45 },
        { messageId: 'view', data: { place: ' in a subquery' }, column: 101 },
      ],
      output: 'CREATE VIEW big_orders AS WITH o AS (SELECT id, user_id, total FROM orders) SELECT o.id, x.email FROM o JOIN (SELECT id, email, created_at FROM users) x ON x.id = o.user_id;',
    },
    {
      name: 'no fix when the expansion is unknown: USING join, a view, a CTE named like a table, an unknown table',
      migrations: { ...usersAndOrders, '0003_v.sql': 'CREATE VIEW emails AS SELECT id, email FROM users;' },
      code: [
        'SELECT * FROM users JOIN orders USING (id);',
        'SELECT * FROM emails;',
        'WITH users AS (SELECT 1 AS one) SELECT * FROM users, orders;',
        'SELECT * FROM somewhere_else;',
      ].join('\n'),
      errors: [
        { messageId: 'query', line: 1 },
        { messageId: 'query', line: 2 },
        { messageId: 'query', line: 3 },
        { messageId: 'query', line: 4 },
      ],
      output: null,
    },
    {
      name: 'no fix through a join alias or column aliases: the star takes their names',
      migrations: usersAndOrders,
      code: 'SELECT * FROM (users CROSS JOIN orders) AS j;\nSELECT x.* FROM users AS x (uid, mail);',
      errors: [{ messageId: 'query', line: 1 }, { messageId: 'query', line: 2 }],
      output: null,
    },
    {
      name: 'no fix when the column order is not the creation order (LIKE after a column, INHERITS)',
      migrations: {
        ...users,
        '0002_t.sql': 'CREATE TABLE a (note text, LIKE users);\nCREATE TABLE b (extra text) INHERITS (users);',
      },
      code: 'SELECT * FROM a;\nSELECT * FROM b;',
      errors: [{ messageId: 'query', line: 1 }, { messageId: 'query', line: 2 }],
      output: null,
    },
    {
      name: 'SQL function with a $$ body: the position is mapped into the file and the fix applies',
      migrations: users,
      code: 'CREATE FUNCTION recent_users() RETURNS TABLE (id bigint, email text, created_at timestamptz)\nLANGUAGE sql AS $$\n  SELECT * FROM users WHERE created_at > now() - interval \'1 day\'\n$$;',
      errors: [{ messageId: 'routine', data: { routine: 'the body of function "recent_users"' }, line: 3, column: 10, endColumn: 11 }],
      output: 'CREATE FUNCTION recent_users() RETURNS TABLE (id bigint, email text, created_at timestamptz)\nLANGUAGE sql AS $$\n  SELECT id, email, created_at FROM users WHERE created_at > now() - interval \'1 day\'\n$$;',
    },
    {
      name: "SQL function with a '…' body: the position is mapped through the doubled quotes, no fix",
      migrations: users,
      code: "CREATE FUNCTION named(p text) RETURNS SETOF record LANGUAGE sql AS 'SELECT ''x'' AS tag, * FROM users WHERE email = p';",
      errors: [{ messageId: 'routine', line: 1, column: 90, endColumn: 91 }],
      output: null,
    },
    {
      name: 'PL/pgSQL: RETURN QUERY into RETURNS TABLE, INSERT … SELECT *',
      migrations: { ...users, '0002_archive.sql': 'CREATE TABLE users_archive (id bigint, email text, created_at timestamptz);' },
      code: `CREATE OR REPLACE FUNCTION archive_users() RETURNS TABLE (id bigint, email text, created_at timestamptz) LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO users_archive SELECT u.* FROM users u WHERE u.created_at < now() - interval '1 year';
  RETURN QUERY SELECT * FROM users_archive;
END
$fn$;`,
      errors: [
        { messageId: 'insert', data: { star: 'u.*', routine: ' (in function "archive_users")' }, line: 3, column: 36 },
        { messageId: 'routine', line: 4, column: 23 },
      ],
      output: `CREATE OR REPLACE FUNCTION archive_users() RETURNS TABLE (id bigint, email text, created_at timestamptz) LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO users_archive SELECT u.id, u.email, u.created_at FROM users u WHERE u.created_at < now() - interval '1 year';
  RETURN QUERY SELECT id, email, created_at FROM users_archive;
END
$fn$;`,
    },
    {
      name: 'DO block',
      migrations: { ...users, '0002_archive.sql': 'CREATE TABLE users_archive (id bigint, email text, created_at timestamptz);' },
      code: 'DO $$\nBEGIN\n  INSERT INTO users_archive SELECT * FROM users;\nEND $$;',
      errors: [{ messageId: 'insert', data: { routine: ' (in the DO block)' }, line: 3, column: 36 }],
      output: 'DO $$\nBEGIN\n  INSERT INTO users_archive SELECT id, email, created_at FROM users;\nEND $$;',
    },
    {
      name: 'BEGIN ATOMIC bodies are parsed at CREATE time: frozen like a view, even when returning the row type',
      migrations: users,
      code: 'CREATE FUNCTION all_users() RETURNS SETOF users LANGUAGE sql\nBEGIN ATOMIC\n  SELECT * FROM users;\nEND;',
      errors: [{ messageId: 'atomic', data: { routine: 'function "all_users"' }, line: 3, column: 10 }],
      output: 'CREATE FUNCTION all_users() RETURNS SETOF users LANGUAGE sql\nBEGIN ATOMIC\n  SELECT id, email, created_at FROM users;\nEND;',
    },
    {
      name: 'TABLE name is SELECT * FROM name',
      migrations: users,
      code: 'CREATE VIEW all_users AS TABLE ONLY public.users;',
      errors: [{ messageId: 'view', data: { star: 'TABLE ONLY public.users' }, column: 26, endColumn: 49 }],
      output: 'CREATE VIEW all_users AS SELECT id, email, created_at FROM ONLY public.users;',
    },
    {
      name: 'a star over a user function returning rows reads that function\'s table',
      migrations: users,
      code: 'SELECT * FROM pg_catalog.pg_stat_get_activity(NULL) a;',
      errors: [{ messageId: 'query' }],
      output: null,
    },
    {
      name: 'a standalone query and its subquery',
      migrations: usersAndOrders,
      code: 'SELECT * FROM users u WHERE u.id IN (SELECT * FROM orders);',
      errors: [
        { messageId: 'query', data: { place: '', tables: 'users' }, column: 8 },
        { messageId: 'query', data: { place: ' in a subquery', tables: 'orders' }, column: 45 },
      ],
      output: 'SELECT id, email, created_at FROM users u WHERE u.id IN (SELECT id, user_id, total FROM orders);',
    },
  ],
});

test('no-select-star: NEEDS_QUOTES is exactly the keywords PostgreSQL does not read as a bare column', async () => {
  const { loadPostgresParser } = await import('../../server/src/engine/parse/pg.js');
  await loadPostgresParser();
  const bare = (k: string): boolean => {
    const r = pgParse(`SELECT q, ${k}, w FROM t`);
    if ('error' in r) return false;
    const v = r.stmts[0].stmt.SelectStmt?.targetList?.[1]?.ResTarget?.val;
    return !!v?.ColumnRef && v.ColumnRef.fields.length === 1 && v.ColumnRef.fields[0].String?.sval === k;
  };
  const needs = [...POSTGRES_KEYWORDS].filter((k) => !bare(k)).sort();
  assert.deepEqual(needs, [...NEEDS_QUOTES].sort());
  assert.equal(quoteIdent('user'), '"user"');
  assert.equal(quoteIdent('Kind'), '"Kind"');
  assert.equal(quoteIdent('name'), 'name');
  assert.equal(quoteIdent('a"b'), '"a""b"');
});

