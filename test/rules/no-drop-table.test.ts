import { ruleTester } from './harness.js';

const users = { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE sessions (id bigint PRIMARY KEY);' };

ruleTester('no-drop-table', {
  valid: [
    { name: 'table created in the same file', code: 'CREATE TEMP TABLE scratch (id bigint);\nDROP TABLE scratch;' },
    { name: 'down migration undoes its up migration', migrations: users, filename: '0002_sessions.down.sql', code: 'DROP TABLE sessions;' },
    { name: 'dropping a view is not dropping a table', migrations: users, code: 'CREATE VIEW v AS SELECT 1 AS x;\nDROP VIEW v;' },
    { name: 'setup script: DROP … IF EXISTS before creating a table the history does not know', code: 'DROP TABLE IF EXISTS widgets;\nCREATE TABLE widgets (id bigint PRIMARY KEY);' },
  ],
  invalid: [
    {
      migrations: users,
      code: 'DROP TABLE sessions;',
      errors: [{ messageId: 'drop', data: { table: 'sessions' }, line: 1, column: 12, endColumn: 20 }],
    },
    {
      name: 'every existing name of a multi-table DROP; IF EXISTS of an unknown table counts as existing',
      migrations: users,
      code: 'CREATE TABLE tmp (id int);\nDROP TABLE IF EXISTS tmp, public.users, legacy CASCADE;',
      errors: [
        { messageId: 'drop', data: { table: 'users' }, line: 2, column: 27 },
        { messageId: 'drop', data: { table: 'legacy' }, line: 2, column: 41 },
      ],
    },
    {
      name: 'a table dropped, re-created and dropped again in one file: only the first drop counts',
      migrations: users,
      code: 'DROP TABLE users;\nCREATE TABLE users (id bigint);\nDROP TABLE users;',
      errors: [{ messageId: 'drop', line: 1 }],
    },
    {
      name: 'dropping and re-creating a table the history knows loses its data',
      migrations: users,
      code: 'DROP TABLE IF EXISTS sessions;\nCREATE TABLE sessions (id bigint PRIMARY KEY, token text);',
      errors: [{ messageId: 'drop', data: { table: 'sessions' }, line: 1 }],
    },
  ],
});
