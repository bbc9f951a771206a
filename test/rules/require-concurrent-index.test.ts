import { ruleTester } from './harness.js';

const users = { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);\nCREATE INDEX users_name_idx ON users (name);' };

// The same table in each migration tool's layout (test/fixtures/migration-tools has whole histories).
const USERS_SQL = 'CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);';
const prismaInit = { 'prisma/migrations/20240101000000_init/migration.sql': USERS_SQL };
const PRISMA = 'prisma/migrations/20240102000000_add_email_index/migration.sql';
const gooseInit = { 'db/migrations/00001_init.sql': `-- +goose Up\n${USERS_SQL}\n-- +goose Down\nDROP TABLE users;\n` };
const dieselInit = { 'migrations/2024-01-01-000000_init/up.sql': USERS_SQL, 'migrations/2024-01-01-000000_init/down.sql': 'DROP TABLE users;' };
const DIESEL = 'migrations/2024-01-02-000000_add_email_index/up.sql';
const INDEX = 'CREATE INDEX users_email_idx ON users (email);';
const INDEX_CONCURRENTLY = 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);';

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
      code: '-- add the key\ncreate unique index if not exists accounts_email_key on accounts (lower(email));',
      errors: [{ messageId: 'createIndex', data: { table: 'accounts' }, line: 2, column: 1, endColumn: 20 }],
      output: '-- add the key\ncreate unique index CONCURRENTLY if not exists accounts_email_key on accounts (lower(email));',
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
      name: 'a dbmate section that needs its transaction:false (dbmate runs the section in a transaction)',
      code: `-- migrate:up\n${INDEX}\n\n-- migrate:down\nDROP INDEX users_email_idx;\n`,
      filename: 'db/migrations/20240102000000_add_email_index.sql',
      migrations: { 'db/migrations/20240101000000_init.sql': `-- migrate:up\n${USERS_SQL}\n-- migrate:down\nDROP TABLE users;\n` },
      errors: [
        {
          messageId: 'createIndex',
          line: 2,
          suggestions: [
            { title: 'transaction:false', output: `-- migrate:up transaction:false\n${INDEX_CONCURRENTLY}\n\n-- migrate:down\nDROP INDEX users_email_idx;\n` },
            {
              title: 'new migration of its own',
              output: `-- migrate:up\n\n-- migrate:down\nDROP INDEX users_email_idx;\n`,
              newFiles: { 'db/migrations/20240102000001_add_email_index_concurrently.sql': `-- migrate:up transaction:false\n${INDEX_CONCURRENTLY}\n\n-- migrate:down\n` },
            },
          ],
        },
        // The down section is linted as a down migration, as a down file would be.
        { messageId: 'dropIndex', line: 5 },
      ],
    },
    {
      name: 'Prisma runs a migration.sql of several statements as one transaction: no fix, a new migration of its own',
      migrations: prismaInit,
      filename: PRISMA,
      code: `ALTER TABLE users ADD COLUMN age int;\n${INDEX}\n`,
      errors: [
        {
          messageId: 'createIndex',
          line: 2,
          suggestions: [
            {
              title: 'Create the index CONCURRENTLY in a new migration of its own, prisma/migrations/20240102000001_add_email_index_concurrently/migration.sql',
              output: 'ALTER TABLE users ADD COLUMN age int;\n',
              newFiles: { 'prisma/migrations/20240102000001_add_email_index_concurrently/migration.sql': INDEX_CONCURRENTLY + '\n' },
            },
          ],
        },
      ],
    },
    {
      name: 'Prisma: a migration.sql holding only the index runs outside a transaction, so the fix applies',
      migrations: prismaInit,
      filename: PRISMA,
      code: INDEX,
      errors: [{ messageId: 'createIndex' }],
      output: INDEX_CONCURRENTLY,
    },
    {
      name: 'assumeInTransaction: false overrides the tool',
      migrations: prismaInit,
      filename: PRISMA,
      options: { assumeInTransaction: false },
      code: `ALTER TABLE users ADD COLUMN age int;\n${INDEX}`,
      errors: [{ messageId: 'createIndex' }],
      output: `ALTER TABLE users ADD COLUMN age int;\n${INDEX_CONCURRENTLY}`,
    },
    {
      name: 'goose wraps the file: its NO TRANSACTION opt-out, or a new migration',
      migrations: gooseInit,
      filename: 'db/migrations/00002_add_email_index.sql',
      code: `-- +goose Up\n${INDEX}\n\n-- +goose Down\nDROP INDEX users_email_idx;\n`,
      errors: [
        {
          messageId: 'createIndex',
          line: 2,
          suggestions: [
            { title: 'add "-- +goose NO TRANSACTION"', output: `-- +goose NO TRANSACTION\n-- +goose Up\n${INDEX_CONCURRENTLY}\n\n-- +goose Down\nDROP INDEX users_email_idx;\n` },
            {
              title: 'new migration of its own, db/migrations/00003_add_email_index_concurrently.sql',
              output: `-- +goose Up\n\n-- +goose Down\nDROP INDEX users_email_idx;\n`,
              newFiles: { 'db/migrations/00003_add_email_index_concurrently.sql': `-- +goose NO TRANSACTION\n-- +goose Up\n${INDEX_CONCURRENTLY}\n` },
            },
          ],
        },
        { messageId: 'dropIndex', line: 5 },
      ],
    },
    {
      name: 'goose NO TRANSACTION: the fix applies',
      migrations: gooseInit,
      filename: 'db/migrations/00002_add_email_index.sql',
      code: `-- +goose NO TRANSACTION\n-- +goose Up\n${INDEX}\n`,
      errors: [{ messageId: 'createIndex', line: 3 }],
      output: `-- +goose NO TRANSACTION\n-- +goose Up\n${INDEX_CONCURRENTLY}\n`,
    },
    {
      name: 'sql-migrate: the notransaction opt-out',
      migrations: { 'migrations/1_init.sql': `-- +migrate Up\n${USERS_SQL}\n` },
      filename: 'migrations/2_add_email_index.sql',
      code: `-- +migrate Up\n${INDEX}\n-- +migrate Down\nDROP INDEX users_email_idx;\n`,
      errors: [{ messageId: 'createIndex', suggestions: [{ title: 'notransaction', output: `-- +migrate Up notransaction\n${INDEX_CONCURRENTLY}\n-- +migrate Down\nDROP INDEX users_email_idx;\n` }] }, { messageId: 'dropIndex', line: 4 }],
    },
    {
      name: 'Diesel: metadata.toml with run_in_transaction = false, or a new migration',
      migrations: dieselInit,
      filename: DIESEL,
      code: INDEX,
      errors: [
        {
          messageId: 'createIndex',
          suggestions: [
            { title: 'add metadata.toml', output: INDEX_CONCURRENTLY, newFiles: { 'migrations/2024-01-02-000000_add_email_index/metadata.toml': 'run_in_transaction = false\n' } },
            {
              title: 'new migration of its own',
              output: '',
              newFiles: {
                'migrations/2024-01-02-000001_add_email_index_concurrently/up.sql': INDEX_CONCURRENTLY + '\n',
                'migrations/2024-01-02-000001_add_email_index_concurrently/down.sql': '-- This file should undo anything in `up.sql`\n',
                'migrations/2024-01-02-000001_add_email_index_concurrently/metadata.toml': 'run_in_transaction = false\n',
              },
            },
          ],
        },
      ],
    },
    {
      name: 'Diesel with run_in_transaction = false and the statement alone: the fix applies',
      migrations: dieselInit,
      filename: DIESEL,
      toolFiles: { 'migrations/2024-01-02-000000_add_email_index/metadata.toml': 'run_in_transaction = false\n' },
      code: INDEX,
      errors: [{ messageId: 'createIndex' }],
      output: INDEX_CONCURRENTLY,
    },
    {
      name: 'Flyway runs a migration of only CONCURRENTLY statements outside a transaction: the fix applies',
      migrations: { 'db/migration/V1__init.sql': USERS_SQL },
      filename: 'db/migration/V2__add_email_index.sql',
      code: INDEX,
      errors: [{ messageId: 'createIndex' }],
      output: INDEX_CONCURRENTLY,
    },
    {
      name: 'Flyway with other statements: a script configuration file, or a new migration',
      migrations: { 'db/migration/V1__init.sql': USERS_SQL },
      filename: 'db/migration/V2__add_email_index.sql',
      code: `ALTER TABLE users ADD COLUMN age int;\n${INDEX}\n`,
      errors: [
        {
          messageId: 'createIndex',
          suggestions: [
            { title: 'V2__add_email_index.sql.conf', output: `ALTER TABLE users ADD COLUMN age int;\n${INDEX_CONCURRENTLY}\n`, newFiles: { 'db/migration/V2__add_email_index.sql.conf': 'executeInTransaction=false\n' } },
            { title: 'V2_1__add_email_index_concurrently.sql', output: 'ALTER TABLE users ADD COLUMN age int;\n', newFiles: { 'db/migration/V2_1__add_email_index_concurrently.sql': INDEX_CONCURRENTLY + '\n' } },
          ],
        },
      ],
    },
    {
      name: 'Atlas: the file directive "-- atlas:txmode none"',
      migrations: { 'migrations/20240101000000_init.sql': USERS_SQL },
      toolFiles: { 'migrations/atlas.sum': 'h1:x=\n20240101000000_init.sql h1:a=\n20240102000000_add_email_index.sql h1:b=\n' },
      filename: 'migrations/20240102000000_add_email_index.sql',
      code: `-- Create index\n${INDEX}\n`,
      errors: [{ messageId: 'createIndex', suggestions: [{ title: 'atlas:txmode none', output: `-- atlas:txmode none\n\n-- Create index\n${INDEX_CONCURRENTLY}\n` }] }],
    },
    {
      name: 'Supabase CLI sends each migration as one batch with no opt-out: no edit',
      migrations: { 'supabase/migrations/20240101000000_init.sql': USERS_SQL },
      filename: 'supabase/migrations/20240102000000_add_email_index.sql',
      code: INDEX,
      errors: [{ messageId: 'createIndex', suggestions: [] }],
    },
    {
      name: 'golang-migrate sends the file as one query: several statements are one transaction',
      migrations: { 'migrations/000001_init.up.sql': USERS_SQL, 'migrations/000001_init.down.sql': 'DROP TABLE users;' },
      filename: 'migrations/000002_add_email_index.up.sql',
      code: `ALTER TABLE users ADD COLUMN age int;\n${INDEX}\n`,
      errors: [{ messageId: 'createIndex', suggestions: [{ output: 'ALTER TABLE users ADD COLUMN age int;\n', newFiles: { 'migrations/000003_add_email_index_concurrently.up.sql': INDEX_CONCURRENTLY + '\n' } }] }],
    },
    {
      name: 'partitioned table: explains the ON ONLY + ATTACH procedure, no fix',
      migrations: { '0001_m.sql': 'CREATE TABLE m (id bigint, at date) PARTITION BY RANGE (at);' },
      code: 'CREATE INDEX m_at_idx ON m (at);',
      errors: [{ messageId: 'partitioned', data: { table: 'm' } }],
    },
    {
      name: 'DROP INDEX of a partitioned table\'s index: no CONCURRENTLY edit (PostgreSQL cannot drop a partitioned index concurrently)',
      migrations: { '0001_m.sql': 'CREATE TABLE m (id bigint, at date) PARTITION BY RANGE (at);\nCREATE INDEX m_at_idx ON m (at);' },
      code: 'DROP INDEX m_at_idx;',
      errors: [{ messageId: 'dropPartitioned', data: { index: 'm_at_idx', table: 'table "m"' }, suggestions: [] }],
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
