import { ruleTester } from './harness.js';

/** A migration in Prisma Migrate's layout: the Prisma preset applies to it. */
const PRISMA = 'prisma/migrations/20240101000000_init/migration.sql';

ruleTester('naming-timestamp', {
  valid: [
    { name: 'Prisma preset: Prisma\'s createdAt / updatedAt habit', filename: PRISMA, code: 'CREATE TABLE "Post" ("id" TEXT NOT NULL, "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, "updatedAt" TIMESTAMP(3) NOT NULL, "completedAt" TIMESTAMP(3));' },
    { name: 'a timestamp a later migration renames is judged by its new name only', code: 'CREATE TABLE posts (id bigint, published timestamptz);', later: { '0600_rename.sql': 'ALTER TABLE posts RENAME COLUMN published TO published_at;' } },
    'CREATE TABLE users (id bigint, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamp with time zone, deleted_at timestamp);',
    { name: 'date and time columns are not checked by default', code: 'CREATE TABLE events (starts date, opens time, happened_on date);' },
    { name: 'camelCase is naming-column\'s business', code: 'CREATE TABLE "Run" ("createdAt" timestamp(3) NOT NULL);' },
    { name: 'arrays of timestamps', code: 'CREATE TABLE t (reminders timestamptz[]);' },
    { name: 'checkDate: _on and _date', options: { checkDate: true }, code: 'CREATE TABLE people (born_on date, hire_date date, created_at timestamptz);' },
    { name: 'configured suffixes', options: { suffixes: ['_at', '_until'] }, code: 'CREATE TABLE bans (banned_until timestamptz);' },
    {
      name: 'columns of earlier migrations are not reported again',
      migrations: { '0001_init.sql': 'CREATE TABLE users (id bigint, last_login timestamptz);' },
      code: 'ALTER TABLE users ADD COLUMN IF NOT EXISTS last_login timestamptz;',
    },
    { name: 'ignore patterns', options: { ignore: ['^valid_(from|to)$'] }, code: 'CREATE TABLE prices (valid_from timestamptz, valid_to timestamptz);' },
    { name: 'directive', code: '-- sql-schema-lint-disable-next-line naming-timestamp\nCREATE TABLE t (created timestamptz);' },
  ],
  invalid: [
    {
      name: 'Prisma preset: suffixes and suggestions in camelCase',
      filename: PRISMA,
      code: 'CREATE TABLE "TaskEvent" ("id" TEXT NOT NULL, "startTime" TIMESTAMP(3) NOT NULL);',
      errors: [
        {
          messageId: 'timestamp',
          data: { column: 'startTime', suffixes: '"At"', suggestion: '"startAt"' },
          suggestions: [{ title: 'Rename column "startTime" to "startAt"', output: 'CREATE TABLE "TaskEvent" ("id" TEXT NOT NULL, "startAt" TIMESTAMP(3) NOT NULL);' }],
        },
      ],
    },
    {
      name: 'Prisma preset: a snake_case column written by hand into a Prisma migration keeps snake_case',
      filename: PRISMA,
      code: 'CREATE TABLE run_executions (event_time timestamptz NOT NULL);',
      errors: [{ messageId: 'timestamp', data: { suffixes: '"_at"', suggestion: 'event_at' } }],
    },
    {
      code: 'CREATE TABLE posts (id bigint, published timestamptz);',
      errors: [
        {
          messageId: 'timestamp',
          data: { column: 'published', table: 'posts', type: 'timestamptz', suffixes: '"_at"', suggestion: 'published_at' },
          line: 1,
          column: 32,
          endColumn: 41,
          suggestions: [{ title: 'Rename column "published" to published_at (update code that uses it)', output: 'CREATE TABLE posts (id bigint, published_at timestamptz);' }],
        },
      ],
    },
    {
      name: 'time-like endings are replaced',
      code: 'CREATE TABLE jobs (start_time timestamp, updated_on timestamptz, expiry_date timestamp without time zone);',
      errors: [
        { messageId: 'timestamp', data: { suggestion: 'start_at' } },
        { messageId: 'timestamp', data: { suggestion: 'updated_at' } },
        { messageId: 'timestamp', data: { suggestion: 'expiry_at', type: 'timestamp without time zone' } },
      ],
    },
    {
      name: 'a name that says only "time": no rename offered',
      code: 'CREATE TABLE readings (id bigint, "timestamp" timestamptz, ts timestamptz, when_ timestamptz);',
      errors: [
        { messageId: 'timestampGeneric', data: { column: 'timestamp' }, suggestions: [] },
        { messageId: 'timestampGeneric', data: { column: 'ts' }, suggestions: [] },
        { messageId: 'timestampGeneric', data: { column: 'when_' }, suggestions: [] },
      ],
    },
    {
      name: 'ADD COLUMN, RENAME COLUMN, and a column that becomes a timestamp',
      migrations: { '0001_init.sql': 'CREATE TABLE users (id bigint, seen_at timestamptz, last_seen text);' },
      code: 'ALTER TABLE users ADD COLUMN confirmed timestamptz;\nALTER TABLE users RENAME COLUMN seen_at TO seen;\nALTER TABLE users ALTER COLUMN last_seen TYPE timestamptz USING last_seen::timestamptz;',
      errors: [
        { messageId: 'timestamp', line: 1, data: { suggestion: 'confirmed_at' }, suggestions: [{ output: 'ALTER TABLE users ADD COLUMN confirmed_at timestamptz;\nALTER TABLE users RENAME COLUMN seen_at TO seen;\nALTER TABLE users ALTER COLUMN last_seen TYPE timestamptz USING last_seen::timestamptz;' }] },
        { messageId: 'timestamp', line: 2, data: { suggestion: 'seen_at' }, suggestions: [] },
        { messageId: 'timestamp', line: 3, data: { column: 'last_seen', suggestion: 'last_seen_at' }, suggestions: [] },
      ],
    },
    {
      name: 'checkDate',
      options: { checkDate: true },
      code: 'CREATE TABLE people (birthday date, due date, start_dt date);',
      errors: [
        { messageId: 'date', data: { suggestion: 'birthday_on', suffixes: '"_on" or "_date"' } },
        { messageId: 'date', data: { suggestion: 'due_on' } },
        { messageId: 'date', data: { suggestion: 'start_on' } },
      ],
    },
    {
      name: 'a directive for another rule does not hide it',
      code: '-- sql-schema-lint-disable-next-line naming-boolean\nCREATE TABLE t (expires timestamptz);',
      errors: [{ messageId: 'timestamp', line: 2, data: { suggestion: 'expires_at' } }],
    },
  ],
});
