import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixAndLint } from '../helpers/fix-and-lint.js';
import { usePostgresParser } from '../helpers/engine.js';
import { ruleTester } from './harness.js';

const COMMUNITIES = 'CREATE TABLE communities (id serial PRIMARY KEY, name text NOT NULL);';
const POSTS_ALTER = 'CREATE TABLE posts (id bigserial PRIMARY KEY, community_id int NOT NULL);\nALTER TABLE posts ADD CONSTRAINT posts_community_fk FOREIGN KEY (community_id) REFERENCES communities (id);';
// lemmy's community_aggregates_activity: RETURN QUERY must match the declared result exactly.
const ACTIVITY =
  'CREATE FUNCTION community_activity() RETURNS TABLE (count_ bigint, community_id_ integer) LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN QUERY SELECT count(*), p.community_id FROM posts p GROUP BY p.community_id;\nEND;\n$$;\nSELECT * FROM community_activity();';


ruleTester('prefer-bigint-key', {
  valid: [
    'CREATE TABLE users (id bigserial PRIMARY KEY, age integer);',
    'CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid());',
    'CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, visits int NOT NULL DEFAULT 0);',
    { name: 'a composite key of int columns is not a key counter', code: 'CREATE TABLE order_lines (order_id bigint, line_no int, PRIMARY KEY (order_id, line_no));' },
    {
      name: 'a foreign key to an int key of an earlier migration must stay int',
      migrations: { '0001_users.sql': 'CREATE TABLE users (id serial PRIMARY KEY);' },
      code: 'CREATE TABLE posts (id bigserial PRIMARY KEY, user_id integer NOT NULL REFERENCES users (id));',
    },
    {
      name: 'a key that is also a foreign key to an earlier int key (1:1 table) must match it',
      migrations: { '0001_users.sql': 'CREATE TABLE users (id serial PRIMARY KEY);' },
      code: 'CREATE TABLE user_settings (user_id int PRIMARY KEY REFERENCES users, theme text);',
    },
    {
      name: 'widened by a later migration',
      code: 'CREATE TABLE users (id serial PRIMARY KEY);',
      later: { '0600_bigint.sql': 'ALTER TABLE users ALTER COLUMN id TYPE bigint;' },
    },
  ],
  invalid: [
    {
      code: 'CREATE TABLE users (\n  id serial PRIMARY KEY,\n  email text NOT NULL\n);',
      errors: [{ messageId: 'primaryKey', data: { column: 'id', table: 'users', type: 'serial', limit: '2,147,483,647', replacement: 'bigserial' }, line: 2, column: 6, endColumn: 12 }],
      output: 'CREATE TABLE users (\n  id bigserial PRIMARY KEY,\n  email text NOT NULL\n);',
    },
    {
      name: 'int, smallint and identity keys; the foreign keys to them in the same file widen with them',
      code: [
        'CREATE TABLE teams (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, parent_id int REFERENCES teams);',
        'CREATE TABLE kinds (code smallint, CONSTRAINT kinds_pkey PRIMARY KEY (code));',
        'CREATE TABLE members (id integer NOT NULL, team_id integer NOT NULL, kind smallint REFERENCES kinds (code), FOREIGN KEY (team_id) REFERENCES teams (id));',
        'ALTER TABLE members ADD PRIMARY KEY (id);',
      ].join('\n'),
      errors: [
        { messageId: 'primaryKey', data: { column: 'id', table: 'teams', type: 'int' }, line: 1 },
        { messageId: 'foreignKey', data: { column: 'parent_id', referenced: 'teams.id' }, line: 1 },
        { messageId: 'primaryKey', data: { column: 'code', limit: '32,767', replacement: 'bigint' }, line: 2 },
        { messageId: 'primaryKey', data: { column: 'id', table: 'members' }, line: 3, column: 26 },
        { messageId: 'foreignKey', data: { column: 'team_id' }, line: 3 },
        { messageId: 'foreignKey', data: { column: 'kind', referenced: 'kinds.code' }, line: 3 },
      ],
      output: [
        'CREATE TABLE teams (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, parent_id bigint REFERENCES teams);',
        'CREATE TABLE kinds (code bigint, CONSTRAINT kinds_pkey PRIMARY KEY (code));',
        'CREATE TABLE members (id bigint NOT NULL, team_id bigint NOT NULL, kind bigint REFERENCES kinds (code), FOREIGN KEY (team_id) REFERENCES teams (id));',
        'ALTER TABLE members ADD PRIMARY KEY (id);',
      ].join('\n'),
    },
    {
      name: 'ADD COLUMN … PRIMARY KEY',
      migrations: { '0001_t.sql': 'CREATE TABLE tags (name text);' },
      code: 'ALTER TABLE tags ADD COLUMN id serial PRIMARY KEY;',
      errors: [{ messageId: 'primaryKey', data: { column: 'id' } }],
      output: 'ALTER TABLE tags ADD COLUMN id bigserial PRIMARY KEY;',
    },
    {
      name: 'a primary key added on an int column of an earlier migration: no fix',
      migrations: { '0001_t.sql': 'CREATE TABLE tags (id integer NOT NULL, name text);' },
      code: 'ALTER TABLE tags ADD CONSTRAINT tags_pkey PRIMARY KEY (id);',
      errors: [{ messageId: 'existingKey', data: { column: 'id', table: 'tags', type: 'integer' }, column: 22, endColumn: 59 }],
    },
    {
      name: 'a foreign key added by ALTER TABLE … ADD CONSTRAINT in the same file widens with the key',
      code: COMMUNITIES + '\n' + POSTS_ALTER,
      errors: [
        { messageId: 'primaryKey', data: { column: 'id', table: 'communities' }, line: 1 },
        { messageId: 'foreignKey', data: { column: 'community_id', table: 'posts', referenced: 'communities.id' }, line: 2, column: 60, endColumn: 63 },
      ],
      output: COMMUNITIES.replace('serial', 'bigserial') + '\n' + POSTS_ALTER.replace('community_id int', 'community_id bigint'),
    },
    {
      name: 'a foreign key of a later file keeps the key\'s type: widening the key is a suggestion',
      code: COMMUNITIES,
      later: { '0600_posts.sql': 'CREATE TABLE posts (id bigserial PRIMARY KEY, community_id int NOT NULL REFERENCES communities);' },
      errors: [{ messageId: 'primaryKey', suggestions: [{ title: 'check what depends on it first', output: COMMUNITIES.replace('serial', 'bigserial') }] }],
    },
    {
      name: 'a later function returns the foreign key column as integer (lemmy): a suggestion for the key and its foreign key',
      code: COMMUNITIES + '\n' + POSTS_ALTER,
      later: { '0600_activity.sql': ACTIVITY },
      errors: [
        { messageId: 'primaryKey', suggestions: [{ output: COMMUNITIES.replace('serial', 'bigserial') + '\n' + POSTS_ALTER.replace('community_id int', 'community_id bigint') }] },
        { messageId: 'foreignKey', suggestions: [{ output: COMMUNITIES.replace('serial', 'bigserial') + '\n' + POSTS_ALTER.replace('community_id int', 'community_id bigint') }] },
      ],
    },
    {
      name: 'a later function that reads other tables does not hold the fix back',
      code: COMMUNITIES,
      later: { '0600_fn.sql': 'CREATE TABLE tags (id bigint PRIMARY KEY, label text);\nCREATE FUNCTION tag_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM tags $$;' },
      errors: [{ messageId: 'primaryKey' }],
      output: COMMUNITIES.replace('serial', 'bigserial'),
    },
  ],
});

describe('prefer-bigint-key: fixes applied to a whole history', () => {
  usePostgresParser();
  test('widening a key and the foreign key ADD CONSTRAINT adds leaves no foreign-key-type-mismatch', () => {
    const r = fixAndLint({ '0001_init.sql': COMMUNITIES + '\n' + POSTS_ALTER }, ['prefer-bigint-key'], ['prefer-bigint-key', 'foreign-key-type-mismatch']);
    assert.deepEqual(r.fixes, { '0001_init.sql': 2 });
    assert.deepEqual(r.after, []);
  });
  test('a key referenced by a later file is not widened: no new mismatch', () => {
    const files = { '0001_init.sql': COMMUNITIES, '0002_posts.sql': 'CREATE TABLE posts (id bigserial PRIMARY KEY, community_id int REFERENCES communities);' };
    const r = fixAndLint(files, ['prefer-bigint-key'], ['foreign-key-type-mismatch']);
    assert.deepEqual(r.fixes, {});
    assert.deepEqual(r.after, []);
  });
});
