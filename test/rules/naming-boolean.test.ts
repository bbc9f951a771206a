import { ruleTester } from './harness.js';

/** A migration in Prisma Migrate's layout: the Prisma preset applies to it. */
const PRISMA = 'prisma/migrations/20240101000000_init/migration.sql';

ruleTester('naming-boolean', {
  valid: [
    {
      name: 'Prisma preset: Prisma\'s habit of naming a boolean after a state (published, emailVerified), camelCase prefixes and a question inside the name',
      filename: PRISMA,
      code: 'CREATE TABLE "Post" ("id" TEXT NOT NULL, "published" BOOLEAN NOT NULL DEFAULT false, "emailVerified" BOOLEAN, "active" BOOLEAN, "interactive" BOOLEAN, "hidden" BOOLEAN, "previewDeploymentsEnabled" BOOLEAN, "isAdmin" BOOLEAN, "outputIsError" BOOLEAN);',
    },
    { name: 'a boolean column a later migration renames is judged by its new name only', code: 'CREATE TABLE users (id bigint, admin boolean);', later: { '0600_rename.sql': 'ALTER TABLE users RENAME COLUMN admin TO is_admin;' } },
    { name: 'a boolean column a later migration drops is not reported', code: 'CREATE TABLE users (id bigint, admin boolean);', later: { '0600_drop.sql': 'ALTER TABLE users DROP COLUMN admin;' } },
    'CREATE TABLE users (id bigint, is_active boolean NOT NULL DEFAULT true, has_subscription bool, can_post boolean);',
    { name: 'non-boolean columns and boolean arrays are not checked', code: 'CREATE TABLE t (id bigint, active int, flags boolean[]);' },
    { name: 'camelCase is naming-column\'s business', code: 'CREATE TABLE "User" ("isActive" boolean);' },
    { name: 'configured prefixes', options: { prefixes: ['is_', 'should_'] }, code: 'CREATE TABLE t (should_notify boolean);' },
    { name: 'a user type called bool in another schema', code: 'CREATE TABLE t (active app.bool);' },
    {
      name: 'columns of earlier migrations are not reported again',
      migrations: { '0001_init.sql': 'CREATE TABLE users (id bigint, active boolean);' },
      code: 'ALTER TABLE users ADD COLUMN IF NOT EXISTS active boolean;\nALTER TABLE users ALTER COLUMN active SET DEFAULT true;',
    },
    { name: 'temporary tables', code: 'CREATE TEMP TABLE t (done boolean);' },
    { name: 'a boolean primary key (singleton table)', code: 'CREATE TABLE previously_run_sql (id boolean PRIMARY KEY CHECK (id), content text NOT NULL);' },
    { name: 'ignore patterns', options: { ignore: ['^enabled$'] }, code: 'CREATE TABLE t (enabled boolean);' },
    { name: 'directive', code: '-- sql-schema-lint-disable-next-line naming-boolean\nCREATE TABLE t (active boolean);' },
  ],
  invalid: [
    {
      name: 'Prisma preset: a noun is no state; the suggestion is camelCase',
      filename: PRISMA,
      code: 'CREATE TABLE "User" ("id" TEXT NOT NULL, "admin" BOOLEAN NOT NULL DEFAULT false, "marketingEmails" BOOLEAN);',
      errors: [
        {
          messageId: 'prismaPrefix',
          data: { column: 'admin', table: 'User', prefixes: '"is", "has" or "can"', suggestion: '"isAdmin"' },
          suggestions: [{ title: 'Rename column "admin" to "isAdmin"', output: 'CREATE TABLE "User" ("id" TEXT NOT NULL, "isAdmin" BOOLEAN NOT NULL DEFAULT false, "marketingEmails" BOOLEAN);' }],
        },
        { messageId: 'prismaPrefix', data: { column: 'marketingEmails', suggestion: '"isMarketingEmails"' } },
      ],
    },
    {
      name: 'Prisma preset: an action or a setting',
      filename: PRISMA,
      code: 'CREATE TABLE "Worker" ("id" TEXT NOT NULL, "enableFastPath" BOOLEAN NOT NULL DEFAULT false);',
      errors: [{ messageId: 'prismaVerb', data: { column: 'enableFastPath', prefixes: '"is", "has" or "can"' } }],
    },
    {
      name: 'Prisma preset: a snake_case column (mapped, or written by hand) gets a snake_case suggestion',
      filename: PRISMA,
      code: 'CREATE TABLE run_events (id text, marketing_emails boolean);',
      errors: [{ messageId: 'prismaPrefix', data: { prefixes: '"is_", "has_" or "can_"', suggestion: 'is_marketing_emails' } }],
    },
    {
      name: 'hand-written SQL keeps the seed\'s prefixes: a state word is not enough there',
      code: 'CREATE TABLE posts (id bigint, published boolean);',
      errors: [{ messageId: 'prefix', data: { suggestion: 'is_published' } }],
    },
    {
      code: 'CREATE TABLE users (id bigint, active boolean NOT NULL DEFAULT true);',
      errors: [
        {
          messageId: 'prefix',
          data: { column: 'active', table: 'users', prefixes: '"is_", "has_" or "can_"', suggestion: 'is_active' },
          line: 1,
          column: 32,
          endColumn: 38,
          suggestions: [{ title: 'Rename column "active" to is_active (update code that uses it)', output: 'CREATE TABLE users (id bigint, is_active boolean NOT NULL DEFAULT true);' }],
        },
      ],
    },
    {
      name: 'ADD COLUMN on a schema-qualified table from an earlier migration',
      migrations: { '0001_init.sql': 'CREATE TABLE app.users (id bigint);' },
      code: 'ALTER TABLE app.users ADD COLUMN email_verified bool DEFAULT false;',
      errors: [{ messageId: 'prefix', data: { suggestion: 'is_email_verified' }, suggestions: [{ output: 'ALTER TABLE app.users ADD COLUMN is_email_verified bool DEFAULT false;' }] }],
    },
    {
      name: 'RENAME COLUMN of a boolean to a bad name',
      migrations: { '0001_init.sql': 'CREATE TABLE users (id bigint, is_banned boolean);' },
      code: 'ALTER TABLE users RENAME COLUMN is_banned TO banned;',
      errors: [{ messageId: 'prefix', data: { suggestion: 'is_banned' }, column: 46 }],
    },
    {
      name: 'a column that becomes boolean: reported, no rename offered (it is named in an earlier file)',
      migrations: { '0001_init.sql': 'CREATE TABLE users (id bigint, verified int);' },
      code: 'ALTER TABLE users ALTER COLUMN verified TYPE boolean USING verified <> 0;',
      errors: [{ messageId: 'prefix', data: { column: 'verified' }, suggestions: [] }],
    },
    {
      name: 'a setting named after a verb: no "is_show_…" suggestion',
      code: 'CREATE TABLE local_users (show_nsfw boolean, send_notifications_to_email boolean);',
      errors: [
        { messageId: 'verb', data: { column: 'show_nsfw' }, suggestions: [] },
        { messageId: 'verb', data: { column: 'send_notifications_to_email' }, suggestions: [] },
      ],
    },
    {
      name: 'configured prefixes: the first one is suggested',
      options: { prefixes: ['flag_'] },
      code: 'CREATE TABLE t (is_done boolean);',
      errors: [{ messageId: 'prefix', data: { prefixes: '"flag_"', suggestion: 'flag_is_done' } }],
    },
    {
      name: 'a directive for another rule does not hide it',
      code: '-- sql-schema-lint-disable-next-line naming-column\nCREATE TABLE t (deleted boolean);',
      errors: [{ messageId: 'prefix', line: 2 }],
    },
  ],
});
