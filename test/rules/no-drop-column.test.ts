import { ruleTester } from './harness.js';

const users = { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, legacy_flag boolean, email text);' };

ruleTester('no-drop-column', {
  valid: [
    { name: 'table created in the same file', code: 'CREATE TABLE t (a int, b int);\nALTER TABLE t DROP COLUMN b;' },
    { name: 'column added in the same file', migrations: users, code: 'ALTER TABLE users ADD COLUMN tmp int;\nALTER TABLE users DROP COLUMN tmp;' },
    { name: 'down migration undoes its up migration', migrations: users, filename: '0002_add_age.down.sql', code: 'ALTER TABLE users DROP COLUMN legacy_flag;' },
    { name: 'Diesel-style down.sql', migrations: users, filename: '2024-01-01-000000_add_flag/down.sql', code: 'ALTER TABLE users DROP COLUMN legacy_flag;' },
    { name: 'acknowledged with a directive once the code no longer uses it', migrations: users, code: '-- sql-schema-lint-disable-next-line no-drop-column -- unused since v42\nALTER TABLE users DROP COLUMN legacy_flag;' },
  ],
  invalid: [
    {
      migrations: users,
      code: 'ALTER TABLE users DROP COLUMN legacy_flag;',
      errors: [{ messageId: 'drop', data: { column: 'legacy_flag', table: 'users' }, line: 1, column: 31, endColumn: 42 }],
    },
    {
      name: 'several columns, IF EXISTS, unknown table',
      code: 'ALTER TABLE accounts DROP COLUMN IF EXISTS a, DROP b CASCADE;',
      errors: [
        { messageId: 'drop', data: { column: 'a', table: 'accounts' } },
        { messageId: 'drop', data: { column: 'b', table: 'accounts' } },
      ],
    },
  ],
});
