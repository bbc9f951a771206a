import { ruleTester } from './harness.js';

const users = { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text, phone text);' };

ruleTester('require-where', {
  valid: [
    { name: 'a batch of a backfill', migrations: users, code: "UPDATE users SET phone = '' WHERE phone IS NULL AND id BETWEEN 1 AND 10000;" },
    { name: 'DELETE with WHERE', migrations: users, code: 'DELETE FROM users WHERE email IS NULL;' },
    {
      name: 'a table created in this file has only the rows this file put there',
      code: "CREATE TABLE settings (key text PRIMARY KEY, value text);\nINSERT INTO settings VALUES ('a', '1');\nUPDATE settings SET value = '2';\nDELETE FROM settings;",
    },
    { name: 'TRUNCATE is not covered', migrations: users, code: 'TRUNCATE users;' },
    { name: 'UPDATE inside a DO block is a statement of its own (the batched loop the seed recommends)', migrations: users, code: "DO $$ BEGIN UPDATE users SET phone = ''; END $$;" },
    { name: 'disabled on the line', migrations: users, code: "-- sql-schema-lint-disable-next-line require-where\nUPDATE users SET phone = '';" },
  ],
  invalid: [
    {
      name: 'UPDATE of a table from an earlier migration',
      migrations: users,
      code: 'ALTER TABLE users ADD COLUMN normalized_email text;\nUPDATE users SET normalized_email = lower(email);',
      errors: [{ messageId: 'update', data: { table: 'users' }, line: 2, column: 1, endLine: 2, endColumn: 13 }],
    },
    {
      name: 'DELETE, schema-qualified, with USING but no WHERE',
      migrations: { ...users, '0002_bans.sql': 'CREATE TABLE bans (user_id bigint);' },
      code: 'DELETE FROM public.users USING bans;',
      errors: [{ messageId: 'delete', data: { table: 'users' }, column: 1, endColumn: 25 }],
    },
    {
      name: 'a table the history does not know is assumed to hold rows; one created later in the file does not count',
      code: "UPDATE legacy_accounts SET active = false;\nCREATE TABLE audit (id int);\nDELETE FROM audit;",
      errors: [{ messageId: 'update', data: { table: 'legacy_accounts' }, line: 1 }],
    },
  ],
});
