import { ruleTester } from './harness.js';

/** A migration in Prisma Migrate's layout: the Prisma preset applies to it. */
const PRISMA = 'prisma/migrations/20240101000000_init/migration.sql';
const PRISMA_TABLES = 'CREATE TABLE "Post" ("id" INTEGER NOT NULL, "authorId" INTEGER, "slug" TEXT, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));\nCREATE TABLE "_CategoryToPost" ("A" INTEGER NOT NULL, "B" INTEGER NOT NULL);\n';

const USERS = { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);' };
const ORDERS = { ...USERS, '0002_orders.sql': 'CREATE TABLE orders (id bigint, user_id bigint, total numeric(12, 2));' };
const LONG = 'a_very_long_table_name_for_testing_identifier_truncation_rules';

ruleTester('naming-constraint', {
  valid: [
    {
      name: 'Prisma preset: Prisma\'s key names (<table>_pkey, _key, _fkey, and <table>_AB_pkey on an m-n relation table), even with PostgreSQL-style names turned off',
      filename: PRISMA,
      options: { allowPostgresDefaults: false },
      code:
        'CREATE TABLE "User" ("id" INTEGER NOT NULL, "email" TEXT NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"), CONSTRAINT "User_email_key" UNIQUE ("email"));\n' +
        'CREATE TABLE "Post" ("id" INTEGER NOT NULL, "authorId" INTEGER, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));\n' +
        'CREATE TABLE "_PostToUser" ("A" INTEGER NOT NULL, "B" INTEGER NOT NULL, CONSTRAINT "_PostToUser_AB_pkey" PRIMARY KEY ("A", "B"));\n' +
        'ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id");',
    },
    { name: 'a constraint a later migration drops is not reported (its name cannot matter any more)', migrations: ORDERS, code: 'ALTER TABLE orders ADD CONSTRAINT total_ok CHECK (total >= 0);', later: { '0600_drop.sql': 'ALTER TABLE orders DROP CONSTRAINT total_ok;' } },
    { name: 'the constraints of a table a later migration drops are not reported', code: 'CREATE TABLE imports (id bigint CONSTRAINT imports_pk PRIMARY KEY);', later: { '0600_drop.sql': 'DROP TABLE imports;' } },
    {
      name: 'the seed\'s convention',
      migrations: USERS,
      code: 'CREATE TABLE orders (\n  id bigint CONSTRAINT pk_orders PRIMARY KEY,\n  user_id bigint CONSTRAINT fk_orders_user_id REFERENCES users (id),\n  total numeric(12, 2) CONSTRAINT chk_orders_total_positive CHECK (total >= 0),\n  code text,\n  CONSTRAINT uq_orders_code UNIQUE (code)\n);',
    },
    {
      name: 'pg_dump writes PostgreSQL\'s own names',
      migrations: ORDERS,
      code: 'ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);\nALTER TABLE ONLY public.orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id);\nALTER TABLE ONLY public.orders ADD CONSTRAINT orders_user_id_total_key UNIQUE (user_id, total);\nALTER TABLE public.orders ADD CONSTRAINT orders_total_check CHECK (total > 0);\nALTER TABLE public.orders ADD CONSTRAINT orders_check1 CHECK (total < 1000000);',
    },
    {
      name: 'exclusion constraints',
      code: 'CREATE TABLE reservations (room int, during tstzrange, CONSTRAINT reservations_room_during_excl EXCLUDE USING gist (room WITH =, during WITH &&), CONSTRAINT excl_reservations_overlap EXCLUDE USING gist (during WITH &&));',
    },
    {
      name: 'Prisma\'s quoted names',
      code: 'CREATE TABLE "TaskRun" ("id" TEXT NOT NULL, "projectId" TEXT NOT NULL, CONSTRAINT "TaskRun_pkey" PRIMARY KEY ("id"));\nALTER TABLE "TaskRun" ADD CONSTRAINT "TaskRun_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;',
    },
    { name: 'unnamed constraints are fine unless requireNames is on', migrations: USERS, code: 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users, total numeric CHECK (total > 0), UNIQUE (user_id, total));' },
    { name: 'snake_case or lower-cased forms of a quoted table', code: 'CREATE TABLE "OrderHeaders" (id bigint CONSTRAINT pk_order_headers PRIMARY KEY, n int CONSTRAINT chk_orderheaders_n CHECK (n > 0));' },
    { name: 'configured prefixes', options: { checkPrefixes: ['ck_'], primaryKeyPrefixes: ['pkey_'] }, code: 'CREATE TABLE t (id bigint CONSTRAINT pkey_t PRIMARY KEY, n int CONSTRAINT ck_t_n CHECK (n > 0));' },
    { name: 'a long name PostgreSQL would have shortened', code: `CREATE TABLE ${LONG} (id bigint, another_rather_long_column_name int, CONSTRAINT a_very_long_table_name_for_testin_another_rather_long_col_check CHECK (another_rather_long_column_name > 0));` },
    {
      name: 'a constraint of an earlier migration re-created under its old name',
      migrations: { ...ORDERS, '0003_fk.sql': 'ALTER TABLE orders ADD CONSTRAINT orders_user FOREIGN KEY (user_id) REFERENCES users (id);' },
      code: 'ALTER TABLE orders DROP CONSTRAINT orders_user;\nALTER TABLE orders ADD CONSTRAINT orders_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;',
    },
    {
      name: "PostgreSQL 18's own not-null constraint name <table>_<column>_not_null, as unsafe-set-not-null's suggestion writes it, is a PostgreSQL-style name",
      migrations: USERS,
      code: 'ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\nALTER TABLE users RENAME CONSTRAINT users_email_not_null TO users_email_not_null1;',
    },
    { name: 'renamed later in the same file', migrations: ORDERS, code: 'ALTER TABLE orders ADD CONSTRAINT tmp CHECK (total > 0);\nALTER TABLE orders RENAME CONSTRAINT tmp TO chk_orders_total;' },
    { name: 'ignore patterns', options: { ignore: ['^legacy_'] }, code: 'CREATE TABLE t (id bigint CONSTRAINT legacy_pk PRIMARY KEY);' },
    { name: 'temporary tables are exempt', code: 'CREATE TEMP TABLE t (id bigint CONSTRAINT some_pk PRIMARY KEY);' },
    { name: 'directive', code: '-- sql-schema-lint-disable-next-line naming-constraint\nCREATE TABLE t (id bigint CONSTRAINT some_pk PRIMARY KEY);' },
  ],
  invalid: [
    {
      name: 'Prisma preset: a hand-written CHECK gets the name PostgreSQL (and so Prisma\'s introspection) would give it',
      filename: PRISMA,
      code: 'CREATE TABLE "TaskSchedule" ("id" TEXT NOT NULL, "windowStart" INTEGER, "windowEnd" INTEGER);\nALTER TABLE "TaskSchedule" ADD CONSTRAINT "TaskSchedule_window_exclusive" CHECK ("windowStart" < "windowEnd");',
      errors: [{ messageId: 'pattern', data: { name: 'TaskSchedule_window_exclusive', pattern: '{table}_…_check / chk_{table}_{rule}', suggestion: '"TaskSchedule_window_exclusive_check"' }, line: 2 }],
      output: 'CREATE TABLE "TaskSchedule" ("id" TEXT NOT NULL, "windowStart" INTEGER, "windowEnd" INTEGER);\nALTER TABLE "TaskSchedule" ADD CONSTRAINT "TaskSchedule_window_exclusive_check" CHECK ("windowStart" < "windowEnd");',
    },
    {
      code: 'CREATE TABLE products (id bigint, price numeric(12, 2), CONSTRAINT positive_price CHECK (price > 0));',
      errors: [
        {
          messageId: 'pattern',
          data: { kind: 'check', name: 'positive_price', table: 'products', pattern: 'chk_{table}_{rule} / {table}_…_check', suggestion: 'chk_products_positive_price' },
          line: 1,
          column: 68,
          endColumn: 82,
        },
      ],
      output: 'CREATE TABLE products (id bigint, price numeric(12, 2), CONSTRAINT chk_products_positive_price CHECK (price > 0));',
    },
    {
      name: 'primary key, unique, foreign key',
      migrations: USERS,
      code: 'CREATE TABLE orders (id bigint CONSTRAINT orders_pk PRIMARY KEY, code text CONSTRAINT orders_code_unique UNIQUE, user_id bigint CONSTRAINT user_fk REFERENCES users (id));',
      errors: [
        { messageId: 'pattern', data: { kind: 'primary key', pattern: 'pk_{table} / {table}_pkey', suggestion: 'pk_orders' } },
        { messageId: 'pattern', data: { kind: 'unique', suggestion: 'uq_orders_code' } },
        { messageId: 'pattern', data: { kind: 'foreign key', suggestion: 'fk_orders_user_id' } },
      ],
      output: 'CREATE TABLE orders (id bigint CONSTRAINT pk_orders PRIMARY KEY, code text CONSTRAINT uq_orders_code UNIQUE, user_id bigint CONSTRAINT fk_orders_user_id REFERENCES users (id));',
    },
    {
      name: 'NOT VALID then VALIDATE in the same file: both are renamed',
      migrations: ORDERS,
      code: 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;',
      errors: [{ messageId: 'pattern', data: { suggestion: 'fk_orders_user_id' }, line: 1 }],
      output: 'ALTER TABLE orders ADD CONSTRAINT fk_orders_user_id FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT fk_orders_user_id;',
    },
    {
      name: 'used by ON CONFLICT in the same file: a suggestion',
      migrations: ORDERS,
      code: "ALTER TABLE orders ADD CONSTRAINT one_per_user UNIQUE (user_id);\nINSERT INTO orders (id, user_id) VALUES (1, 1) ON CONFLICT ON CONSTRAINT one_per_user DO NOTHING;",
      errors: [
        {
          messageId: 'pattern',
          data: { suggestion: 'uq_orders_user_id' },
          suggestions: [
            {
              title: 'Rename constraint one_per_user to uq_orders_user_id (also update its other uses in this file)',
              output: 'ALTER TABLE orders ADD CONSTRAINT uq_orders_user_id UNIQUE (user_id);\nINSERT INTO orders (id, user_id) VALUES (1, 1) ON CONFLICT ON CONSTRAINT one_per_user DO NOTHING;',
            },
          ],
        },
      ],
    },
    {
      name: 'validated by a later migration: a suggestion',
      migrations: ORDERS,
      code: 'ALTER TABLE orders ADD CONSTRAINT total_ok CHECK (total >= 0) NOT VALID;',
      later: { '0600_validate.sql': 'ALTER TABLE orders VALIDATE CONSTRAINT total_ok;' },
      errors: [{ messageId: 'pattern', data: { suggestion: 'chk_orders_total_ok' }, suggestions: [{ title: 'also update its other uses in 0600_validate.sql', output: 'ALTER TABLE orders ADD CONSTRAINT chk_orders_total_ok CHECK (total >= 0) NOT VALID;' }] }],
    },
    {
      name: 'quoted mixed-case names, schema-qualified table',
      code: 'CREATE TABLE app."OrderHeaders" (id bigint, n int, CONSTRAINT "OrderCheck" CHECK (n > 0));',
      errors: [{ messageId: 'pattern', data: { name: 'OrderCheck', table: 'OrderHeaders', suggestion: 'chk_order_headers_order' } }],
      output: 'CREATE TABLE app."OrderHeaders" (id bigint, n int, CONSTRAINT chk_order_headers_order CHECK (n > 0));',
    },
    {
      name: 'a <table>_<column>_not_null name on a CHECK that is not a NOT NULL check',
      migrations: ORDERS,
      code: 'ALTER TABLE orders ADD CONSTRAINT orders_total_not_null CHECK (total > 0);',
      errors: [{ messageId: 'pattern', data: { name: 'orders_total_not_null' } }],
      output: 'ALTER TABLE orders ADD CONSTRAINT chk_orders_total_not_null CHECK (total > 0);',
    },
    {
      name: 'PostgreSQL-style names can be turned off (the primary key\'s <table>_pkey stays accepted)',
      migrations: ORDERS,
      options: { allowPostgresDefaults: false },
      code: 'ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);\nALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id);',
      errors: [{ messageId: 'pattern', data: { pattern: 'fk_{table}_{ref}', suggestion: 'fk_orders_user_id' }, line: 2 }],
      output: 'ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);\nALTER TABLE orders ADD CONSTRAINT fk_orders_user_id FOREIGN KEY (user_id) REFERENCES users (id);',
    },
    {
      name: 'requireNames: unnamed constraints get names',
      migrations: USERS,
      options: { requireNames: true },
      code: 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), total numeric CHECK (total >= 0), UNIQUE (user_id, total));',
      errors: [
        { messageId: 'unnamed', data: { kind: 'primary key', generated: 'orders_pkey', suggestion: 'pk_orders' } },
        { messageId: 'unnamed', data: { kind: 'foreign key', generated: 'orders_user_id_fkey', suggestion: 'fk_orders_user_id' } },
        { messageId: 'unnamed', data: { kind: 'check', generated: 'orders_total_check', suggestion: 'chk_orders_total' } },
        { messageId: 'unnamed', data: { kind: 'unique', generated: 'orders_user_id_total_key', suggestion: 'uq_orders_user_id_total' } },
      ],
      output:
        'CREATE TABLE orders (id bigint CONSTRAINT pk_orders PRIMARY KEY, user_id bigint CONSTRAINT fk_orders_user_id REFERENCES users (id), total numeric CONSTRAINT chk_orders_total CHECK (total >= 0), CONSTRAINT uq_orders_user_id_total UNIQUE (user_id, total));',
    },
    {
      name: 'requireNames: ALTER TABLE … ADD without a name',
      migrations: ORDERS,
      options: { requireNames: true },
      code: 'ALTER TABLE orders ADD PRIMARY KEY (id);',
      errors: [{ messageId: 'unnamed', column: 24 }],
      output: 'ALTER TABLE orders ADD CONSTRAINT pk_orders PRIMARY KEY (id);',
    },
    {
      name: 'requireNames: the generated name is used later in the file, so naming it is a suggestion',
      migrations: ORDERS,
      options: { requireNames: true },
      code: 'ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_id_fkey;',
      errors: [
        {
          messageId: 'unnamed',
          suggestions: [{ output: 'ALTER TABLE orders ADD CONSTRAINT fk_orders_user_id FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_id_fkey;' }],
        },
      ],
    },
    {
      name: 'RENAME CONSTRAINT … TO a bad name',
      migrations: { ...ORDERS, '0003_chk.sql': 'ALTER TABLE orders ADD CONSTRAINT chk_orders_total CHECK (total >= 0);' },
      code: 'ALTER TABLE orders RENAME CONSTRAINT chk_orders_total TO total_not_negative;',
      errors: [{ messageId: 'pattern', data: { kind: 'check', suggestion: 'chk_orders_total_not_negative' }, column: 58 }],
      output: 'ALTER TABLE orders RENAME CONSTRAINT chk_orders_total TO chk_orders_total_not_negative;',
    },
    {
      name: 'a directive for another rule does not hide it',
      code: '-- sql-schema-lint-disable-next-line naming-index\nCREATE TABLE t (id bigint CONSTRAINT some_pk PRIMARY KEY);',
      errors: [{ messageId: 'pattern', line: 2 }],
      output: '-- sql-schema-lint-disable-next-line naming-index\nCREATE TABLE t (id bigint CONSTRAINT pk_t PRIMARY KEY);',
    },
  ],
});
