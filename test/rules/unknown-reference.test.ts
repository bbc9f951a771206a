import { ruleTester } from './harness.js';

const init = { '0001_init.sql': 'CREATE TABLE users (id bigserial PRIMARY KEY, email text);' };

ruleTester('unknown-reference', {
  valid: [
    { name: 'known tables and columns', migrations: init, code: 'CREATE TABLE posts (id bigserial PRIMARY KEY, user_id bigint REFERENCES users (id));\nCREATE INDEX ON users (email);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;' },
    { name: 'the first migration may build on anything', code: 'CREATE TABLE posts (user_id bigint REFERENCES users (id));', filename: '0001_first.sql' },
    { name: 'unversioned files are not a history', migrations: init, code: 'CREATE INDEX ON orders (total);', filename: 'fixtures/schema.sql' },
    { name: 'schemas the history never creates tables in (extensions, auth, platform)', migrations: init, code: 'CREATE TABLE profiles (id uuid PRIMARY KEY REFERENCES auth.users (id));\nCREATE VIEW v AS SELECT relname FROM pg_catalog.pg_class;' },
    { name: 'IF EXISTS forms', migrations: init, code: 'ALTER TABLE IF EXISTS legacy ADD COLUMN x int;\nALTER TABLE users DROP COLUMN IF EXISTS nickname;' },
    { name: 'a table and a column created earlier in the same file; a self-reference', migrations: init, code: 'CREATE TABLE tags (id bigint PRIMARY KEY, parent_id bigint REFERENCES tags (id));\nALTER TABLE tags ADD COLUMN name text;\nCREATE UNIQUE INDEX tags_name ON tags (name);' },
    { name: 'ALTER TABLE … OWNER TO may name a sequence', migrations: init, code: 'ALTER TABLE users_id_seq OWNER TO app;' },
    { name: 'views read CTEs, other views and unqualified names of any schema', migrations: { ...init, '0002_app.sql': 'CREATE TABLE app.settings (k text);' }, code: 'CREATE VIEW a AS SELECT id FROM users;\nCREATE VIEW b AS WITH recent AS (SELECT * FROM a) SELECT * FROM recent, settings;' },
    { name: 'names a DO block creates are out of sight', migrations: { ...init, '0002_do.sql': "DO $$ BEGIN EXECUTE 'CREATE TABLE audit (id bigint)'; ALTER TABLE users ADD COLUMN nickname text; END $$;" }, code: 'CREATE INDEX ON audit (id);\nALTER TABLE users ALTER COLUMN nickname SET NOT NULL;' },
    { name: 'a table dropped earlier is another rule\'s business', migrations: { ...init, '0002_drop.sql': 'CREATE TABLE old (id int);\nDROP TABLE old;' }, code: 'CREATE INDEX ON old (id);' },
  ],
  invalid: [
    {
      migrations: init,
      code: 'CREATE TABLE posts (\n  id bigserial PRIMARY KEY,\n  author_id bigint REFERENCES user_accounts (id)\n);',
      errors: [{ messageId: 'unknownTable', data: { what: 'This foreign key references', name: 'user_accounts' }, line: 3, column: 31, endColumn: 44 }],
    },
    {
      name: 'an index, an ALTER TABLE and a view; public.-qualified names',
      migrations: init,
      code: 'CREATE INDEX idx_orders_total ON orders (total);\nALTER TABLE public.invoices ADD COLUMN paid_at timestamptz;\nCREATE VIEW active AS SELECT u.id FROM users u JOIN sessions s ON s.user_id = u.id;',
      errors: [
        { messageId: 'unknownTable', data: { what: 'This index is on', name: 'orders' }, line: 1, column: 34 },
        { messageId: 'unknownTable', data: { what: 'ALTER TABLE names', name: 'public.invoices' }, line: 2, column: 13, endColumn: 28 },
        { messageId: 'unknownTable', data: { what: 'View "active" reads', name: 'sessions' }, line: 3 },
      ],
    },
    {
      name: 'a table created by a later migration: an ordering problem',
      migrations: init,
      code: 'CREATE INDEX ON orders (user_id);',
      later: { '0600_orders.sql': 'CREATE TABLE orders (id bigint, user_id bigint);' },
      errors: [{ messageId: 'createdLater', data: { name: 'orders', file: '0600_orders.sql' } }],
    },
    {
      name: 'unknown columns of a known table',
      migrations: init,
      code: 'CREATE INDEX ON users (emial);\nALTER TABLE users ALTER COLUMN nick SET DEFAULT \'x\';\nCREATE TABLE p (u text REFERENCES users (mail));',
      errors: [
        { messageId: 'unknownColumn', data: { table: 'users', column: 'emial' }, line: 1, column: 24, endColumn: 29 },
        { messageId: 'unknownColumn', data: { table: 'users', column: 'nick' }, line: 2, column: 32 },
        { messageId: 'unknownColumn', data: { table: 'users', column: 'mail' }, line: 3 },
      ],
    },
    {
      name: 'a column added by a later migration',
      migrations: init,
      code: 'ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;',
      later: { '0600_nick.sql': 'ALTER TABLE users ADD COLUMN nickname text;' },
      errors: [{ messageId: 'columnCreatedLater', data: { column: 'nickname', file: '0600_nick.sql' } }],
    },
  ],
});
