import { ruleTester } from './harness.js';

const users = { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, name text);' };

ruleTester('no-rename-column', {
  valid: [
    { name: 'expand instead of rename', migrations: users, code: 'ALTER TABLE users ADD COLUMN full_name text;\nUPDATE users SET full_name = name WHERE full_name IS NULL;' },
    { name: 'table created in the same file', code: 'CREATE TABLE t (a int);\nALTER TABLE t RENAME COLUMN a TO b;' },
    { name: 'column added in the same file', migrations: users, code: 'ALTER TABLE users ADD COLUMN nick text;\nALTER TABLE users RENAME COLUMN nick TO nickname;' },
    { name: 'renaming a table or a constraint is not a column rename', migrations: users, code: 'ALTER TABLE users RENAME CONSTRAINT users_pkey TO users_pk;' },
    { name: 'disabled on the line', migrations: users, code: 'ALTER TABLE users RENAME COLUMN name TO full_name; -- sql-schema-lint-disable-line no-rename-column' },
  ],
  invalid: [
    {
      migrations: users,
      code: 'ALTER TABLE users RENAME COLUMN name TO full_name;',
      errors: [{ messageId: 'rename', data: { column: 'name', table: 'users', to: 'full_name' }, line: 1, column: 33, endColumn: 37 }],
    },
    {
      name: 'unknown table counts as existing; RENAME without COLUMN',
      code: 'ALTER TABLE IF EXISTS app."Accounts" RENAME "userName" TO user_name;',
      errors: [{ messageId: 'rename', data: { column: 'userName', table: 'Accounts', to: 'user_name' } }],
    },
    {
      name: 'down migrations are checked too (renaming back breaks new code)',
      migrations: users,
      filename: '0002_rename.down.sql',
      code: 'ALTER TABLE users RENAME COLUMN name TO old_name;',
      errors: [{ messageId: 'rename' }],
    },
  ],
});
