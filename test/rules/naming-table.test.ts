import { ruleTester } from './harness.js';

/** A migration in Prisma Migrate's layout: the Prisma preset applies to it. */
const PRISMA = 'prisma/migrations/20240101000000_init/migration.sql';
const PRISMA_SCHEMA =
  'CREATE TABLE "User" ("id" TEXT NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));\n' +
  'CREATE TABLE "OrderItem" ("id" TEXT NOT NULL);\n' +
  'CREATE TABLE "_CategoryToPost" ("A" INTEGER NOT NULL, "B" INTEGER NOT NULL);\n' +
  'CREATE TABLE "_completedWaitpoints" ("A" TEXT NOT NULL, "B" TEXT NOT NULL);\n' +
  'CREATE TABLE "Metadata" ("id" TEXT NOT NULL);\n' +
  'CREATE TABLE api_keys (id text);\n' +
  'CREATE TABLE "_prisma_migrations" (id text);';

ruleTester('naming-table', {
  valid: [
    {
      name: 'Prisma preset, chosen because Prisma Migrate runs the file: singular PascalCase models, snake_case mapped tables, implicit m-n relation tables',
      filename: PRISMA,
      code: PRISMA_SCHEMA,
    },
    { name: 'Prisma preset selected in the config for a file no tool claims', options: { preset: 'prisma' }, code: PRISMA_SCHEMA },
    { name: 'Prisma preset, style any: the number of model names is not checked', filename: PRISMA, options: { style: 'any' }, code: 'CREATE TABLE "Users" ("id" TEXT NOT NULL);' },
    { name: 'a table a later migration drops is not reported (its name cannot be changed any more)', code: 'CREATE TABLE person (id bigint PRIMARY KEY);', later: { '0600_drop.sql': 'DROP TABLE person;' } },
    { name: 'a table a later migration renames is judged by its new name only', code: 'CREATE TABLE person (id bigint PRIMARY KEY);', later: { '0600_rename.sql': 'ALTER TABLE person RENAME TO people;' } },
    { name: 'a table created and dropped in the same file', code: 'CREATE TABLE person (id bigint PRIMARY KEY);\nDROP TABLE person;' },
    'CREATE TABLE users (id bigint PRIMARY KEY);',
    { name: 'multi-word: only the last word is plural', code: 'CREATE TABLE order_items (id bigint PRIMARY KEY);' },
    {
      name: 'irregular plurals and -es/-ies plurals',
      code: 'CREATE TABLE people (id bigint);\nCREATE TABLE statuses (id bigint);\nCREATE TABLE addresses (id bigint);\nCREATE TABLE categories (id bigint);\nCREATE TABLE analyses (id bigint);\nCREATE TABLE skus (id bigint);',
    },
    {
      name: 'uncountables and plural-only nouns',
      code: 'CREATE TABLE data (id bigint);\nCREATE TABLE news (id bigint);\nCREATE TABLE series (id bigint);\nCREATE TABLE media (id bigint);\nCREATE TABLE criteria (id bigint);\nCREATE TABLE equipment (id bigint);\nCREATE TABLE sms (id bigint);',
    },
    {
      name: 'collective nouns of the default uncountable list',
      code: 'CREATE TABLE order_history (id bigint);\nCREATE TABLE user_info (id bigint);\nCREATE TABLE audit_log (id bigint);\nCREATE TABLE site_metadata (id bigint);',
    },
    { name: 'plural words in compound names', code: 'CREATE TABLE user_settings (id bigint);\nCREATE TABLE post_aggregates (id bigint);\nCREATE TABLE _prisma_migrations (id text);' },
    { name: 'qualifier and participle suffixes are skipped', code: 'CREATE TABLE users_old (id bigint);\nCREATE TABLE orders_v2 (id bigint);\nCREATE TABLE events_2026 (id bigint);\nCREATE TABLE posts_deleted (id bigint);\nCREATE TABLE posts_saved (id bigint);\nCREATE TABLE post_aggregates_fast (id bigint);' },
    { name: 'formats as mass nouns', code: 'CREATE TABLE previously_run_sql (id bigint);\nCREATE TABLE events_json (id bigint);' },
    { name: 'names in scripts without letter case', code: 'CREATE TABLE "موارد" (id bigint);' },
    {
      name: 'pg_dump partitions: created as tables, attached later',
      code: "CREATE TABLE public.events (id bigint, at date) PARTITION BY RANGE (at);\nCREATE TABLE public.events_default (id bigint, at date);\nALTER TABLE ONLY public.events ATTACH PARTITION public.events_default DEFAULT;\nCREATE TABLE public.event_y2026 (id bigint, at date);\nALTER TABLE ONLY public.events ATTACH PARTITION public.event_y2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');",
    },
    { name: 'schema-qualified and quoted lower-case names', code: 'CREATE TABLE billing.invoices (id bigint);\nCREATE TABLE "orders" (id bigint);\nCREATE TABLE "public"."line_items" (id bigint);' },
    {
      name: 'partitions are exempt from the plural style',
      code: "CREATE TABLE metrics (recorded_at timestamptz NOT NULL) PARTITION BY RANGE (recorded_at);\nCREATE TABLE metrics_2026_01 PARTITION OF metrics FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');\nCREATE TABLE metrics_default PARTITION OF metrics DEFAULT;",
    },
    { name: 'temporary tables are exempt', code: 'CREATE TEMPORARY TABLE import_batch (id bigint);\nCREATE TEMP TABLE "TmpRow" (id bigint);' },
    { name: 'singular style', code: 'CREATE TABLE user_account (id bigint);\nCREATE TABLE person (id bigint);\nCREATE TABLE metadata (id bigint);', options: { style: 'singular' } },
    { name: 'style any checks only snake_case', code: 'CREATE TABLE person (id bigint);', options: { style: 'any' } },
    { name: 'custom uncountable words', code: 'CREATE TABLE inventory (id bigint);', options: { uncountable: ['inventory'] } },
    { name: 'ignore patterns', code: 'CREATE TABLE "LegacyThing" (id bigint);\nCREATE TABLE legacy_thing (id bigint);', options: { ignore: ['^(L|l)egacy'] } },
    {
      name: 'a table from an earlier migration is not reported again',
      migrations: { '0001_init.sql': 'CREATE TABLE person (id bigint PRIMARY KEY);' },
      code: 'CREATE TABLE IF NOT EXISTS person (id bigint PRIMARY KEY);\nALTER TABLE person ADD COLUMN name text;',
    },
    {
      name: 'dropping and re-creating an old table does not report its name again',
      migrations: { '0001_init.sql': 'CREATE TABLE person (id bigint PRIMARY KEY);' },
      code: 'DROP TABLE person;\nCREATE TABLE person (id bigint PRIMARY KEY, name text);',
    },
    { name: 'down migrations are not checked', filename: '0500_x/down.sql', code: 'CREATE TABLE person (id bigint);' },
    { name: 'directive', code: '-- sql-schema-lint-disable-next-line naming-table\nCREATE TABLE person (id bigint);' },
  ],
  invalid: [
    {
      name: 'irregular plural',
      code: 'CREATE TABLE person (id bigint PRIMARY KEY);',
      errors: [
        {
          messageId: 'plural',
          data: { name: 'person', word: 'person', suggestion: 'people' },
          line: 1,
          column: 14,
          endColumn: 20,
          suggestions: [{ title: 'Rename table "person" to people (update code that uses it)', output: 'CREATE TABLE people (id bigint PRIMARY KEY);' }],
        },
      ],
    },
    {
      name: 'schema-qualified: only the table part is renamed',
      code: 'CREATE TABLE public.category (id bigint);',
      errors: [{ messageId: 'plural', data: { suggestion: 'categories' }, column: 21, endColumn: 29, suggestions: [{ output: 'CREATE TABLE public.categories (id bigint);' }] }],
    },
    {
      name: 'multi-word: the last word is inflected',
      code: 'CREATE TABLE order_item (id bigint);\nCREATE TABLE status (id bigint);\nCREATE TABLE local_site (id bigint);',
      errors: [
        { messageId: 'plural', data: { word: 'item', suggestion: 'order_items' }, line: 1, suggestions: [{ output: 'CREATE TABLE order_items (id bigint);\nCREATE TABLE status (id bigint);\nCREATE TABLE local_site (id bigint);' }] },
        { messageId: 'plural', data: { suggestion: 'statuses' }, line: 2 },
        { messageId: 'plural', data: { suggestion: 'local_sites' }, line: 3 },
      ],
    },
    {
      name: 'a qualifier after a singular noun',
      code: 'CREATE TABLE user_v2 (id bigint);',
      errors: [{ messageId: 'plural', data: { word: 'user', suggestion: 'users_v2' } }],
    },
    {
      name: 'quoted mixed case: snake_case and plural in one suggestion',
      code: 'CREATE TABLE "OrderHeaders" (id bigint);\nCREATE TABLE "User" (id bigint);',
      errors: [
        {
          messageId: 'snakeCase',
          data: { name: 'OrderHeaders', folded: 'orderheaders', suggestion: 'order_headers' },
          line: 1,
          column: 14,
          endColumn: 28,
          suggestions: [{ title: 'Rename table "OrderHeaders" to order_headers (update code that uses it)', output: 'CREATE TABLE order_headers (id bigint);\nCREATE TABLE "User" (id bigint);' }],
        },
        { messageId: 'snakeCase', data: { name: 'User', suggestion: 'users' }, line: 2, suggestions: [{ output: 'CREATE TABLE "OrderHeaders" (id bigint);\nCREATE TABLE users (id bigint);' }] },
      ],
    },
    {
      name: 'schema-qualified quoted name',
      code: 'CREATE TABLE app."Address" (id bigint);',
      errors: [{ messageId: 'snakeCase', data: { suggestion: 'addresses' }, column: 18, suggestions: [{ output: 'CREATE TABLE app.addresses (id bigint);' }] }],
    },
    {
      name: 'RENAME TO a bad name',
      migrations: { '0001_init.sql': 'CREATE TABLE users (id bigint);' },
      code: 'ALTER TABLE users RENAME TO "UserAccounts";',
      errors: [{ messageId: 'snakeCase', data: { suggestion: 'user_accounts' }, column: 29, suggestions: [{ output: 'ALTER TABLE users RENAME TO user_accounts;' }] }],
    },
    {
      name: 'singular style: a reserved word suggestion is quoted',
      code: 'CREATE TABLE users (id bigint);',
      options: { style: 'singular' },
      errors: [{ messageId: 'singular', data: { word: 'users', suggestion: '"user"' }, suggestions: [{ output: 'CREATE TABLE "user" (id bigint);' }] }],
    },
    {
      name: 'a partition is still checked for snake_case',
      code: "CREATE TABLE metrics (recorded_at timestamptz NOT NULL) PARTITION BY RANGE (recorded_at);\nCREATE TABLE \"Metrics2026\" PARTITION OF metrics FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');",
      errors: [{ messageId: 'snakeCase', data: { suggestion: 'metrics2026' }, line: 2 }],
    },
    {
      name: 'a suggestion that would clash with an existing table is not offered',
      migrations: { '0001_init.sql': 'CREATE TABLE people (id bigint);' },
      code: 'CREATE TABLE person (id bigint);',
      errors: [{ messageId: 'plural', suggestions: [] }],
    },
    {
      name: 'earlier migrations are context: only this file\'s new table is reported',
      migrations: { '0001_init.sql': 'CREATE TABLE person (id bigint PRIMARY KEY);' },
      code: 'CREATE TABLE community (id bigint PRIMARY KEY, creator_id bigint REFERENCES person (id));',
      errors: [{ messageId: 'plural', data: { name: 'community', suggestion: 'communities' }, line: 1 }],
    },
    {
      name: 'Prisma preset: a plural model name',
      filename: PRISMA,
      code: 'CREATE TABLE "OrderItems" ("id" TEXT NOT NULL);',
      errors: [
        {
          messageId: 'prismaSingular',
          data: { name: 'OrderItems', word: 'items', suggestion: '"OrderItem"', client: 'orderItem' },
          column: 14,
          endColumn: 26,
          suggestions: [{ title: 'Rename table "OrderItems" to "OrderItem"', output: 'CREATE TABLE "OrderItem" ("id" TEXT NOT NULL);' }],
        },
      ],
    },
    {
      name: 'Prisma preset: a name that is neither PascalCase nor snake_case',
      filename: PRISMA,
      code: 'CREATE TABLE "orderItems" ("id" TEXT NOT NULL);\nCREATE TABLE "Order_Item" ("id" TEXT NOT NULL);',
      errors: [
        { messageId: 'prismaCase', data: { name: 'orderItems', suggestion: '"OrderItem"' }, line: 1, suggestions: [{ output: 'CREATE TABLE "OrderItem" ("id" TEXT NOT NULL);\nCREATE TABLE "Order_Item" ("id" TEXT NOT NULL);' }] },
        { messageId: 'prismaCase', data: { name: 'Order_Item', suggestion: '"OrderItem"' }, line: 2, suggestions: [{ output: 'CREATE TABLE "orderItems" ("id" TEXT NOT NULL);\nCREATE TABLE "OrderItem" ("id" TEXT NOT NULL);' }] },
      ],
    },
    {
      name: 'Prisma preset: a snake_case (mapped) table still follows the style option',
      filename: PRISMA,
      code: 'CREATE TABLE api_key (id text);',
      errors: [{ messageId: 'plural', data: { suggestion: 'api_keys' } }],
    },
    {
      name: 'Prisma preset: an underscore table that is no m-n relation table (not exactly the columns A and B)',
      filename: PRISMA,
      code: 'CREATE TABLE "_CategoryToPost" ("A" INTEGER NOT NULL, "B" INTEGER NOT NULL, "C" INTEGER);',
      errors: [{ messageId: 'prismaCase', data: { suggestion: '"CategoryToPost"' } }],
    },
    {
      name: 'the sql preset in a file Prisma Migrate runs keeps the seed\'s conventions',
      filename: PRISMA,
      options: { preset: 'sql' },
      code: 'CREATE TABLE "User" ("id" TEXT NOT NULL);',
      errors: [{ messageId: 'snakeCase', data: { suggestion: 'users' } }],
    },
    {
      name: 'hand-written SQL beside a Prisma history (a file Prisma does not run) keeps the seed\'s conventions',
      migrations: { [PRISMA]: 'CREATE TABLE "User" ("id" TEXT NOT NULL);' },
      filename: 'db/seed/0001_reports.sql',
      code: 'CREATE TABLE "Report" (id bigint);',
      errors: [{ messageId: 'snakeCase', data: { suggestion: 'reports' } }],
    },
    {
      name: 'a table that a later migration drops and re-creates under its name is still reported where it was introduced',
      code: 'CREATE TABLE person (id bigint PRIMARY KEY);',
      later: { '0600_recreate.sql': 'DROP TABLE person;\nCREATE TABLE person (id bigint PRIMARY KEY, name text);' },
      errors: [{ messageId: 'plural', line: 1 }],
    },
    {
      name: 'a directive for this rule hides only the next line',
      code: '-- sql-schema-lint-disable-next-line naming-table\nCREATE TABLE person (id bigint);\nCREATE TABLE company (id bigint);',
      errors: [{ messageId: 'plural', data: { suggestion: 'companies' }, line: 3 }],
    },
  ],
});
