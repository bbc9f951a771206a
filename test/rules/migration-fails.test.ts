// migration-fails is reported by verify (server/src/pg/verify.ts), which applies the history to
// PostgreSQL: each failing-migration class is tested there (test/pg/verify.test.ts), as a process
// (test/cli/verify.test.ts) and in the editor (test/lsp/verify.test.ts). Here: plain linting, which
// cannot know, never reports it, even on migrations PostgreSQL rejects.
import { ruleTester } from './harness.js';

ruleTester('migration-fails', {
  valid: [
    {
      name: 'a foreign key to a column without a unique constraint (PostgreSQL rejects it; only verify can tell)',
      migrations: { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);' },
      code: 'CREATE TABLE orders (id bigint PRIMARY KEY, email text REFERENCES users (email));',
    },
    "CREATE TYPE mood AS ENUM ('sad');\nALTER TYPE mood ADD VALUE 'happy';\nCREATE TABLE t (m mood DEFAULT 'happy');",
    'CREATE TABLE t (id bigint PRIMARY KEY, id2 bigint PRIMARY KEY);',
  ],
  invalid: [],
});
