import { ruleTester } from './harness.js';

const users = { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);' };
const withCheck = { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\nALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_nn;' };

ruleTester('unsafe-set-not-null', {
  valid: [
    { name: 'a table created earlier in the same file', code: 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;' },
    { name: 'a validated CHECK (col IS NOT NULL) from an earlier file, PostgreSQL 12', migrations: withCheck, postgresVersion: 12, code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;' },
    {
      name: 'the safe sequence within one file',
      migrations: users,
      code: 'ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_nn;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_nn;',
    },
    {
      name: 'a validated CHECK earlier in the same file is honoured when the history never created the table (one new file linted alone)',
      code: 'ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_not_null;',
    },
    { name: 'an unnamed CHECK added without NOT VALID to a table the history never created', code: 'ALTER TABLE users ADD CHECK (email IS NOT NULL);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;' },
    { name: 'the table is emptied by TRUNCATE earlier in the file', migrations: users, code: 'TRUNCATE users;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;' },
    { name: 'a CHECK added without NOT VALID is validated at once', migrations: users, code: 'ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;' },
    { name: 'the column is already NOT NULL (a no-op)', migrations: { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);' }, code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;' },
    { name: 'a renamed column keeps its CHECK', migrations: withCheck, code: 'ALTER TABLE users RENAME COLUMN email TO mail;\nALTER TABLE users ALTER COLUMN mail SET NOT NULL;' },
    { name: 'a column added by the same statement (not-null-without-default judges it)', migrations: users, code: 'ALTER TABLE users ADD COLUMN age int, ALTER COLUMN age SET NOT NULL;' },
    { name: 'DROP NOT NULL is fine', migrations: users, code: 'ALTER TABLE users ALTER COLUMN email DROP NOT NULL;' },
    { name: 'the table is emptied earlier in the file', migrations: users, code: 'DELETE FROM users;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;' },
    { name: 'a system catalog is not a migration table', code: 'ALTER TABLE pg_catalog.pg_class ALTER COLUMN relname SET NOT NULL;' },
    { name: 'disabled by a directive', migrations: users, code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL; -- sql-schema-lint-disable-line unsafe-set-not-null' },
    {
      name: 'natural order: the CHECK of V3 is validated before V10',
      filename: 'V10__not_null.sql',
      migrations: { 'V2__users.sql': users['0001_users.sql'], 'V3__check.sql': 'ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL);' },
      code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    },
  ],
  invalid: [
    {
      name: 'an existing table',
      migrations: users,
      code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      errors: [
        {
          messageId: 'scan',
          data: { table: 'users', columns: '"email"' },
          line: 1,
          column: 19,
          endColumn: 50,
          suggestions: [
            {
              title: 'NOT VALID CHECK',
              output:
                'ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_not_null;',
            },
          ],
        },
      ],
    },
    {
      name: 'PostgreSQL 11 does not use the validated CHECK',
      migrations: withCheck,
      postgresVersion: 11,
      code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      errors: [{ messageId: 'oldPostgres', data: { constraint: 'users_email_nn', version: 11 }, suggestions: [] }],
    },
    {
      name: 'a NOT VALID CHECK that is never validated',
      migrations: users,
      code: 'ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      errors: [
        {
          messageId: 'checkNotValidated',
          data: { constraint: 'users_email_nn' },
          line: 2,
          suggestions: [
            {
              title: 'Validate "users_email_nn"',
              output:
                'ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_nn;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
            },
          ],
        },
      ],
    },
    {
      name: 'a NOT VALID CHECK on a table the history never created, never validated in the file',
      code: 'ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      errors: [{ messageId: 'checkNotValidated', data: { constraint: 'users_email_nn' }, line: 2 }],
    },
    {
      name: 'a validated CHECK on a table the history never created, dropped before SET NOT NULL',
      code: 'ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL);\nALTER TABLE users DROP CONSTRAINT users_email_nn;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      errors: [{ messageId: 'scan', line: 3 }],
    },
    {
      name: 'a column added to an existing table earlier in the same file still needs the scan',
      migrations: users,
      code: "ALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = 'free';\nALTER TABLE users ALTER COLUMN plan SET NOT NULL;",
      errors: [{ messageId: 'scan', line: 3 }],
    },
    {
      name: 'multi-action statement, quoted schema-qualified names: the statement stays, the CHECK steps go around it',
      migrations: { '0001_init.sql': 'CREATE SCHEMA app;\nCREATE TABLE app."Users" (id bigint PRIMARY KEY, "Email" text, nick text);' },
      code: 'ALTER TABLE app."Users"\n  ALTER COLUMN nick SET DEFAULT \'\',\n  ALTER COLUMN "Email" SET NOT NULL;',
      errors: [
        {
          messageId: 'scan',
          data: { table: 'app."Users"', columns: '"Email"' },
          line: 3,
          column: 3,
          suggestions: [
            {
              output:
                'ALTER TABLE app."Users" ADD CONSTRAINT "Users_Email_not_null" CHECK ("Email" IS NOT NULL) NOT VALID;\nALTER TABLE app."Users" VALIDATE CONSTRAINT "Users_Email_not_null";\nALTER TABLE app."Users"\n  ALTER COLUMN nick SET DEFAULT \'\',\n  ALTER COLUMN "Email" SET NOT NULL;\nALTER TABLE app."Users" DROP CONSTRAINT "Users_Email_not_null";',
            },
          ],
        },
      ],
    },
    {
      name: 'PostgreSQL 11, multi-action: the action is replaced by a validated CHECK',
      postgresVersion: 11,
      migrations: users,
      code: "ALTER TABLE users ALTER COLUMN email SET NOT NULL, ALTER COLUMN email SET DEFAULT '';",
      errors: [
        {
          messageId: 'scan',
          suggestions: [
            {
              title: 'PostgreSQL 11 cannot skip the scan',
              output:
                "ALTER TABLE users ALTER COLUMN email SET DEFAULT '';\nALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\n-- PostgreSQL 11 would scan the table again for SET NOT NULL: the validated CHECK above enforces the same rule.",
            },
          ],
        },
      ],
    },
    {
      name: 'indented statement without a semicolon, PostgreSQL 11: the whole statement is replaced',
      postgresVersion: 11,
      migrations: users,
      code: 'SELECT 1;\n  ALTER TABLE users ALTER COLUMN email SET NOT NULL',
      errors: [
        {
          messageId: 'scan',
          line: 2,
          column: 21,
          suggestions: [
            {
              output:
                'SELECT 1;\n  ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\n-- PostgreSQL 11 would scan the table again for SET NOT NULL: the validated CHECK above enforces the same rule.',
            },
          ],
        },
      ],
    },
    {
      name: 'indented statement with a trailing comment: the steps keep the layout',
      migrations: users,
      code: '  ALTER TABLE users ALTER COLUMN email SET NOT NULL; -- step 3',
      errors: [
        {
          messageId: 'scan',
          suggestions: [
            {
              output:
                'ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\n  ALTER TABLE users ALTER COLUMN email SET NOT NULL; -- step 3\nALTER TABLE users DROP CONSTRAINT users_email_not_null;',
            },
          ],
        },
      ],
    },
    {
      name: 'several columns in one statement: one scan, one finding, one CHECK per column',
      migrations: { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text, nick text, bio text NOT NULL);' },
      code: 'ALTER TABLE users\n  ALTER COLUMN email SET NOT NULL,\n  ALTER COLUMN bio SET NOT NULL,\n  ALTER COLUMN nick SET NOT NULL;',
      errors: [
        {
          messageId: 'scan',
          data: { columns: '"email", "nick"' },
          line: 2,
          column: 3,
          suggestions: [
            {
              title: 'Check "email", "nick" with NOT VALID CHECK constraints',
              output:
                'ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users ADD CONSTRAINT users_nick_not_null CHECK (nick IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\nALTER TABLE users VALIDATE CONSTRAINT users_nick_not_null;\nALTER TABLE users\n  ALTER COLUMN email SET NOT NULL,\n  ALTER COLUMN bio SET NOT NULL,\n  ALTER COLUMN nick SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_not_null;\nALTER TABLE users DROP CONSTRAINT users_nick_not_null;',
            },
          ],
        },
      ],
    },
    {
      name: 'PostgreSQL 11, two leading actions of three replaced',
      postgresVersion: 11,
      migrations: { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text, nick text);' },
      code: "ALTER TABLE users ALTER COLUMN email SET NOT NULL, ALTER COLUMN nick SET NOT NULL, ALTER COLUMN email SET DEFAULT '';",
      errors: [
        {
          messageId: 'scan',
          suggestions: [
            {
              output:
                "ALTER TABLE users ALTER COLUMN email SET DEFAULT '';\nALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users ADD CONSTRAINT users_nick_not_null CHECK (nick IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\nALTER TABLE users VALIDATE CONSTRAINT users_nick_not_null;\n-- PostgreSQL 11 would scan the table again for SET NOT NULL: the validated CHECK above enforces the same rule.",
            },
          ],
        },
      ],
    },
    {
      name: 'a validated CHECK dropped by the same statement does not help',
      migrations: withCheck,
      code: 'ALTER TABLE users DROP CONSTRAINT users_email_nn, ALTER COLUMN email SET NOT NULL;',
      errors: [{ messageId: 'scan', data: { columns: '"email"' } }],
    },
    {
      name: 'natural order: V10 (the CHECK) runs after V3 (SET NOT NULL)',
      filename: 'V3__not_null.sql',
      migrations: { 'V2__users.sql': users['0001_users.sql'] },
      code: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      later: { 'V10__check.sql': 'ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL);' },
      errors: [{ messageId: 'scan' }],
    },
    {
      name: 'a directive for another rule does not hide it',
      migrations: users,
      code: '-- sql-schema-lint-disable-next-line not-null-without-default\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      errors: [{ messageId: 'scan', line: 2 }],
    },
  ],
});
