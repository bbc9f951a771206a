import { ruleTester } from './harness.js';

ruleTester('require-primary-key', {
  valid: [
    'CREATE TABLE users (id bigserial PRIMARY KEY, email text);',
    'CREATE TABLE user_roles (user_id bigint, role_id bigint, PRIMARY KEY (user_id, role_id));',
    { name: 'a primary key added later in the file', code: 'CREATE TABLE t (id bigint NOT NULL);\nALTER TABLE ONLY t ADD CONSTRAINT t_pkey PRIMARY KEY (id);' },
    { name: 'a primary key added by a later migration', code: 'CREATE TABLE t AS SELECT 1::bigint AS id;', later: { '0600_pk.sql': 'ALTER TABLE t ADD PRIMARY KEY (id);' } },
    {
      name: 'partitions get their key from the partitioned table',
      code: 'CREATE TABLE m (id bigint, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);\nCREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM (\'2026-01-01\') TO (\'2027-01-01\');\nCREATE TABLE m_old (id bigint NOT NULL, at date NOT NULL);\nALTER TABLE m ATTACH PARTITION m_old FOR VALUES FROM (\'2000-01-01\') TO (\'2026-01-01\');',
    },
    { name: 'temporary tables', code: 'CREATE TEMP TABLE staging (a int);' },
    { name: 'dropped later', code: 'CREATE TABLE scratch (a int);', later: { '0600_drop.sql': 'DROP TABLE scratch;' } },
    { name: 'a DO block that alters the table may add the key', code: 'CREATE TABLE t (id bigint NOT NULL);', later: { '0600_do.sql': "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 't_pkey') THEN ALTER TABLE t ADD PRIMARY KEY (id); END IF; END $$;" } },
    { name: 'a table of an earlier migration is reported there, not here', migrations: { '0001_t.sql': 'CREATE TABLE t (a int);' }, code: 'ALTER TABLE t ADD COLUMN b int;' },
  ],
  invalid: [
    {
      code: 'CREATE TABLE page_views (\n  path text NOT NULL,\n  viewed_at timestamptz NOT NULL\n);',
      errors: [{ messageId: 'missing', data: { table: 'page_views' }, line: 1, column: 14, endColumn: 24 }],
    },
    {
      name: 'a unique index on NOT NULL columns is mentioned',
      code: 'CREATE TABLE tags_posts (tag_id bigint NOT NULL, post_id bigint NOT NULL, UNIQUE (tag_id, post_id));\nCREATE TABLE s (key text NOT NULL);\nCREATE UNIQUE INDEX s_key ON s (key);',
      errors: [
        { messageId: 'uniqueNotNull', data: { table: 'tags_posts', columns: 'tag_id, post_id' } },
        { messageId: 'uniqueNotNull', data: { table: 's', columns: 'key' }, line: 2 },
      ],
    },
    {
      name: 'a unique constraint on nullable columns is no key',
      code: 'CREATE TABLE public."Audit" (at timestamptz, who text UNIQUE);',
      errors: [{ messageId: 'missing', data: { table: 'Audit' }, column: 21, endColumn: 28 }],
    },
    {
      name: 'the primary key is dropped by a later migration',
      code: 'CREATE TABLE t (id bigint PRIMARY KEY);',
      later: { '0600_drop_pk.sql': 'ALTER TABLE t DROP CONSTRAINT t_pkey;' },
      errors: [{ messageId: 'missing' }],
    },
  ],
});
