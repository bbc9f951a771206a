import { ruleTester } from './harness.js';

const users = { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\nCREATE INDEX users_email_idx ON users (email);' };

const USERS_SQL = 'CREATE TABLE users (id bigint PRIMARY KEY, email text);';
const prismaInit = { 'prisma/migrations/20240101000000_init/migration.sql': USERS_SQL };
const PRISMA = 'prisma/migrations/20240102000000_add_email_index/migration.sql';
const gooseInit = { 'db/migrations/00001_init.sql': `-- +goose Up\n${USERS_SQL}\n` };
const CONCURRENT = 'CREATE INDEX CONCURRENTLY users_lower_email_idx ON users (lower(email));';

ruleTester('concurrent-index-in-transaction', {
  valid: [
    { name: 'Prisma: a migration.sql holding only the statement runs outside a transaction', migrations: prismaInit, filename: PRISMA, code: CONCURRENT },
    { name: 'goose NO TRANSACTION', migrations: gooseInit, filename: 'db/migrations/00002_x.sql', code: `-- +goose NO TRANSACTION\n-- +goose Up\n${CONCURRENT}\nCREATE INDEX CONCURRENTLY users_id_idx ON users (id);\n` },
    { name: 'dbmate transaction:false with the statement alone in its section', filename: 'db/migrations/20240102000000_x.sql', code: `-- migrate:up transaction:false\n${CONCURRENT}\n-- migrate:down\n` },
    { name: 'Flyway: a migration of only non-transactional statements runs outside a transaction', filename: 'db/migration/V2__x.sql', code: `${CONCURRENT}\nDROP INDEX CONCURRENTLY IF EXISTS old_idx;` },
    { name: 'Flyway: executeInTransaction=false', filename: 'db/migration/V2__x.sql', toolFiles: { 'db/migration/V2__x.sql.conf': 'executeInTransaction=false\n' }, code: `ALTER TABLE users ADD COLUMN age int;\n${CONCURRENT}` },
    { name: 'Diesel run_in_transaction = false, the statement alone', filename: 'migrations/2024-01-02-000000_x/up.sql', toolFiles: { 'migrations/2024-01-02-000000_x/metadata.toml': 'run_in_transaction = false' }, code: CONCURRENT },
    { name: 'Atlas -- atlas:txmode none', filename: 'migrations/2_x.sql', toolFiles: { 'migrations/atlas.sum': 'h1:x=\n2_x.sql h1:y=\n' }, code: `-- atlas:txmode none\n\nALTER TABLE users ADD COLUMN age int;\n${CONCURRENT}` },
    { name: 'in a down section the up section\'s transaction does not apply (sql-migrate Down notransaction)', filename: 'migrations/2_x.sql', code: `-- +migrate Up\nALTER TABLE users ADD COLUMN age int;\n-- +migrate Down notransaction\nDROP INDEX CONCURRENTLY users_lower_email_idx;\n` },
    { name: 'outside a transaction block', migrations: users, code: 'CREATE INDEX CONCURRENTLY users_lower_email_idx ON users (lower(email));' },
    { name: 'after the COMMIT', migrations: users, code: 'BEGIN;\nALTER TABLE users ADD COLUMN age int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY users_age_idx ON users (age);' },
    { name: 'without CONCURRENTLY inside a block', migrations: users, code: 'BEGIN;\nCREATE INDEX users_id_idx ON users (id);\nCOMMIT;' },
    { name: 'REINDEX without CONCURRENTLY', code: 'BEGIN;\nREINDEX INDEX users_email_idx;\nCOMMIT;' },
    { name: 'a rolled-back block is closed', code: 'BEGIN;\nSELECT 1;\nROLLBACK;\nDROP INDEX CONCURRENTLY users_email_idx;' },
  ],
  invalid: [
    {
      name: 'CREATE INDEX CONCURRENTLY between BEGIN and COMMIT',
      migrations: users,
      code: 'BEGIN;\nALTER TABLE users ADD COLUMN age int;\nCREATE INDEX CONCURRENTLY users_age_idx ON users (age);\nCOMMIT;\n',
      errors: [
        {
          messageId: 'inTransaction',
          data: { command: 'CREATE INDEX' },
          line: 3,
          column: 14,
          endColumn: 26,
          suggestions: [
            { title: 'Move the statement after the COMMIT', output: 'BEGIN;\nALTER TABLE users ADD COLUMN age int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY users_age_idx ON users (age);\n' },
            { title: 'Remove CONCURRENTLY', output: 'BEGIN;\nALTER TABLE users ADD COLUMN age int;\nCREATE INDEX users_age_idx ON users (age);\nCOMMIT;\n' },
          ],
        },
      ],
    },
    {
      name: 'on a table created in the same transaction: the fix drops CONCURRENTLY',
      code: 'START TRANSACTION;\nCREATE TABLE t (id bigint PRIMARY KEY, a int);\nCREATE INDEX CONCURRENTLY t_a_idx ON t (a);\nCOMMIT;',
      errors: [{ messageId: 'inTransaction', line: 3 }],
      output: 'START TRANSACTION;\nCREATE TABLE t (id bigint PRIMARY KEY, a int);\nCREATE INDEX t_a_idx ON t (a);\nCOMMIT;',
    },
    {
      name: 'DROP INDEX CONCURRENTLY and REINDEX … CONCURRENTLY in a block without COMMIT',
      migrations: users,
      code: 'BEGIN;\nDROP INDEX CONCURRENTLY users_email_idx;\nREINDEX (VERBOSE) TABLE CONCURRENTLY users;',
      errors: [
        { messageId: 'inTransaction', data: { command: 'DROP INDEX' }, line: 2, column: 12, suggestions: [{ title: 'Remove CONCURRENTLY', output: 'BEGIN;\nDROP INDEX users_email_idx;\nREINDEX (VERBOSE) TABLE CONCURRENTLY users;' }] },
        { messageId: 'inTransaction', data: { command: 'REINDEX' }, line: 3, column: 25 },
      ],
    },
    {
      name: 'Prisma sends a migration.sql of several statements as one query: one implicit transaction',
      migrations: prismaInit,
      filename: PRISMA,
      code: `ALTER TABLE users ADD COLUMN age int;\n${CONCURRENT}\n`,
      errors: [
        {
          messageId: 'toolTransaction',
          data: { command: 'CREATE INDEX', tool: 'Prisma Migrate' },
          line: 2,
          suggestions: [
            {
              title: 'new migration of its own, prisma/migrations/20240102000001_add_email_index_concurrently/migration.sql',
              output: 'ALTER TABLE users ADD COLUMN age int;\n',
              newFiles: { 'prisma/migrations/20240102000001_add_email_index_concurrently/migration.sql': CONCURRENT + '\n' },
            },
            { title: 'Remove CONCURRENTLY', output: 'ALTER TABLE users ADD COLUMN age int;\nCREATE INDEX users_lower_email_idx ON users (lower(email));\n' },
          ],
        },
      ],
    },
    {
      name: 'goose runs each file in a transaction: its NO TRANSACTION opt-out',
      migrations: gooseInit,
      filename: 'db/migrations/00002_x.sql',
      code: `-- +goose Up\n${CONCURRENT}\n`,
      errors: [
        {
          messageId: 'toolTransaction',
          data: { tool: 'goose' },
          suggestions: [
            { title: 'Add "-- +goose NO TRANSACTION"', output: `-- +goose NO TRANSACTION\n-- +goose Up\n${CONCURRENT}\n` },
            { title: 'new migration of its own', output: '-- +goose Up\n', newFiles: { 'db/migrations/00003_x_concurrently.sql': `-- +goose NO TRANSACTION\n-- +goose Up\n${CONCURRENT}\n` } },
            { title: 'Remove CONCURRENTLY', output: '-- +goose Up\nCREATE INDEX users_lower_email_idx ON users (lower(email));\n' },
          ],
        },
      ],
    },
    {
      name: 'goose NO TRANSACTION, but a StatementBegin block of several statements is one query',
      migrations: gooseInit,
      filename: 'db/migrations/00002_x.sql',
      code: `-- +goose NO TRANSACTION\n-- +goose Up\n-- +goose StatementBegin\nALTER TABLE users ADD COLUMN age int;\n${CONCURRENT}\n-- +goose StatementEnd\n`,
      errors: [{ messageId: 'toolTransaction', data: { how: 'it sends the statement block as one query, which runs as one implicit transaction' }, line: 5 }],
    },
    {
      name: 'dbmate transaction:false with several statements: still one query',
      filename: 'db/migrations/20240102000000_x.sql',
      code: `-- migrate:up transaction:false\nALTER TABLE users ADD COLUMN age int;\n${CONCURRENT}\n-- migrate:down\n`,
      errors: [{ messageId: 'toolTransaction', data: { tool: 'dbmate' }, line: 3 }],
    },
    {
      name: 'Flyway refuses a migration that mixes transactional and non-transactional statements: executeInTransaction=false',
      filename: 'db/migration/V2__x.sql',
      code: `ALTER TABLE users ADD COLUMN age int;\n${CONCURRENT}`,
      errors: [{ messageId: 'toolTransaction', data: { tool: 'Flyway' }, suggestions: [{ title: 'V2__x.sql.conf', output: `ALTER TABLE users ADD COLUMN age int;\n${CONCURRENT}`, newFiles: { 'db/migration/V2__x.sql.conf': 'executeInTransaction=false\n' } }, { title: 'new migration', output: 'ALTER TABLE users ADD COLUMN age int;\n', newFiles: { 'db/migration/V2_1__x_concurrently.sql': CONCURRENT + '\n' } }, { title: 'Remove CONCURRENTLY', output: 'ALTER TABLE users ADD COLUMN age int;\nCREATE INDEX users_lower_email_idx ON users (lower(email));' }] }],
    },
    {
      name: 'Supabase CLI: even a lone statement goes in one batch with the history insert',
      filename: 'supabase/migrations/20240102000000_x.sql',
      code: CONCURRENT,
      errors: [{ messageId: 'toolTransaction', data: { tool: 'Supabase CLI' } }],
    },
    {
      name: 'assumeInTransaction: the runner wraps the file',
      migrations: users,
      options: { assumeInTransaction: true },
      code: 'CREATE INDEX CONCURRENTLY users_id_idx ON users (id);',
      errors: [{ messageId: 'runnerTransaction', suggestions: [{ title: 'Remove CONCURRENTLY', output: 'CREATE INDEX users_id_idx ON users (id);' }] }],
    },
  ],
});
