import { ruleTester } from './harness.js';

const users = { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);\nCREATE INDEX users_name_idx ON users (name);' };

ruleTester('require-concurrent-index', {
  valid: [
    { name: 'CONCURRENTLY', migrations: users, code: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);' },
    { name: 'table created earlier in the same file', code: 'CREATE TABLE t (id bigint PRIMARY KEY, a int);\nCREATE INDEX t_a_idx ON t (a);' },
    { name: 'same-file table inside an explicit transaction', code: 'BEGIN;\nCREATE TABLE t (id bigint PRIMARY KEY, a int);\nCREATE UNIQUE INDEX t_a_key ON t (a);\nCOMMIT;' },
    { name: 'ON ONLY a partitioned parent (pg_dump)', migrations: { '0001_m.sql': 'CREATE TABLE m (id bigint, at date) PARTITION BY RANGE (at);' }, code: 'CREATE INDEX m_at_idx ON ONLY m (at);' },
    { name: 'DROP INDEX CONCURRENTLY', migrations: users, code: 'DROP INDEX CONCURRENTLY users_name_idx;' },
    { name: 'DROP INDEX of an index on a table created in the file', code: 'CREATE TABLE t (a int);\nCREATE INDEX t_a_idx ON t (a);\nDROP INDEX t_a_idx;' },
    { name: 'a table renamed in the same file stays new', code: 'CREATE TABLE t (a int);\nALTER TABLE t RENAME TO u;\nCREATE INDEX u_a_idx ON u (a);' },
    { name: 'disabled by a directive', migrations: users, code: '-- sql-schema-lint-disable-next-line require-concurrent-index -- table is tiny\nCREATE INDEX users_email_idx ON users (email);' },
    { name: 'index on a materialized view created in the file', code: 'CREATE MATERIALIZED VIEW mv AS SELECT 1 AS a;\nCREATE UNIQUE INDEX mv_a_idx ON mv (a);' },
    { name: 'schema script that drops and re-creates what it owns (pg_dump --clean)', code: 'DROP INDEX IF EXISTS public.t_a_idx;\nDROP TABLE IF EXISTS public.t;\nCREATE TABLE public.t (a int);\nCREATE INDEX t_a_idx ON public.t (a);' },
  ],
  invalid: [
    {
      name: 'table from an earlier migration: fix inserts CONCURRENTLY',
      migrations: users,
      code: 'CREATE INDEX users_email_idx ON users (email);',
      errors: [{ messageId: 'createIndex', data: { table: 'users' }, line: 1, column: 1, endLine: 1, endColumn: 13 }],
      output: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
    },
    {
      name: 'unknown table counts as existing; UNIQUE, IF NOT EXISTS',
      code: '-- migrate:up\ncreate unique index if not exists accounts_email_key on accounts (lower(email));',
      errors: [{ messageId: 'createIndex', data: { table: 'accounts' }, line: 2, column: 1, endColumn: 20 }],
      output: '-- migrate:up\ncreate unique index CONCURRENTLY if not exists accounts_email_key on accounts (lower(email));',
    },
    {
      name: 'DROP INDEX on an existing table',
      migrations: users,
      code: 'DROP INDEX IF EXISTS users_name_idx;',
      errors: [{ messageId: 'dropIndex', data: { index: 'users_name_idx', table: 'table "users"' }, line: 1, column: 1, endColumn: 11 }],
      output: 'DROP INDEX CONCURRENTLY IF EXISTS users_name_idx;',
    },
    {
      name: 'DROP INDEX of several indexes or with CASCADE: no fix (CONCURRENTLY allows neither)',
      migrations: users,
      code: 'DROP INDEX users_name_idx, other_idx;\nDROP INDEX users_pkey CASCADE;',
      errors: [
        { messageId: 'dropIndex', data: { index: 'users_name_idx' }, line: 1 },
        { messageId: 'dropIndex', data: { index: 'users_pkey', table: 'table "users"' }, line: 2 },
      ],
    },
    {
      name: 'an unknown index is assumed to be on an existing table',
      code: 'DROP INDEX app.old_idx;',
      errors: [{ messageId: 'dropIndex', data: { index: 'old_idx', table: 'its table' } }],
      output: 'DROP INDEX CONCURRENTLY app.old_idx;',
    },
    {
      name: 'inside BEGIN … COMMIT: a suggestion that moves the statement after COMMIT',
      migrations: users,
      code: 'BEGIN;\nALTER TABLE users ADD COLUMN age int;\nCREATE INDEX users_email_idx ON users (email);\nCOMMIT;\n',
      errors: [
        {
          messageId: 'createIndex',
          line: 3,
          suggestions: [
            {
              title: 'move the statement after the COMMIT',
              output: 'BEGIN;\nALTER TABLE users ADD COLUMN age int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n',
            },
          ],
        },
      ],
    },
    {
      name: 'a transaction block elsewhere in the file turns the fix into a suggestion',
      migrations: users,
      code: 'CREATE INDEX users_email_idx ON users (email);\nBEGIN;\nUPDATE users SET name = email;\nCOMMIT;',
      errors: [{ messageId: 'createIndex', suggestions: [{ output: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\nBEGIN;\nUPDATE users SET name = email;\nCOMMIT;' }] }],
    },
    {
      name: 'BEGIN without COMMIT: no edit',
      migrations: users,
      code: 'BEGIN;\nCREATE INDEX users_email_idx ON users (email);',
      errors: [{ messageId: 'createIndex', suggestions: [] }],
    },
    {
      name: 'assumeInTransaction: suggestion instead of fix',
      migrations: users,
      options: { assumeInTransaction: true },
      code: 'CREATE INDEX users_email_idx ON users (email);',
      errors: [{ messageId: 'createIndex', suggestions: [{ title: 'outside a transaction', output: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);' }] }],
    },
    {
      name: 'partitioned table: explains the ON ONLY + ATTACH procedure, no fix',
      migrations: { '0001_m.sql': 'CREATE TABLE m (id bigint, at date) PARTITION BY RANGE (at);' },
      code: 'CREATE INDEX m_at_idx ON m (at);',
      errors: [{ messageId: 'partitioned', data: { table: 'm' } }],
    },
    {
      name: 'a table dropped and re-created in this file is new only after the CREATE',
      migrations: users,
      code: 'CREATE INDEX a_idx ON users (email);\nDROP TABLE users;\nCREATE TABLE users (id bigint);\nCREATE INDEX b_idx ON users (id);',
      errors: [{ messageId: 'createIndex', line: 1 }],
      output: 'CREATE INDEX CONCURRENTLY a_idx ON users (email);\nDROP TABLE users;\nCREATE TABLE users (id bigint);\nCREATE INDEX b_idx ON users (id);',
    },
  ],
});
