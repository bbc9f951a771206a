import { ruleTester } from './harness.js';

ruleTester('naming-column', {
  valid: [
    'CREATE TABLE users (id bigint PRIMARY KEY, first_name text, created_at timestamptz, address_line2 text);',
    { name: 'unquoted camelCase folds to lower case: nothing to quote', code: 'CREATE TABLE users (id bigint, firstName text);' },
    { name: 'quoted lower-case names (reserved words)', code: 'CREATE TABLE orders (id bigint, "order" int, "user" text);' },
    { name: 'scripts without letter case', code: 'CREATE TABLE t ("هویت" int);' },
    { name: 'temporary tables are exempt', code: 'CREATE TEMP TABLE import_rows ("rowNumber" int);' },
    {
      name: 'columns of earlier migrations are not reported again',
      migrations: { '0001_init.sql': 'CREATE TABLE "User" (id bigint, "firstName" text);' },
      code: 'ALTER TABLE "User" ADD COLUMN IF NOT EXISTS "firstName" text;\nALTER TABLE "User" ADD COLUMN last_name text;',
    },
    {
      name: 'a re-created table with the same columns',
      migrations: { '0001_init.sql': 'CREATE TABLE accounts (id bigint, "displayName" text);' },
      code: 'DROP TABLE accounts;\nCREATE TABLE accounts (id bigint, "displayName" text);',
    },
    { name: 'ignore patterns', code: 'CREATE TABLE t (id bigint, "_rowVersion" int);', options: { ignore: ['^_'] } },
    { name: 'directive', code: 'CREATE TABLE t (\n  id bigint,\n  -- sql-schema-lint-disable-next-line naming-column\n  "legacyName" text\n);' },
  ],
  invalid: [
    {
      code: 'CREATE TABLE users (id bigint, "firstName" text);',
      errors: [
        {
          messageId: 'snakeCase',
          data: { name: 'firstName', table: 'users', folded: 'firstname', suggestion: 'first_name' },
          line: 1,
          column: 32,
          endColumn: 43,
          suggestions: [{ title: 'Rename column "firstName" to first_name (update code that uses it)', output: 'CREATE TABLE users (id bigint, first_name text);' }],
        },
      ],
    },
    {
      name: 'acronyms, reserved words and spaces',
      code: 'CREATE TABLE "TaskRun" ("userID" text, "Order" int, "HTTPStatus" int, "display name" text);',
      errors: [
        { messageId: 'snakeCase', data: { suggestion: 'user_id' } },
        { messageId: 'snakeCase', data: { suggestion: '"order"' }, suggestions: [{ output: 'CREATE TABLE "TaskRun" ("userID" text, "order" int, "HTTPStatus" int, "display name" text);' }] },
        { messageId: 'snakeCase', data: { suggestion: 'http_status' } },
        { messageId: 'snakeCase', data: { suggestion: 'display_name' } },
      ],
    },
    {
      name: 'ADD COLUMN on a schema-qualified table from an earlier migration',
      migrations: { '0001_init.sql': 'CREATE TABLE app.users (id bigint);' },
      code: 'ALTER TABLE app.users ADD COLUMN "lastLogin" timestamptz;',
      errors: [{ messageId: 'snakeCase', data: { table: 'users', suggestion: 'last_login' }, column: 34, suggestions: [{ output: 'ALTER TABLE app.users ADD COLUMN last_login timestamptz;' }] }],
    },
    {
      name: 'RENAME COLUMN … TO a bad name',
      migrations: { '0001_init.sql': 'CREATE TABLE users (id bigint, name text);' },
      code: 'ALTER TABLE users RENAME COLUMN name TO "fullName";',
      errors: [{ messageId: 'snakeCase', data: { name: 'fullName', suggestion: 'full_name' }, column: 41, suggestions: [{ output: 'ALTER TABLE users RENAME COLUMN name TO full_name;' }] }],
    },
    {
      name: 'no suggestion when the snake_case name is already a column',
      code: 'CREATE TABLE users (user_id bigint, "userId" bigint);',
      errors: [{ messageId: 'snakeCase', suggestions: [] }],
    },
    {
      name: 'a directive for another rule does not hide it',
      code: '-- sql-schema-lint-disable-next-line naming-table\nCREATE TABLE "Post" ("authorId" bigint);',
      errors: [{ messageId: 'snakeCase', line: 2, data: { name: 'authorId' } }],
    },
  ],
});
