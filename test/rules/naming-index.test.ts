import { ruleTester } from './harness.js';

/** A migration in Prisma Migrate's layout: the Prisma preset applies to it. */
const PRISMA = 'prisma/migrations/20240101000000_init/migration.sql';
const PRISMA_TABLES = 'CREATE TABLE "Post" ("id" INTEGER NOT NULL, "authorId" INTEGER, "slug" TEXT, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));\nCREATE TABLE "_CategoryToPost" ("A" INTEGER NOT NULL, "B" INTEGER NOT NULL);\n';

const ORDERS = { '0001_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, status text, created_at timestamptz, deleted_at timestamptz);' };
const LONG = 'a_very_long_table_name_for_testing_identifier_truncation_rules';
// Enough findings for the rename planner to switch from scanning each later file to a history-wide word index.
const MANY = Array.from({ length: 300 }, (_, i) => i);

ruleTester('naming-index', {
  valid: [
    {
      name: 'Prisma preset: Prisma\'s own index names (<table>_<columns>_idx, _key, and _AB_unique / _B_index on an m-n relation table); the seed\'s names stay accepted',
      filename: PRISMA,
      code:
        PRISMA_TABLES +
        'CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");\nCREATE UNIQUE INDEX "Post_slug_key" ON "Post"("slug");\n' +
        'CREATE UNIQUE INDEX "_CategoryToPost_AB_unique" ON "_CategoryToPost"("A", "B");\nCREATE INDEX "_CategoryToPost_B_index" ON "_CategoryToPost"("B");\n' +
        'CREATE INDEX idx_post_author_id ON "Post" ("authorId", "id");',
    },
    {
      name: 'Prisma preset with PostgreSQL-style names turned off: Prisma\'s names are still Prisma\'s',
      filename: PRISMA,
      options: { allowPostgresDefaults: false },
      code: PRISMA_TABLES + 'CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");',
    },
    { name: 'an index a later migration drops is not reported (its name cannot matter any more)', migrations: ORDERS, code: 'CREATE INDEX ix_a ON orders (status);', later: { '0600_drop.sql': 'DROP INDEX ix_a;' } },
    { name: 'the indexes of a table a later migration drops are not reported', code: 'CREATE TABLE imports (id bigint, batch int);\nCREATE INDEX by_batch ON imports (batch);', later: { '0600_drop.sql': 'DROP TABLE imports;' } },
    { migrations: ORDERS, code: 'CREATE INDEX idx_orders_user_id ON orders (user_id);' },
    {
      name: 'unique indexes may use uq_ or idx_',
      code: 'CREATE UNIQUE INDEX uq_users_email ON users (email);\nCREATE UNIQUE INDEX idx_users_login ON users (login);',
    },
    {
      name: 'the seed\'s own examples (abbreviated column parts are fine by default)',
      code: "CREATE INDEX idx_categories_parent ON categories (parent_id);\nCREATE INDEX idx_products_attrs ON products USING gin (attributes);\nCREATE INDEX idx_orders_pending ON orders (created_at) WHERE status = 'pending';",
    },
    {
      name: 'PostgreSQL\'s own names written out (pg_dump, Prisma)',
      code: 'CREATE INDEX orders_user_id_idx ON public.orders USING btree (user_id);\nCREATE UNIQUE INDEX "User_email_key" ON "User" ("email");\nCREATE INDEX "TaskRun_projectId_createdAt_idx" ON "TaskRun" ("projectId", "createdAt");\nCREATE INDEX orders_user_id_idx1 ON orders (user_id, id);',
    },
    {
      name: 'a PostgreSQL-style name longer than 63 bytes, cut by PostgreSQL',
      code: 'CREATE INDEX "BackgroundWorkerTask_runtimeEnvironmentId_slug_triggerSource_idx" ON "BackgroundWorkerTask" ("runtimeEnvironmentId", slug, "triggerSource");',
    },
    { name: 'unnamed indexes are fine unless requireNames is on', code: 'CREATE INDEX ON orders (user_id);' },
    { name: 'quoted mixed-case tables: as written, lower-cased or snake_case', code: 'CREATE INDEX "idx_TaskRun_status" ON "TaskRun" (status);\nCREATE INDEX idx_taskrun_kind ON "TaskRun" (kind);\nCREATE INDEX idx_task_run_queue ON "TaskRun" (queue);' },
    { name: 'schema-qualified table', code: 'CREATE INDEX idx_invoices_due_on ON billing.invoices (due_on);' },
    {
      name: 'strict: exact columns; a partial index may add a suffix; expressions need only the prefix',
      options: { strict: true },
      code: "CREATE INDEX idx_orders_user_id_created_at ON orders (user_id, created_at);\nCREATE INDEX idx_orders_created_at_pending ON orders (created_at) WHERE status = 'pending';\nCREATE INDEX idx_users_email_lower ON users (lower(email));\nCREATE UNIQUE INDEX uq_users_email ON users (email);",
    },
    { name: 'configurable prefixes', options: { prefixes: ['ix_'], uniquePrefixes: ['ux_'] }, code: 'CREATE INDEX ix_orders_user_id ON orders (user_id);\nCREATE UNIQUE INDEX ux_users_email ON users (email);' },
    { name: 'PostgreSQL-style names can be turned off: convention names still pass', options: { allowPostgresDefaults: false }, code: 'CREATE INDEX idx_orders_user_id ON orders (user_id);' },
    { name: 'a table name too long for the prefix to fit', code: `CREATE INDEX idx_${LONG.slice(0, 50)}_x ON ${LONG} (x);` },
    {
      name: 'an index of an earlier migration is not reported again',
      migrations: { ...ORDERS, '0002_idx.sql': 'CREATE INDEX orders_by_user ON orders (user_id);' },
      code: 'DROP INDEX orders_by_user;\nCREATE INDEX orders_by_user ON orders (user_id, created_at);',
    },
    { name: 'renamed later in the same file: the final name counts', migrations: ORDERS, code: 'CREATE INDEX tmp_build ON orders (user_id);\nALTER INDEX tmp_build RENAME TO idx_orders_user_id;' },
    { name: 'ignore patterns', options: { ignore: ['^index_'] }, code: 'CREATE INDEX index_orders_on_user_id ON orders (user_id);' },
    { name: 'down migrations are not checked', filename: '0500_x/down.sql', code: 'CREATE INDEX orders_by_user ON orders (user_id);' },
    { name: 'directive', code: '-- sql-schema-lint-disable-next-line naming-index\nCREATE INDEX orders_by_user ON orders (user_id);' },
  ],
  invalid: [
    {
      name: 'Prisma preset: a hand-written name that follows neither convention gets Prisma\'s name',
      filename: PRISMA,
      code: PRISMA_TABLES + 'CREATE INDEX "Post_authorId" ON "Post"("authorId");',
      errors: [{ messageId: 'prisma', data: { name: 'Post_authorId', expected: 'Post_<columns>_idx', suggestion: '"Post_authorId_idx"' }, line: 3 }],
      output: PRISMA_TABLES + 'CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");',
    },
    {
      name: 'outside Prisma, the m-n relation table\'s index names are not the seed\'s',
      code: 'CREATE TABLE "_CategoryToPost" ("A" integer NOT NULL, "B" integer NOT NULL);\nCREATE INDEX "_CategoryToPost_B_index" ON "_CategoryToPost"("B");',
      errors: [{ messageId: 'prefix', line: 2 }],
      output: 'CREATE TABLE "_CategoryToPost" ("A" integer NOT NULL, "B" integer NOT NULL);\nCREATE INDEX idx__category_to_post_b ON "_CategoryToPost"("B");',
    },
    {
      migrations: ORDERS,
      code: 'CREATE INDEX orders_by_user ON orders (user_id);',
      errors: [
        {
          messageId: 'prefix',
          data: { name: 'orders_by_user', table: 'orders', expected: 'idx_orders_', suggestion: 'idx_orders_user_id' },
          line: 1,
          column: 14,
          endColumn: 28,
        },
      ],
      output: 'CREATE INDEX idx_orders_user_id ON orders (user_id);',
    },
    {
      name: 'dropped and re-created under its name in the same file: the DROP INDEX between is renamed too (a suggestion: the re-created index keeps the old name)',
      code: 'CREATE INDEX ix_a ON orders (status);\nDROP INDEX public.ix_a;\nCREATE INDEX ix_a ON orders (status);',
      errors: [
        {
          messageId: 'prefix',
          data: { suggestion: 'idx_orders_status' },
          line: 1,
          suggestions: [{ title: 'also update its other uses in this file', output: 'CREATE INDEX idx_orders_status ON orders (status);\nDROP INDEX public.idx_orders_status;\nCREATE INDEX ix_a ON orders (status);' }],
        },
        // The re-created index is judged too; its new name is the first one's.
        { messageId: 'prefix', line: 3, suggestions: [] },
      ],
    },
    {
      name: 'another use in this file the rule cannot rewrite: a suggestion, not a fix',
      code: "CREATE INDEX ix_a ON orders (status);\nCOMMENT ON INDEX ix_a IS 'by status';",
      errors: [
        {
          messageId: 'prefix',
          suggestions: [{ title: 'Rename index ix_a to idx_orders_status (also update its other uses in this file)', output: "CREATE INDEX idx_orders_status ON orders (status);\nCOMMENT ON INDEX ix_a IS 'by status';" }],
        },
      ],
    },
    {
      name: 'a later migration uses the name: a suggestion, not a fix',
      code: 'CREATE INDEX ix_a ON orders (status);',
      later: { '0600_reindex.sql': 'REINDEX INDEX ix_a;' },
      errors: [{ messageId: 'prefix', suggestions: [{ title: 'also update its other uses in 0600_reindex.sql', output: 'CREATE INDEX idx_orders_status ON orders (status);' }] }],
    },
    {
      name: 'many findings (history-wide word index): a later use of one old name still makes it a suggestion',
      code: MANY.map((i) => `CREATE INDEX ix_${i} ON orders (c${i});`).join('\n'),
      later: { '0600_reindex.sql': 'REINDEX INDEX ix_299;', '0700_reuse.sql': 'CREATE INDEX idx_orders_c298 ON orders (c298, id);' },
      errors: MANY.map((i) =>
        i === 299
          ? { messageId: 'prefix', line: i + 1, suggestions: [{ title: 'also update its other uses in 0600_reindex.sql', output: MANY.map((j) => `CREATE INDEX ix_${j} ON orders (c${j});`).join('\n').replace('ix_299', 'idx_orders_c299') }] }
          : { messageId: 'prefix', line: i + 1 },
      ),
      // ix_298's new name is taken by a later migration: neither a fix nor a suggestion.
      output: MANY.map((j) => (j < 298 ? `CREATE INDEX idx_orders_c${j} ON orders (c${j});` : `CREATE INDEX ix_${j} ON orders (c${j});`)).join('\n'),
    },
    {
      name: 'unique index, expression index',
      code: 'CREATE UNIQUE INDEX users_email_unique ON users (email);\nCREATE INDEX lower_email ON users (lower(email));',
      errors: [
        { messageId: 'prefix', data: { expected: 'uq_users_ or idx_users_', suggestion: 'uq_users_email' } },
        { messageId: 'prefix', data: { suggestion: 'idx_users_lower_email' } },
      ],
      output: 'CREATE UNIQUE INDEX uq_users_email ON users (email);\nCREATE INDEX idx_users_lower_email ON users (lower(email));',
    },
    {
      name: 'quoted mixed-case index and table',
      code: 'CREATE INDEX "IX_TaskRun_Status" ON "TaskRun" ("runStatus");',
      errors: [{ messageId: 'prefix', data: { name: 'IX_TaskRun_Status', suggestion: 'idx_task_run_run_status' }, column: 14, endColumn: 33 }],
      output: 'CREATE INDEX idx_task_run_run_status ON "TaskRun" ("runStatus");',
    },
    {
      name: 'schema-qualified table: the name is in the table\'s schema',
      code: 'CREATE INDEX billing_due ON billing.invoices (due_on);',
      errors: [{ messageId: 'prefix', data: { suggestion: 'idx_invoices_due_on' } }],
      output: 'CREATE INDEX idx_invoices_due_on ON billing.invoices (due_on);',
    },
    {
      name: 'two indexes that would get the same name: only the first is renamed',
      migrations: ORDERS,
      code: 'CREATE INDEX a1 ON orders (user_id);\nCREATE INDEX a2 ON orders (user_id) WHERE deleted_at IS NULL;',
      errors: [
        { messageId: 'prefix', line: 1 },
        { messageId: 'prefix', line: 2 },
      ],
      output: 'CREATE INDEX idx_orders_user_id ON orders (user_id);\nCREATE INDEX a2 ON orders (user_id) WHERE deleted_at IS NULL;',
    },
    {
      name: 'strict: the column part must name the columns',
      options: { strict: true },
      code: 'CREATE INDEX idx_orders_user ON orders (user_id);\nCREATE INDEX idx_events_created ON events USING brin (created_at);',
      errors: [
        { messageId: 'strict', data: { suggestion: 'idx_orders_user_id' } },
        { messageId: 'strict', data: { suggestion: 'idx_events_created_at' } },
      ],
      output: 'CREATE INDEX idx_orders_user_id ON orders (user_id);\nCREATE INDEX idx_events_created_at ON events USING brin (created_at);',
    },
    {
      name: 'requireNames: unnamed indexes get a name',
      options: { requireNames: true },
      code: 'CREATE INDEX ON orders (user_id);\nCREATE UNIQUE INDEX CONCURRENTLY ON users (email);',
      errors: [
        { messageId: 'unnamed', data: { table: 'orders', generated: 'orders_user_id_idx', suggestion: 'idx_orders_user_id' }, line: 1 },
        { messageId: 'unnamed', data: { generated: 'users_email_idx', suggestion: 'uq_users_email' }, line: 2 },
      ],
      output: 'CREATE INDEX idx_orders_user_id ON orders (user_id);\nCREATE UNIQUE INDEX CONCURRENTLY uq_users_email ON users (email);',
    },
    {
      name: 'requireNames: the generated name is used later, so naming it is only a suggestion',
      options: { requireNames: true },
      code: 'CREATE INDEX ON orders (user_id);\nREINDEX INDEX orders_user_id_idx;',
      errors: [{ messageId: 'unnamed', suggestions: [{ output: 'CREATE INDEX idx_orders_user_id ON orders (user_id);\nREINDEX INDEX orders_user_id_idx;' }] }],
    },
    {
      name: 'ALTER INDEX … RENAME TO a bad name',
      migrations: { ...ORDERS, '0002_idx.sql': 'CREATE INDEX tmp_ix ON orders (user_id);' },
      code: 'ALTER INDEX tmp_ix RENAME TO by_user;',
      errors: [{ messageId: 'prefix', data: { name: 'by_user', suggestion: 'idx_orders_user_id' }, column: 30, endColumn: 37 }],
      output: 'ALTER INDEX tmp_ix RENAME TO idx_orders_user_id;',
    },
    {
      name: 'configured prefixes',
      options: { prefixes: ['ix_'] },
      code: 'CREATE INDEX idx_orders_user_id ON orders (user_id);',
      errors: [{ messageId: 'prefix', data: { expected: 'ix_orders_', suggestion: 'ix_orders_user_id' } }],
      output: 'CREATE INDEX ix_orders_user_id ON orders (user_id);',
    },
    {
      name: 'long names are cut to 63 bytes',
      code: `CREATE INDEX some_index ON ${LONG} (another_rather_long_column_name);`,
      errors: [{ messageId: 'prefix' }],
      output: `CREATE INDEX idx_a_very_long_table_name_for_te_another_rather_long_column_na ON ${LONG} (another_rather_long_column_name);`,
    },
    {
      name: 'a directive for another rule does not hide it',
      code: '-- sql-schema-lint-disable-next-line naming-table\nCREATE INDEX by_user ON orders (user_id);',
      errors: [{ messageId: 'prefix', line: 2 }],
      output: '-- sql-schema-lint-disable-next-line naming-table\nCREATE INDEX idx_orders_user_id ON orders (user_id);',
    },
  ],
});
