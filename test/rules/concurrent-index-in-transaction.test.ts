import { ruleTester } from './harness.js';

const users = { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\nCREATE INDEX users_email_idx ON users (email);' };

ruleTester('concurrent-index-in-transaction', {
  valid: [
    { name: 'outside a transaction block', migrations: users, code: 'CREATE INDEX CONCURRENTLY users_lower_email_idx ON users (lower(email));' },
    { name: 'after the COMMIT', migrations: users, code: 'BEGIN;\nALTER TABLE users ADD COLUMN age int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY users_age_idx ON users (age);' },
    { name: 'without CONCURRENTLY inside a block', migrations: users, code: 'BEGIN;\nCREATE INDEX users_id_idx ON users (id);\nCOMMIT;' },
    { name: 'REINDEX without CONCURRENTLY', code: 'BEGIN;\nREINDEX INDEX users_email_idx;\nCOMMIT;' },
    { name: 'a rolled-back block is closed', code: 'BEGIN;\nSELECT 1;\nROLLBACK;\nDROP INDEX CONCURRENTLY users_email_idx;' },
  ],
  invalid: [
    {
      name: 'CREATE INDEX CONCURRENTLY between BEGIN and COMMIT',
      migrations: users,
      code: 'BEGIN;\nALTER TABLE users ADD COLUMN age int;\nCREATE INDEX CONCURRENTLY users_age_idx ON users (age);\nCOMMIT;\n',
      errors: [
        {
          messageId: 'inTransaction',
          data: { command: 'CREATE INDEX' },
          line: 3,
          column: 14,
          endColumn: 26,
          suggestions: [
            { title: 'Move the statement after the COMMIT', output: 'BEGIN;\nALTER TABLE users ADD COLUMN age int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY users_age_idx ON users (age);\n' },
            { title: 'Remove CONCURRENTLY', output: 'BEGIN;\nALTER TABLE users ADD COLUMN age int;\nCREATE INDEX users_age_idx ON users (age);\nCOMMIT;\n' },
          ],
        },
      ],
    },
    {
      name: 'on a table created in the same transaction: the fix drops CONCURRENTLY',
      code: 'START TRANSACTION;\nCREATE TABLE t (id bigint PRIMARY KEY, a int);\nCREATE INDEX CONCURRENTLY t_a_idx ON t (a);\nCOMMIT;',
      errors: [{ messageId: 'inTransaction', line: 3 }],
      output: 'START TRANSACTION;\nCREATE TABLE t (id bigint PRIMARY KEY, a int);\nCREATE INDEX t_a_idx ON t (a);\nCOMMIT;',
    },
    {
      name: 'DROP INDEX CONCURRENTLY and REINDEX … CONCURRENTLY in a block without COMMIT',
      migrations: users,
      code: 'BEGIN;\nDROP INDEX CONCURRENTLY users_email_idx;\nREINDEX (VERBOSE) TABLE CONCURRENTLY users;',
      errors: [
        { messageId: 'inTransaction', data: { command: 'DROP INDEX' }, line: 2, column: 12, suggestions: [{ title: 'Remove CONCURRENTLY', output: 'BEGIN;\nDROP INDEX users_email_idx;\nREINDEX (VERBOSE) TABLE CONCURRENTLY users;' }] },
        { messageId: 'inTransaction', data: { command: 'REINDEX' }, line: 3, column: 25 },
      ],
    },
    {
      name: 'assumeInTransaction: the runner wraps the file',
      migrations: users,
      options: { assumeInTransaction: true },
      code: 'CREATE INDEX CONCURRENTLY users_id_idx ON users (id);',
      errors: [{ messageId: 'runnerTransaction', suggestions: [{ title: 'Remove CONCURRENTLY', output: 'CREATE INDEX users_id_idx ON users (id);' }] }],
    },
  ],
});
