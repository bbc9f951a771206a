import { ruleTester } from './harness.js';

/** An index renamed by EXECUTE in a DO block (as guarded migrations do), then dropped under its new name. */
const RENAMED_IN_DO = {
  '0001_t.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, created_at timestamptz);\nCREATE INDEX orders_customer_idx ON orders (customer_id);',
  '0002_rename.sql': "DO $$\nBEGIN\n  IF EXISTS (SELECT 1 FROM pg_class WHERE relname = 'orders_customer_idx') THEN\n    EXECUTE 'ALTER INDEX orders_customer_idx RENAME TO idx_orders_customer';\n  END IF;\nEND $$;",
};

ruleTester('redundant-index', {
  valid: [
    'CREATE TABLE t (a int, b int);\nCREATE INDEX t_a ON t (a);\nCREATE INDEX t_ba ON t (b, a);',
    { name: 'unique indexes enforce a constraint', code: 'CREATE TABLE t (a int, b int);\nCREATE UNIQUE INDEX t_a ON t (a);\nCREATE INDEX t_ab ON t (a, b);' },
    { name: 'different predicates', code: 'CREATE TABLE t (a int, b int, deleted_at timestamptz);\nCREATE INDEX t_a ON t (a) WHERE deleted_at IS NULL;\nCREATE INDEX t_ab ON t (a, b);' },
    { name: 'other methods, operator classes and collations', code: 'CREATE TABLE t (a text, b int);\nCREATE INDEX t_a_gin ON t USING gin (a gin_trgm_ops);\nCREATE INDEX t_a_pattern ON t (a text_pattern_ops);\nCREATE INDEX t_a_c ON t (a COLLATE "C");\nCREATE INDEX t_ab ON t (a, b);' },
    { name: 'mixed directions a prefix scan cannot give', code: 'CREATE TABLE t (a int, b int, c int);\nCREATE INDEX t_ab ON t (a DESC, b);\nCREATE INDEX t_abc ON t (a, b, c);' },
    { name: 'INCLUDE columns the longer index lacks', code: 'CREATE TABLE t (a int, b int, c int);\nCREATE INDEX t_a ON t (a) INCLUDE (c);\nCREATE INDEX t_ab ON t (a, b);' },
    { name: 'identical indexes are duplicate-index\'s', code: 'CREATE TABLE t (a int);\nCREATE INDEX t_a1 ON t (a);\nCREATE INDEX t_a2 ON t (a);' },
    {
      name: 'an index renamed by EXECUTE in a DO block and then dropped under its new name leaves no old name behind',
      migrations: { ...RENAMED_IN_DO, '0003_drop.sql': 'DROP INDEX idx_orders_customer;' },
      code: 'CREATE INDEX idx_orders_customer_created ON orders (customer_id, created_at);',
    },
    { name: 'dropped later', code: 'CREATE TABLE t (a int, b int);\nCREATE INDEX t_a ON t (a);\nCREATE INDEX t_ab ON t (a, b);', later: { '0600_drop.sql': 'DROP INDEX t_a;' } },
  ],
  invalid: [
    {
      code: 'CREATE TABLE user_roles (user_id bigint, role_id bigint, PRIMARY KEY (user_id, role_id));\nCREATE INDEX idx_user_roles_user_id ON user_roles (user_id);\n',
      errors: [{ messageId: 'redundant', data: { name: 'idx_user_roles_user_id', table: 'user_roles', columns: 'user_id', other: 'the index of primary key "user_roles_pkey"', otherColumns: 'user_id, role_id' }, line: 2, column: 14, endColumn: 36, suggestions: [{ output: 'CREATE TABLE user_roles (user_id bigint, role_id bigint, PRIMARY KEY (user_id, role_id));\n' }] }],
    },
    {
      name: 'an index renamed by EXECUTE in a DO block is known by its new name',
      migrations: RENAMED_IN_DO,
      code: 'CREATE INDEX idx_orders_customer_created ON orders (customer_id, created_at);',
      errors: [{ messageId: 'makesRedundant', data: { name: 'idx_orders_customer', otherColumns: 'customer_id' } }],
    },
    {
      name: 'a new index makes an index of an earlier migration redundant',
      migrations: { '0001_t.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, created_at timestamptz);\nCREATE INDEX idx_orders_customer ON orders (customer_id);' },
      code: 'CREATE INDEX CONCURRENTLY idx_orders_customer_created ON orders (customer_id, created_at DESC);',
      errors: [{ messageId: 'makesRedundant', data: { this: 'Index "idx_orders_customer_created"', name: 'idx_orders_customer', columns: 'customer_id, created_at', otherColumns: 'customer_id' }, column: 27, endColumn: 54 }],
    },
    {
      name: 'all directions reversed is a backward scan; a non-unique index equal to a unique one; same predicate',
      code: 'CREATE TABLE t (a int, b int, c int, d boolean);\nCREATE INDEX t_ab ON t (a DESC, b DESC) WHERE d;\nCREATE INDEX t_abc ON t (a, b, c) WHERE (d);\nCREATE UNIQUE INDEX t_c_key ON t (c);\nCREATE INDEX t_c ON t (c);',
      errors: [
        { messageId: 'makesRedundant', data: { name: 't_ab' }, line: 3 },
        { messageId: 'redundant', data: { name: 't_c', other: 'index "t_c_key"' }, line: 5, suggestions: [{ output: 'CREATE TABLE t (a int, b int, c int, d boolean);\nCREATE INDEX t_ab ON t (a DESC, b DESC) WHERE d;\nCREATE INDEX t_abc ON t (a, b, c) WHERE (d);\nCREATE UNIQUE INDEX t_c_key ON t (c);\n' }] },
      ],
    },
  ],
});
