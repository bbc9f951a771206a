import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyEdits } from '../../server/src/engine/index.js';
import { lint, onlyRules, usePostgresParser } from '../helpers/engine.js';
import { fixAndLint } from '../helpers/fix-and-lint.js';
import { ruleTester } from './harness.js';

const USERS = 'CREATE TABLE users (id bigint PRIMARY KEY);';
const users = { '0001_users.sql': USERS };
const usersAndPosts = { '0001_users.sql': USERS + '\nCREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint);' };

ruleTester('foreign-key-missing-index', {
  valid: [
    { name: 'index created after the table in the same file', code: USERS + '\nCREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users);\nCREATE INDEX ON posts (user_id);' },
    { name: 'leading column of a composite primary key', code: USERS + '\nCREATE TABLE roles (id bigint PRIMARY KEY);\nCREATE TABLE user_roles (user_id bigint REFERENCES users, role_id bigint REFERENCES roles, PRIMARY KEY (role_id, user_id));\nCREATE INDEX ON user_roles (user_id);' },
    { name: 'the key is the primary key (one-to-one)', code: USERS + '\nCREATE TABLE profiles (id bigint PRIMARY KEY REFERENCES users (id));' },
    { name: 'a UNIQUE constraint serves it', code: USERS + '\nCREATE TABLE accounts (id bigint PRIMARY KEY, owner_id bigint NOT NULL UNIQUE REFERENCES users);' },
    {
      name: 'composite key, index with its columns in another order and one more column',
      code: 'CREATE TABLE parents (a int, b int, PRIMARY KEY (a, b));\nCREATE TABLE children (id int PRIMARY KEY, pa int, pb int, FOREIGN KEY (pa, pb) REFERENCES parents (a, b));\nCREATE UNIQUE INDEX children_key ON children (pb, pa, id);',
    },
    { name: 'the index is created in a LATER migration', migrations: users, code: 'CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users);', later: { '0600_index.sql': 'CREATE INDEX CONCURRENTLY posts_user_id_idx ON posts (user_id);' } },
    { name: 'partial index on fk IS NOT NULL', code: USERS + '\nCREATE TABLE posts (id bigint PRIMARY KEY, editor_id bigint REFERENCES users);\nCREATE INDEX posts_editor ON posts (editor_id) WHERE editor_id IS NOT NULL;' },
    { name: 'the foreign key is dropped later', migrations: usersAndPosts, code: 'ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users;', later: { '0600_drop.sql': 'ALTER TABLE posts DROP CONSTRAINT posts_user_fk;' } },
    { name: 'the table is dropped later', migrations: users, code: 'CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users);', later: { '0600_drop.sql': 'DROP TABLE posts;' } },
    {
      name: 'the column is renamed later and the index is on the new name',
      migrations: users,
      code: 'CREATE TABLE posts (id bigint PRIMARY KEY, owner bigint REFERENCES users);',
      later: { '0600_rename.sql': 'ALTER TABLE posts RENAME COLUMN owner TO author_id;\nCREATE INDEX posts_author_id_idx ON posts (author_id);' },
    },
    {
      name: 'an index on the partitioned parent serves a partition',
      code: USERS + "\nCREATE TABLE events (id bigint, user_id bigint, at date) PARTITION BY RANGE (at);\nCREATE INDEX ON events (user_id);\nCREATE TABLE events_2024 PARTITION OF events (FOREIGN KEY (user_id) REFERENCES users) FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    },
    {
      name: 'pg_dump style: ON ONLY parent index and ATTACH PARTITION',
      code:
        USERS +
        "\nCREATE TABLE public.events (id bigint, user_id bigint, at date) PARTITION BY RANGE (at);\nCREATE TABLE public.events_2024 (id bigint, user_id bigint, at date);\nALTER TABLE ONLY public.events ATTACH PARTITION public.events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nCREATE INDEX events_user_id_idx ON ONLY public.events USING btree (user_id);\nCREATE INDEX events_2024_user_id_idx ON public.events_2024 USING btree (user_id);\nALTER INDEX public.events_user_id_idx ATTACH PARTITION public.events_2024_user_id_idx;\nALTER TABLE ONLY public.events ADD CONSTRAINT events_user_fk FOREIGN KEY (user_id) REFERENCES public.users (id);",
    },
    {
      name: 'quoted, schema-qualified names',
      code: 'CREATE SCHEMA app;\nCREATE TABLE app."Users" (id bigint PRIMARY KEY);\nCREATE TABLE app."Orders" ("UserId" bigint REFERENCES app."Users");\nCREATE INDEX "Orders_UserId" ON app."Orders" ("UserId");',
    },
    { name: 'a down migration is not the schema', filename: '0002_posts.down.sql', migrations: users, code: 'CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users);' },
    { name: 'disabled by a directive', code: USERS + '\n-- sql-schema-lint-disable-next-line foreign-key-missing-index -- tiny lookup table\nCREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users);' },
  ],
  invalid: [
    {
      name: 'inline REFERENCES in a new table: plain CREATE INDEX after the statement',
      migrations: users,
      code: 'CREATE TABLE posts (\n  id bigint PRIMARY KEY,\n  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE\n);\nSELECT 1;',
      errors: [{ messageId: 'missingIndex', data: { constraint: 'posts_user_id_fkey', table: 'posts', columns: 'user_id', referenced: 'users' }, line: 3, column: 27, endLine: 3, endColumn: 66 }],
      output: 'CREATE TABLE posts (\n  id bigint PRIMARY KEY,\n  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE\n);\nCREATE INDEX idx_posts_user_id ON posts (user_id);\nSELECT 1;',
    },
    {
      name: 'ADD CONSTRAINT on a table from an earlier file: CONCURRENTLY',
      migrations: usersAndPosts,
      code: 'ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users NOT VALID;',
      errors: [{ messageId: 'missingIndex', data: { constraint: 'posts_user_fk' }, line: 1, column: 23 }],
      output: 'ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users NOT VALID;\nCREATE INDEX CONCURRENTLY idx_posts_user_id ON posts (user_id);',
    },
    {
      name: 'in a transaction block: no CONCURRENTLY',
      migrations: usersAndPosts,
      code: 'BEGIN;\nALTER TABLE posts ADD FOREIGN KEY (user_id) REFERENCES users;\nCOMMIT;',
      errors: [{ messageId: 'missingIndex', line: 2, column: 23 }],
      output: 'BEGIN;\nALTER TABLE posts ADD FOREIGN KEY (user_id) REFERENCES users;\nCREATE INDEX idx_posts_user_id ON posts (user_id);\nCOMMIT;',
    },
    {
      name: 'a table created earlier in the same file is new: no CONCURRENTLY',
      migrations: users,
      code: 'CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint);\nALTER TABLE posts ADD FOREIGN KEY (user_id) REFERENCES users;',
      errors: [{ messageId: 'missingIndex', line: 2, column: 23 }],
      output: 'CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint);\nALTER TABLE posts ADD FOREIGN KEY (user_id) REFERENCES users;\nCREATE INDEX idx_posts_user_id ON posts (user_id);',
    },
    {
      name: 'composite key: an index on one of its columns, or with them not leading, does not serve it',
      code: 'CREATE TABLE parents (a int, b int, PRIMARY KEY (a, b));\nCREATE TABLE children (id int PRIMARY KEY, pa int, pb int, CONSTRAINT children_parent_fk FOREIGN KEY (pa, pb) REFERENCES parents (a, b));\nCREATE INDEX ON children (pa);\nCREATE INDEX ON children (id, pa, pb);',
      errors: [{ messageId: 'missingIndex', data: { constraint: 'children_parent_fk', columns: 'pa, pb', referenced: 'parents' }, line: 2, column: 60 }],
      output:
        'CREATE TABLE parents (a int, b int, PRIMARY KEY (a, b));\nCREATE TABLE children (id int PRIMARY KEY, pa int, pb int, CONSTRAINT children_parent_fk FOREIGN KEY (pa, pb) REFERENCES parents (a, b));\nCREATE INDEX idx_children_pa_pb ON children (pa, pb);\nCREATE INDEX ON children (pa);\nCREATE INDEX ON children (id, pa, pb);',
    },
    {
      name: 'partial index on another predicate, expression index and BRIN index do not serve it',
      code: USERS + "\nCREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users, deleted_at timestamptz);\nCREATE INDEX ON posts (user_id) WHERE deleted_at IS NULL;\nCREATE INDEX ON posts ((user_id + 0));\nCREATE INDEX ON posts USING brin (user_id);",
      errors: [{ messageId: 'missingIndex', line: 2, column: 59 }],
      output:
        USERS +
        "\nCREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users, deleted_at timestamptz);\nCREATE INDEX idx_posts_user_id ON posts (user_id);\nCREATE INDEX ON posts (user_id) WHERE deleted_at IS NULL;\nCREATE INDEX ON posts ((user_id + 0));\nCREATE INDEX ON posts USING brin (user_id);",
    },
    {
      name: 'partial index on the key IS NOT NULL plus another condition does not serve it',
      code: USERS + '\nCREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users, draft bool);\nCREATE INDEX ON posts (user_id) WHERE user_id IS NOT NULL AND draft IS NOT NULL;',
      errors: [{ messageId: 'missingIndex' }],
      output: USERS + '\nCREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users, draft bool);\nCREATE INDEX idx_posts_user_id ON posts (user_id);\nCREATE INDEX ON posts (user_id) WHERE user_id IS NOT NULL AND draft IS NOT NULL;',
    },
    {
      name: 'quoted, schema-qualified names are kept as written',
      code: 'CREATE SCHEMA app;\nCREATE TABLE app."Users" (id bigint PRIMARY KEY);\nCREATE TABLE app."Orders" (id bigint PRIMARY KEY, "UserId" bigint REFERENCES app."Users");',
      errors: [{ messageId: 'missingIndex', data: { constraint: '"Orders_UserId_fkey"', table: 'app."Orders"', columns: '"UserId"', referenced: '"Users"' }, line: 3, column: 67 }],
      output: 'CREATE SCHEMA app;\nCREATE TABLE app."Users" (id bigint PRIMARY KEY);\nCREATE TABLE app."Orders" (id bigint PRIMARY KEY, "UserId" bigint REFERENCES app."Users");\nCREATE INDEX "idx_Orders_UserId" ON app."Orders" ("UserId");',
    },
    {
      name: 'pg_dump: ALTER TABLE ONLY public.x ADD CONSTRAINT … FOREIGN KEY',
      code: 'CREATE TABLE public.users (id bigint NOT NULL);\nCREATE TABLE public.posts (id bigint NOT NULL, user_id bigint);\nALTER TABLE ONLY public.users\n    ADD CONSTRAINT users_pkey PRIMARY KEY (id);\nALTER TABLE ONLY public.posts\n    ADD CONSTRAINT fk_rails_5b5ddfd518 FOREIGN KEY (user_id) REFERENCES public.users(id);',
      errors: [{ messageId: 'missingIndex', data: { constraint: 'fk_rails_5b5ddfd518', table: 'public.posts' }, line: 6, column: 9 }],
      output:
        'CREATE TABLE public.users (id bigint NOT NULL);\nCREATE TABLE public.posts (id bigint NOT NULL, user_id bigint);\nALTER TABLE ONLY public.users\n    ADD CONSTRAINT users_pkey PRIMARY KEY (id);\nALTER TABLE ONLY public.posts\n    ADD CONSTRAINT fk_rails_5b5ddfd518 FOREIGN KEY (user_id) REFERENCES public.users(id);\nCREATE INDEX idx_posts_user_id ON public.posts (user_id);',
    },
    {
      name: 'a partitioned table that already exists: no CONCURRENTLY (PostgreSQL refuses it there)',
      migrations: { '0001_init.sql': USERS + '\nCREATE TABLE events (id bigint, user_id bigint, at date) PARTITION BY RANGE (at);' },
      code: 'ALTER TABLE events ADD FOREIGN KEY (user_id) REFERENCES users;',
      errors: [{ messageId: 'missingIndex' }],
      output: 'ALTER TABLE events ADD FOREIGN KEY (user_id) REFERENCES users;\nCREATE INDEX idx_events_user_id ON events (user_id);',
    },
    {
      name: 'the index name avoids names in use, even ones created later in the history',
      migrations: { '0001_users.sql': USERS + '\nCREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint, b int);\nCREATE INDEX idx_posts_user_id ON posts (b);' },
      code: 'CREATE TABLE idx_posts_user_id_1 (id int);\nALTER TABLE posts ADD FOREIGN KEY (user_id) REFERENCES users;',
      errors: [{ messageId: 'missingIndex' }],
      output: 'CREATE TABLE idx_posts_user_id_1 (id int);\nALTER TABLE posts ADD FOREIGN KEY (user_id) REFERENCES users;\nCREATE INDEX CONCURRENTLY idx_posts_user_id_2 ON posts (user_id);',
    },
    {
      name: 'long names are cut to 63 bytes',
      migrations: users,
      code: 'CREATE TABLE a_rather_long_table_name_for_customer_accounts (id int PRIMARY KEY, the_owner_user_identifier_column bigint REFERENCES users);',
      errors: [{ messageId: 'missingIndex' }],
      output:
        'CREATE TABLE a_rather_long_table_name_for_customer_accounts (id int PRIMARY KEY, the_owner_user_identifier_column bigint REFERENCES users);\nCREATE INDEX idx_a_rather_long_table_name_for_customer_accounts_the_owner_us ON a_rather_long_table_name_for_customer_accounts (the_owner_user_identifier_column);',
    },
    {
      name: 'two keys in one statement: the fix loop adds both indexes',
      code: USERS + '\nCREATE TABLE messages (id bigint PRIMARY KEY, sender_id bigint REFERENCES users, recipient_id bigint REFERENCES users);',
      errors: [{ messageId: 'missingIndex', data: { columns: 'sender_id' } }, { messageId: 'missingIndex', data: { columns: 'recipient_id' } }],
      output:
        USERS +
        '\nCREATE TABLE messages (id bigint PRIMARY KEY, sender_id bigint REFERENCES users, recipient_id bigint REFERENCES users);\nCREATE INDEX idx_messages_recipient_id ON messages (recipient_id);\nCREATE INDEX idx_messages_sender_id ON messages (sender_id);',
    },
    {
      name: 'a one-column key and a composite key starting with its column get one index that serves both',
      code:
        'CREATE TABLE accounts (id bigint PRIMARY KEY, region text, UNIQUE (id, region));\n' +
        'CREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts, region text);\n' +
        'ALTER TABLE invoices ADD CONSTRAINT invoices_account_region_fk FOREIGN KEY (account_id, region) REFERENCES accounts (id, region);',
      errors: [{ messageId: 'missingIndex', data: { columns: 'account_id' }, line: 2 }, { messageId: 'missingIndex', data: { columns: 'account_id, region' }, line: 3 }],
      // After the composite key's statement (region must exist); (account_id) beside it would be redundant.
      output:
        'CREATE TABLE accounts (id bigint PRIMARY KEY, region text, UNIQUE (id, region));\n' +
        'CREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts, region text);\n' +
        'ALTER TABLE invoices ADD CONSTRAINT invoices_account_region_fk FOREIGN KEY (account_id, region) REFERENCES accounts (id, region);\n' +
        'CREATE INDEX idx_invoices_account_id_region ON invoices (account_id, region);',
    },
    {
      name: 'the composite key written first, its columns in another order: the one-column key still leads the index',
      code:
        'CREATE TABLE accounts (id bigint PRIMARY KEY, region text, UNIQUE (region, id));\n' +
        'CREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint, region text, FOREIGN KEY (region, account_id) REFERENCES accounts (region, id), FOREIGN KEY (account_id) REFERENCES accounts);',
      errors: [{ messageId: 'missingIndex', data: { columns: 'region, account_id' } }, { messageId: 'missingIndex', data: { columns: 'account_id' } }],
      output:
        'CREATE TABLE accounts (id bigint PRIMARY KEY, region text, UNIQUE (region, id));\n' +
        'CREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint, region text, FOREIGN KEY (region, account_id) REFERENCES accounts (region, id), FOREIGN KEY (account_id) REFERENCES accounts);\n' +
        'CREATE INDEX idx_invoices_account_id_region ON invoices (account_id, region);',
    },
    {
      name: 'keys that share a column but neither contains the other get an index each',
      code:
        'CREATE TABLE a (x bigint, y bigint, PRIMARY KEY (x, y));\nCREATE TABLE b (x bigint, z bigint, PRIMARY KEY (x, z));\n' +
        'CREATE TABLE c (id bigint PRIMARY KEY, x bigint, y bigint, z bigint, FOREIGN KEY (x, y) REFERENCES a, FOREIGN KEY (x, z) REFERENCES b);',
      errors: [{ messageId: 'missingIndex', data: { columns: 'x, y' } }, { messageId: 'missingIndex', data: { columns: 'x, z' } }],
      output:
        'CREATE TABLE a (x bigint, y bigint, PRIMARY KEY (x, y));\nCREATE TABLE b (x bigint, z bigint, PRIMARY KEY (x, z));\n' +
        'CREATE TABLE c (id bigint PRIMARY KEY, x bigint, y bigint, z bigint, FOREIGN KEY (x, y) REFERENCES a, FOREIGN KEY (x, z) REFERENCES b);\n' +
        'CREATE INDEX idx_c_x_z ON c (x, z);\nCREATE INDEX idx_c_x_y ON c (x, y);',
    },
    {
      name: 'natural order: V10 runs after V3, so V10 is the newest migration and gets the fix',
      filename: 'V10__posts.sql',
      migrations: { 'V3__users.sql': USERS, 'V9__more.sql': 'SELECT 1;' },
      code: 'CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users);',
      errors: [{ messageId: 'missingIndex' }],
      output: 'CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users);\nCREATE INDEX idx_posts_user_id ON posts (user_id);',
    },
    {
      name: 'natural order: an index dropped in V10 (after V3) leaves the key of V3 unindexed',
      filename: 'V3__posts.sql',
      migrations: { 'V2__users.sql': USERS },
      code: 'CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users);\nCREATE INDEX posts_user_idx ON posts (user_id);',
      later: { 'V10__drop.sql': 'DROP INDEX posts_user_idx;' },
      // An older migration: only a suggestion, whose edit goes to V10__drop.sql (this file is unchanged).
      errors: [{ messageId: 'missingIndex', line: 1, column: 59, suggestions: [{ title: 'in the newest migration, V10__drop.sql', output: 'CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users);\nCREATE INDEX posts_user_idx ON posts (user_id);' }] }],
    },
    {
      name: 'the last statement of the file has no semicolon',
      migrations: users,
      code: 'CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users)',
      errors: [{ messageId: 'missingIndex' }],
      output: 'CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users);\nCREATE INDEX idx_posts_user_id ON posts (user_id);',
    },
    {
      name: 'a comment ending the line stays with its statement; CRLF stays CRLF',
      migrations: users,
      code: 'CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users); -- posts\r\nSELECT 1;\r\n',
      errors: [{ messageId: 'missingIndex' }],
      output: 'CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users); -- posts\r\nCREATE INDEX idx_posts_user_id ON posts (user_id);\r\nSELECT 1;\r\n',
    },
    {
      name: 'a directive for another rule does not hide it',
      migrations: users,
      code: '-- sql-schema-lint-disable-next-line no-float-for-money\nCREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users);',
      errors: [{ messageId: 'missingIndex', line: 2 }],
      output: '-- sql-schema-lint-disable-next-line no-float-for-money\nCREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users);\nCREATE INDEX idx_posts_user_id ON posts (user_id);',
    },
  ],
});

describe('foreign-key-missing-index: edits in other files and related information', () => {
  usePostgresParser();
  const run = (files: Record<string, string>, file: string) => {
    const result = lint(files, onlyRules(['foreign-key-missing-index']));
    return { result, findings: result.files.find((f) => f.relPath === file)!.findings };
  };

  test('an older migration gets a suggestion that appends to the newest one, with final names, and no fix', () => {
    const files = {
      '0001_users.sql': USERS,
      '0002_posts.sql': 'CREATE TABLE posts (id bigint PRIMARY KEY, owner bigint REFERENCES users);',
      '0003_rename.sql': 'ALTER TABLE posts RENAME TO articles;\nALTER TABLE articles RENAME COLUMN owner TO author_id;',
      '0003_rename.down.sql': 'ALTER TABLE articles RENAME TO posts;',
    };
    const { findings } = run(files, '0002_posts.sql');
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.fix, undefined);
    assert.equal(f.suggestions.length, 1);
    const [edit] = f.suggestions[0]!.edits;
    assert.equal(edit!.file, '/project/0003_rename.sql');
    assert.equal(
      applyEdits(files['0003_rename.sql'], [edit!]),
      files['0003_rename.sql'] + '\nCREATE INDEX CONCURRENTLY idx_articles_author_id ON articles (author_id);\n',
    );
    assert.deepEqual(f.related, [{ file: '/project/0001_users.sql', range: { start: 13, end: 18 }, message: 'Referenced table users is defined here.' }]);
  });

  test('appending to a newest migration whose last statement has no semicolon adds one', () => {
    const files = { '0001_users.sql': USERS + '\nCREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users);', '0002_next.sql': 'SELECT 1 -- no semicolon' };
    const { findings } = run(files, '0001_users.sql');
    const out = applyEdits(files['0002_next.sql'], findings[0]!.suggestions[0]!.edits);
    assert.equal(out, 'SELECT 1; -- no semicolon\nCREATE INDEX CONCURRENTLY idx_posts_user_id ON posts (user_id);\n');
  });

  test('the newest migration in a transaction block gets a plain CREATE INDEX', () => {
    const files = { '0001_users.sql': USERS + '\nCREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users);', '0002_next.sql': 'BEGIN;\nSELECT 1;\nCOMMIT;\n' };
    const { findings } = run(files, '0001_users.sql');
    assert.equal(findings[0]!.suggestions[0]!.edits[0]!.newText, 'CREATE INDEX idx_posts_user_id ON posts (user_id);\n');
  });

  test('each file reports the keys it defines, judged against the final schema', () => {
    const files = { '0001_users.sql': USERS + '\nCREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint);', '0002_fk.sql': 'ALTER TABLE posts ADD FOREIGN KEY (user_id) REFERENCES users;' };
    const { result } = run(files, '0002_fk.sql');
    assert.deepEqual(result.files.map((f) => [f.relPath, f.findings.length]), [['0001_users.sql', 0], ['0002_fk.sql', 1]]);
  });
});

describe('foreign-key-missing-index: the fix linted again', () => {
  usePostgresParser();
  test('a one-column and a composite key on the same leading column: one index, no redundant-index or duplicate-index', () => {
    const files = {
      '0001_accounts.sql': 'CREATE TABLE accounts (id bigint PRIMARY KEY, region text, UNIQUE (id, region));',
      '0002_invoices.sql':
        'CREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts, region text);\n' +
        'ALTER TABLE invoices ADD CONSTRAINT invoices_account_region_fk FOREIGN KEY (account_id, region) REFERENCES accounts (id, region);',
    };
    const check = ['foreign-key-missing-index', 'redundant-index', 'duplicate-index'];
    const r = fixAndLint(files, ['foreign-key-missing-index'], check);
    assert.equal(r.before.length, 2);
    assert.deepEqual(r.after, []);
    assert.equal(r.files['0002_invoices.sql']!.match(/CREATE INDEX/g)?.length, 1);
  });
});
