import { ruleTester } from './harness.js';

const base = 'CREATE TABLE accounts (id bigint PRIMARY KEY);\nCREATE TABLE notes (id bigint PRIMARY KEY, body text);';

ruleTester('edited-applied-migration', {
  valid: [
    { name: 'no base text (no git, or a new file): silent', code: 'CREATE TABLE accounts (id bigint PRIMARY KEY);' },
    { name: 'unchanged', code: base, baseText: base },
    {
      name: 'only comments added',
      code: '-- accounts first\nCREATE TABLE accounts (id bigint PRIMARY KEY); /* then notes */\nCREATE TABLE notes (id bigint PRIMARY KEY, body text); -- done',
      baseText: base,
    },
    {
      name: 'only whitespace, keyword case and unquoted name case',
      code: 'create table Accounts (\n  id BIGINT primary key\n);\n\ncreate table NOTES (\n  id bigint primary key,\n  body TEXT\n);\n',
      baseText: base,
    },
    { name: 'a down migration is rewritten until it is needed', filename: '0500_under_test.down.sql', code: 'DROP TABLE notes;', baseText: 'DROP TABLE notes;\nDROP TABLE accounts;' },
    { name: 'an unversioned file (schema dump) is edited in place by design', filename: 'db/structure.sql', code: 'CREATE TABLE accounts (id bigint PRIMARY KEY, name text);', baseText: 'CREATE TABLE accounts (id bigint PRIMARY KEY);' },
  ],
  invalid: [
    {
      name: 'a changed type in the second statement',
      code: 'CREATE TABLE accounts (id bigint PRIMARY KEY);\nCREATE TABLE notes (id bigint PRIMARY KEY, body varchar(200));',
      baseText: base,
      errors: [
        {
          messageId: 'edited',
          data: { statement: 2 },
          line: 2,
          column: 49,
          endColumn: 56,
          suggestions: [{ title: 'Restore the migration as it is at the base', output: base }],
        },
      ],
    },
    {
      name: 'a statement added at the end',
      code: base + '\nCREATE INDEX notes_body_idx ON notes (body);',
      baseText: base,
      errors: [{ messageId: 'edited', data: { statement: 3 }, line: 3, column: 1, suggestions: [{ output: base }] }],
    },
    {
      name: 'a statement removed from the end: reported on the last one left',
      code: 'CREATE TABLE accounts (id bigint PRIMARY KEY);\n',
      baseText: base,
      errors: [{ messageId: 'removed', line: 1, column: 1, endColumn: 46, suggestions: [{ output: base }] }],
    },
    {
      name: 'a quoted name is case-sensitive',
      code: 'CREATE TABLE "Accounts" (id bigint PRIMARY KEY);',
      baseText: 'CREATE TABLE "accounts" (id bigint PRIMARY KEY);',
      errors: [{ messageId: 'edited', data: { statement: 1 }, line: 1, column: 14, endColumn: 24 }],
    },
    {
      name: 'a changed string literal, next to an unchanged comment',
      code: "-- seed\nINSERT INTO accounts (id) SELECT 1 WHERE 'b' = 'b';",
      baseText: "-- seed\nINSERT INTO accounts (id) SELECT 1 WHERE 'a' = 'a';",
      migrations: { '0001_accounts.sql': 'CREATE TABLE accounts (id bigint PRIMARY KEY);' },
      errors: [{ messageId: 'edited', line: 2, column: 42 }],
    },
  ],
});
