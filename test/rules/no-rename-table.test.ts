import { ruleTester } from './harness.js';

const users = { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY);' };

ruleTester('no-rename-table', {
  valid: [
    { name: 'table created in the same file', code: 'CREATE TABLE tmp_users (id bigint);\nALTER TABLE tmp_users RENAME TO users_v2;' },
    { name: 'a view keeps the old name working', migrations: users, code: 'ALTER TABLE users RENAME TO accounts;\nCREATE VIEW users AS SELECT * FROM accounts;' },
    { name: 'renaming a column is another rule', migrations: users, code: 'ALTER TABLE users RENAME COLUMN id TO user_id;' },
    { name: 'renaming an index', migrations: users, code: 'ALTER INDEX users_pkey RENAME TO users_pk;' },
  ],
  invalid: [
    {
      migrations: users,
      code: 'ALTER TABLE users RENAME TO accounts;',
      errors: [{ messageId: 'rename', data: { table: 'users', to: 'accounts' }, line: 1, column: 13, endColumn: 18 }],
    },
    {
      name: 'a materialized view under the old name does not accept writes: still reported',
      migrations: users,
      code: 'ALTER TABLE public.users RENAME TO accounts;\nCREATE MATERIALIZED VIEW users AS SELECT * FROM accounts;',
      errors: [{ messageId: 'rename', data: { table: 'users' }, column: 13, endColumn: 25 }],
    },
    {
      name: 'unknown table counts as existing',
      code: 'ALTER TABLE legacy RENAME TO legacy_old;',
      errors: [{ messageId: 'rename', data: { table: 'legacy', to: 'legacy_old' } }],
    },
  ],
});
