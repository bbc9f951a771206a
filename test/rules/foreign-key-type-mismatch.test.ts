import { ruleTester } from './harness.js';

ruleTester('foreign-key-type-mismatch', {
  valid: [
    'CREATE TABLE users (id bigserial PRIMARY KEY);\nCREATE TABLE posts (id bigserial PRIMARY KEY, user_id bigint REFERENCES users (id));',
    { name: 'serial keys are integers', code: 'CREATE TABLE users (id serial PRIMARY KEY);\nCREATE TABLE posts (id bigserial PRIMARY KEY, user_id integer REFERENCES users);' },
    { name: 'varchar and text compare as one type; lengths do not matter', code: 'CREATE TABLE c (code varchar(10) PRIMARY KEY);\nCREATE TABLE a (c1 text REFERENCES c, c2 varchar(20) REFERENCES c (code));' },
    { name: 'domains and user types are left alone', code: 'CREATE DOMAIN user_id AS bigint;\nCREATE TABLE users (id user_id PRIMARY KEY);\nCREATE TABLE posts (author bigint REFERENCES users);' },
    { name: 'an unknown referenced table', code: 'CREATE TABLE posts (user_id integer REFERENCES users (id));' },
    { name: 'a bigint column to an integer key: every key fits (widening the key is prefer-bigint-key\'s)', code: 'CREATE TABLE teams (id serial PRIMARY KEY);\nCREATE TABLE members (team_id bigint REFERENCES teams);' },
    {
      name: 'aligned by a later migration',
      code: 'CREATE TABLE users (id bigserial PRIMARY KEY);\nCREATE TABLE posts (user_id integer REFERENCES users);',
      later: { '0600_align.sql': 'ALTER TABLE posts ALTER COLUMN user_id TYPE bigint;' },
    },
    {
      name: 'the key and its foreign keys are widened in one migration',
      migrations: { '0001_t.sql': 'CREATE TABLE users (id serial PRIMARY KEY);\nCREATE TABLE posts (user_id integer REFERENCES users);' },
      code: 'ALTER TABLE users ALTER COLUMN id TYPE bigint;\nALTER TABLE posts ALTER COLUMN user_id TYPE bigint;',
    },
  ],
  invalid: [
    {
      code: 'CREATE TABLE users (id bigserial PRIMARY KEY);\nCREATE TABLE posts (\n  id bigserial PRIMARY KEY,\n  user_id integer NOT NULL REFERENCES users (id)\n);',
      errors: [{ messageId: 'mismatch', data: { column: 'user_id', table: 'posts', type: 'integer', referenced: 'users.id', referencedType: 'bigint' }, line: 4, column: 11, endColumn: 18 }],
      output: 'CREATE TABLE users (id bigserial PRIMARY KEY);\nCREATE TABLE posts (\n  id bigserial PRIMARY KEY,\n  user_id bigint NOT NULL REFERENCES users (id)\n);',
    },
    {
      name: 'referenced columns omitted: the primary key; ALTER TABLE … ADD FOREIGN KEY on an earlier table',
      migrations: { '0001_t.sql': 'CREATE TABLE accounts (id uuid PRIMARY KEY);\nCREATE TABLE users (id bigserial PRIMARY KEY, account_id text);' },
      code: 'ALTER TABLE users ADD CONSTRAINT users_account_fkey FOREIGN KEY (account_id) REFERENCES accounts;',
      errors: [{ messageId: 'mismatch', data: { column: 'account_id', type: 'text', referencedType: 'uuid' }, column: 23 }],
    },
    {
      name: 'self-reference and char vs varchar',
      code: 'CREATE TABLE nodes (id int8 PRIMARY KEY, parent_id int4 REFERENCES nodes, code char(3) UNIQUE, parent_code varchar(3) REFERENCES nodes (code));',
      errors: [
        { messageId: 'mismatch', data: { column: 'parent_id', referencedType: 'bigint' } },
        { messageId: 'mismatch', data: { column: 'parent_code', referencedType: 'char(3)' } },
      ],
      output: 'CREATE TABLE nodes (id int8 PRIMARY KEY, parent_id bigint REFERENCES nodes, code char(3) UNIQUE, parent_code char(3) REFERENCES nodes (code));',
    },
    {
      name: 'ALTER COLUMN … TYPE on a key leaves its foreign keys behind',
      migrations: { '0001_t.sql': 'CREATE TABLE users (id serial PRIMARY KEY);\nCREATE TABLE posts (user_id integer REFERENCES users);\nCREATE TABLE likes (user_id integer REFERENCES users);' },
      code: 'ALTER TABLE users ALTER COLUMN id TYPE bigint;',
      errors: [{ messageId: 'alterKey', data: { column: 'id', table: 'users', type: 'bigint', columns: 'posts.user_id, likes.user_id', referencingType: 'integer' }, column: 40 }],
    },
    {
      name: 'ALTER COLUMN … TYPE on a foreign key column',
      migrations: { '0001_t.sql': 'CREATE TABLE users (id bigserial PRIMARY KEY);\nCREATE TABLE posts (user_id bigint REFERENCES users);' },
      code: 'ALTER TABLE posts ALTER COLUMN user_id TYPE integer;',
      errors: [{ messageId: 'alterColumn', data: { column: 'user_id', referenced: 'users.id', referencedType: 'bigint' } }],
    },
  ],
});
