import { ruleTester } from './harness.js';

/** A migration in Prisma Migrate's layout: the Prisma preset applies to it. */
const PRISMA = 'prisma/migrations/20240101000000_init/migration.sql';
const CAMEL_HISTORY = { '0001_init.sql': 'CREATE TABLE "Post" (id bigint, "authorId" bigint, "createdAt" timestamptz, "viewCount" int, title text);' };
const SNAKE_HISTORY = { '0001_init.sql': 'CREATE TABLE posts (id bigint, author_id bigint, created_at timestamptz, published_at timestamptz, "viewCount" int, title text);' };

ruleTester('naming-column', {
  valid: [
    {
      name: 'Prisma preset: camelCase fields, snake_case mapped columns, and the A and B of an implicit m-n relation table',
      filename: PRISMA,
      code: 'CREATE TABLE "User" ("id" TEXT NOT NULL, "firstName" TEXT, "userID" TEXT, "created_at" TIMESTAMP(3));\nCREATE TABLE "_CategoryToPost" ("A" INTEGER NOT NULL, "B" INTEGER NOT NULL);\nALTER TABLE "User" ADD COLUMN "lastName" TEXT;',
    },
    { name: 'style camelCase', options: { style: 'camelCase' }, code: 'CREATE TABLE "User" (id bigint, "firstName" text, "userID" text);' },
    { name: 'style consistent: camelCase is this history\'s style', migrations: CAMEL_HISTORY, options: { style: 'consistent' }, code: 'ALTER TABLE "Post" ADD COLUMN "updatedAt" timestamptz, ADD COLUMN slug text;' },
    { name: 'style consistent: snake_case is this history\'s style', migrations: SNAKE_HISTORY, options: { style: 'consistent' }, code: 'ALTER TABLE posts ADD COLUMN updated_at timestamptz;' },
    { name: 'a column a later migration drops is not reported (its advice cannot be followed)', code: 'CREATE TABLE users (id bigint, "firstName" text);', later: { '0600_drop.sql': 'ALTER TABLE users DROP COLUMN "firstName";' } },
    { name: 'a column a later migration renames is judged by its new name only', code: 'CREATE TABLE users (id bigint, "firstName" text);', later: { '0600_rename.sql': 'ALTER TABLE users RENAME COLUMN "firstName" TO first_name;' } },
    { name: 'the columns of a table a later migration drops are not reported', code: 'CREATE TABLE imports (id bigint, "rowCount" int);', later: { '0600_drop.sql': 'DROP TABLE imports;' } },
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
      name: 'Prisma preset: a column that is neither camelCase nor snake_case',
      filename: PRISMA,
      code: 'CREATE TABLE "User" ("id" TEXT NOT NULL, "FirstName" TEXT, "display name" TEXT);',
      errors: [
        {
          messageId: 'prismaCase',
          data: { name: 'FirstName', table: 'User', suggestion: '"firstName"' },
          column: 42,
          endColumn: 53,
          suggestions: [{ title: 'Rename column "FirstName" to "firstName"', output: 'CREATE TABLE "User" ("id" TEXT NOT NULL, "firstName" TEXT, "display name" TEXT);' }],
        },
        { messageId: 'prismaCase', data: { name: 'display name', suggestion: '"displayName"' } },
      ],
    },
    {
      name: 'style camelCase: a snake_case column',
      options: { style: 'camelCase' },
      code: 'CREATE TABLE "User" (id bigint, first_name text);',
      errors: [{ messageId: 'camelCase', data: { name: 'first_name', suggestion: '"firstName"' }, suggestions: [{ output: 'CREATE TABLE "User" (id bigint, "firstName" text);' }] }],
    },
    {
      name: 'style consistent: the deviation from the history\'s dominant style is reported',
      migrations: SNAKE_HISTORY,
      options: { style: 'consistent' },
      code: 'ALTER TABLE posts ADD COLUMN "updatedAt" timestamptz;',
      errors: [{ messageId: 'inconsistent', data: { name: 'updatedAt', dominant: 'snake_case', count: 3, total: 5, suggestion: 'updated_at' }, suggestions: [{ output: 'ALTER TABLE posts ADD COLUMN updated_at timestamptz;' }] }],
    },
    {
      name: 'style consistent in a camelCase history: a snake_case column is the deviation',
      migrations: CAMEL_HISTORY,
      options: { style: 'consistent' },
      code: 'ALTER TABLE "Post" ADD COLUMN updated_at timestamptz;',
      errors: [{ messageId: 'inconsistent', data: { dominant: 'camelCase', count: 3, total: 4, suggestion: '"updatedAt"' } }],
    },
    {
      name: 'an explicit snake_case style applies in a file Prisma Migrate runs too',
      filename: PRISMA,
      options: { style: 'snake_case' },
      code: 'CREATE TABLE "User" ("id" TEXT NOT NULL, "firstName" TEXT);',
      errors: [{ messageId: 'snakeCase', data: { suggestion: 'first_name' } }],
    },
    {
      name: 'a column of a table a later migration renames is still reported (the column keeps its name)',
      code: 'CREATE TABLE users (id bigint, "firstName" text);',
      later: { '0600_rename.sql': 'ALTER TABLE users RENAME TO accounts;' },
      errors: [{ messageId: 'snakeCase', data: { name: 'firstName' } }],
    },
    {
      name: 'a column added to a table the history never created is reported (nothing says it is dropped)',
      code: 'ALTER TABLE legacy ADD COLUMN "importedAt" timestamptz;',
      errors: [{ messageId: 'snakeCase', data: { name: 'importedAt', suggestion: 'imported_at' } }],
    },
    {
      name: 'a directive for another rule does not hide it',
      code: '-- sql-schema-lint-disable-next-line naming-table\nCREATE TABLE "Post" ("authorId" bigint);',
      errors: [{ messageId: 'snakeCase', line: 2, data: { name: 'authorId' } }],
    },
  ],
});
