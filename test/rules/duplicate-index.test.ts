import { ruleTester } from './harness.js';

ruleTester('duplicate-index', {
  valid: [
    'CREATE TABLE t (a int, b int);\nCREATE INDEX t_a ON t (a);\nCREATE INDEX t_b ON t (b);\nCREATE INDEX t_ab ON t (a, b);',
    { name: 'different order, predicate, method, opclass, direction or include', code: "CREATE TABLE t (a int, b int, s text);\nCREATE INDEX i1 ON t (a, b);\nCREATE INDEX i2 ON t (b, a);\nCREATE INDEX i3 ON t (a, b) WHERE a > 0;\nCREATE INDEX i4 ON t USING hash (s);\nCREATE INDEX i5 ON t (s);\nCREATE INDEX i6 ON t (s text_pattern_ops);\nCREATE INDEX i7 ON t (a DESC, b);\nCREATE INDEX i8 ON t (a, b) INCLUDE (s);" },
    { name: 'unique and non-unique on the same columns (redundant-index reports that)', code: 'CREATE TABLE t (a int);\nCREATE UNIQUE INDEX t_a_key ON t (a);\nCREATE INDEX t_a ON t (a);' },
    { name: 'PostgreSQL merges PRIMARY KEY and UNIQUE on the same columns of one statement', code: 'CREATE TABLE t (id bigint PRIMARY KEY UNIQUE);' },
    { name: 'rebuilding an index: the old one is dropped afterwards', code: 'CREATE TABLE t (a int);\nCREATE INDEX t_a_old ON t (a);\nCREATE INDEX t_a_new ON t (a);\nDROP INDEX t_a_old;' },
    { name: 'the old index is dropped by a later migration', code: 'CREATE TABLE t (a int);\nCREATE INDEX t_a_old ON t (a);\nCREATE INDEX t_a_new ON t (a);', later: { '0600_drop.sql': 'DROP INDEX t_a_old;' } },
    { name: 'expressions differ', code: 'CREATE TABLE u (email text);\nCREATE INDEX u1 ON u (lower(email));\nCREATE INDEX u2 ON u (upper(email));' },
  ],
  invalid: [
    {
      code: 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\nCREATE INDEX idx_users_email ON users (email);\nCREATE INDEX users_email_idx ON users USING btree (email ASC NULLS LAST);\n',
      errors: [{ messageId: 'duplicate', data: { name: 'users_email_idx', table: 'users', other: 'index "idx_users_email"' }, line: 3, column: 14, endColumn: 29 }],
      output: 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\nCREATE INDEX idx_users_email ON users (email);\n',
    },
    {
      name: 'a unique index duplicating a primary key of an earlier migration; expression and predicate texts compared normalized',
      migrations: { '0001_t.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text, deleted_at timestamptz);\nCREATE INDEX users_lower_email ON users (lower(email)) WHERE deleted_at IS NULL;' },
      code: 'CREATE UNIQUE INDEX users_id_key ON users (id);\nCREATE INDEX ON public.users (LOWER( email )) WHERE (deleted_at is null);',
      errors: [
        { messageId: 'duplicate', data: { name: 'users_id_key', other: 'the index of primary key "users_pkey"' }, line: 1 },
        { messageId: 'duplicate', data: { name: 'users_expr_idx', other: 'index "users_lower_email"' }, line: 2, column: 17, endColumn: 29 },
      ],
      output: '',
    },
    {
      name: 'a later statement names the index: a suggestion only',
      code: 'CREATE TABLE t (a int);\nCREATE INDEX t_a1 ON t (a);\nCREATE INDEX t_a2 ON t (a);\nALTER INDEX t_a2 SET (fillfactor = 90);',
      errors: [{ messageId: 'duplicate', data: { name: 't_a2' }, suggestions: [{ output: 'CREATE TABLE t (a int);\nCREATE INDEX t_a1 ON t (a);\nALTER INDEX t_a2 SET (fillfactor = 90);' }] }],
    },
    {
      name: 'a constraint duplicating an index',
      code: 'CREATE TABLE t (a int);\nCREATE UNIQUE INDEX t_a_uniq ON t (a);\nALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE (a);',
      errors: [{ messageId: 'constraint', data: { kind: 'Unique constraint', name: 't_a_key', other: 'index "t_a_uniq"', keyword: 'UNIQUE' }, line: 3, column: 30, endColumn: 37 }],
    },
  ],
});
