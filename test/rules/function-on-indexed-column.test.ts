import { ruleTester } from './harness.js';

const users = {
  '0001_users.sql': [
    'CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255) NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL, deleted_at timestamptz, tags text[]);',
    'CREATE INDEX idx_users_email ON users (email);',
    'CREATE INDEX idx_users_created_at ON users (created_at);',
    'CREATE INDEX idx_users_tags ON users USING gin (tags);',
  ].join('\n'),
};
const orders = { '0002_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), placed_at timestamptz NOT NULL);' };

ruleTester('function-on-indexed-column', {
  valid: [
    { name: 'the bare column', migrations: users, code: "CREATE VIEW v AS SELECT id FROM users WHERE email = 'a@example.com';" },
    {
      name: 'an expression index on the same expression (qualifiers, case and casts aside)',
      migrations: { ...users, '0002_lower.sql': 'CREATE INDEX idx_users_email_lower ON users (lower((email)::text));' },
      code: "CREATE VIEW v AS SELECT u.id FROM users u WHERE LOWER(u.email) = 'a@example.com';",
    },
    {
      name: 'an expression index added by a later migration serves the view at run time',
      migrations: users,
      code: "CREATE VIEW v AS SELECT id FROM users WHERE lower(email) = 'a@example.com';",
      later: { '0900_lower.sql': 'CREATE INDEX idx_users_email_lower ON users (lower(email));' },
    },
    { name: 'no index leads with the column', migrations: users, code: "CREATE VIEW v AS SELECT id FROM users WHERE upper(status) = 'ACTIVE';" },
    { name: 'a GIN index does not serve comparisons anyway', migrations: users, code: "CREATE VIEW v AS SELECT id FROM users WHERE array_length(tags, 1) = 2;" },
    { name: 'the function is on the other side', migrations: users, code: "CREATE VIEW v AS SELECT id FROM users WHERE created_at > now() - interval '1 day';" },
    { name: 'casts that are relabelings (varchar to text)', migrations: users, code: "CREATE VIEW v AS SELECT id FROM users WHERE email::text = 'a@example.com';" },
    { name: '<> never uses a B-tree', migrations: users, code: "CREATE VIEW v AS SELECT id FROM users WHERE lower(email) <> 'a@example.com';" },
    {
      name: 'an unqualified column with a subquery in FROM may be the subquery\'s',
      migrations: users,
      code: "CREATE VIEW v AS SELECT x.id FROM users, (SELECT 1 AS id, 'a' AS email) x WHERE lower(email) = 'a';",
    },
    {
      name: 'one-off statements of a migration (a backfill, a DO block) read their rows once: not what the rule is about',
      migrations: users,
      code: "UPDATE users SET status = 'active' WHERE lower(email) = 'a@example.com';\nDO $$ BEGIN DELETE FROM users WHERE created_at::date = '2020-01-01'; END $$;",
    },
    {
      name: 'disabled on the line',
      migrations: users,
      code: "-- sql-schema-lint-disable-next-line function-on-indexed-column\nCREATE VIEW v AS SELECT id FROM users WHERE lower(email) = 'a@example.com';",
    },
  ],
  invalid: [
    {
      name: "the seed's example: LOWER(email) with a plain index on email",
      migrations: users,
      code: "CREATE VIEW user_by_email AS\nSELECT id FROM users WHERE LOWER(email) = 'user@example.com';",
      errors: [{ messageId: 'function', data: { expression: 'LOWER(email)', what: 'lower()', column: 'email', table: 'users', index: '"idx_users_email"' }, line: 2, column: 28, endColumn: 40 }],
    },
    {
      name: 'EXTRACT(YEAR FROM created_at) and a cast to date',
      migrations: users,
      code: "CREATE VIEW v AS SELECT id FROM users WHERE EXTRACT(YEAR FROM created_at) = 2025 OR created_at::date = '2025-06-01';",
      errors: [
        { messageId: 'dateFunction', data: { expression: 'EXTRACT(YEAR FROM created_at)', what: 'EXTRACT', column: 'created_at' }, column: 45, endColumn: 74 },
        { messageId: 'dateFunction', data: { expression: 'created_at::date', what: 'a cast to date' }, column: 85, endColumn: 101 },
      ],
    },
    {
      name: 'the primary key cast to text in IN; COALESCE of an unindexed column, and of two columns, is not reported',
      migrations: users,
      code: "CREATE MATERIALIZED VIEW mv AS SELECT id FROM users WHERE id::text IN ('1', '2') OR coalesce(deleted_at, now()) BETWEEN '2020-01-01' AND '2021-01-01' OR coalesce(deleted_at, created_at) > now();",
      errors: [{ messageId: 'function', data: { what: 'a cast to text', column: 'id', index: '"users_pkey"' } }],
    },
    {
      name: 'resolved through an alias in a join, and by the only table that has the column',
      migrations: { ...users, ...orders, '0003_idx.sql': 'CREATE INDEX idx_orders_placed_at ON orders (placed_at);' },
      code: "CREATE VIEW v AS SELECT o.id FROM orders o JOIN users u ON u.id = o.user_id WHERE lower(u.email) = 'a' AND date_trunc('day', placed_at) = '2025-01-01';",
      errors: [
        { messageId: 'function', data: { table: 'users', column: 'email' } },
        { messageId: 'dateFunction', data: { table: 'orders', column: 'placed_at', index: '"idx_orders_placed_at"', what: 'date_trunc()' } },
      ],
    },
    {
      name: 'the range advice quotes a camelCase (Prisma) column as SQL needs it',
      migrations: { '0001_e.sql': 'CREATE TABLE "Event" (id text PRIMARY KEY, "createdAt" timestamp(3) NOT NULL);\nCREATE INDEX "Event_createdAt_idx" ON "Event" ("createdAt");' },
      code: 'CREATE VIEW v AS SELECT id FROM "Event" WHERE date_trunc(\'day\', "createdAt") = \'2025-01-01\';',
      errors: [{ messageId: 'dateFunction', data: { table: 'Event', column: 'createdAt', columnSql: '"createdAt"' } }],
    },
    {
      name: 'a SQL function with a BEGIN ATOMIC body, and a string body subquery',
      migrations: users,
      code: "CREATE FUNCTION user_id(p text) RETURNS bigint LANGUAGE sql\nBEGIN ATOMIC\n  SELECT id FROM users WHERE upper(email) = upper(p);\nEND;\nCREATE FUNCTION n() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM users WHERE id IN (SELECT id FROM users WHERE trim(email) = '') $$;",
      errors: [
        { messageId: 'function', data: { what: 'upper()' }, line: 3, column: 30 },
        { messageId: 'function', data: { what: 'trim()' }, line: 5, column: 122 },
      ],
    },
    {
      name: 'a standalone SELECT (a view body kept in its own file, as Scenic does)',
      migrations: users,
      filename: 'db/views/user_lookup_v01.sql',
      code: "SELECT id\nFROM users\nWHERE lower(email) = 'a@example.com'",
      errors: [{ messageId: 'function', line: 3, column: 7, endColumn: 19 }],
    },
    {
      name: 'inside a PL/pgSQL function body',
      migrations: users,
      code: "CREATE FUNCTION find_user(p text) RETURNS bigint LANGUAGE plpgsql AS $$\nDECLARE r bigint;\nBEGIN\n  SELECT id INTO r FROM users WHERE lower(email) = lower(p);\n  RETURN r;\nEND $$;",
      errors: [{ messageId: 'function', line: 4, column: 37, endColumn: 49 }],
    },
  ],
});
