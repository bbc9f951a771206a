import { ruleTester } from './harness.js';

const users = { '0001_users.sql': 'CREATE TABLE users (id bigint NOT NULL, email text, tenant_id bigint);' };

ruleTester('unique-constraint-via-index', {
  valid: [
    { name: 'USING INDEX of a concurrently built index', migrations: users, code: 'CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;' },
    { name: 'table created in the same file (pg_dump style)', code: 'CREATE TABLE public.t (id bigint NOT NULL);\nALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);' },
    { name: 'partitioned table (neither CONCURRENTLY nor USING INDEX is possible)', migrations: { '0001_m.sql': 'CREATE TABLE m (id bigint, at date) PARTITION BY RANGE (at);' }, code: 'ALTER TABLE m ADD PRIMARY KEY (id, at);' },
    { name: 'other constraints', migrations: users, code: 'ALTER TABLE users ADD CONSTRAINT c CHECK (id > 0) NOT VALID;' },
  ],
  invalid: [
    {
      name: 'named UNIQUE: index built first with the same name',
      migrations: users,
      code: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);',
      errors: [
        {
          messageId: 'build',
          data: { kind: 'UNIQUE', name: 'users_email_key', table: 'users' },
          line: 1,
          column: 23,
          endColumn: 64,
          suggestions: [
            {
              title: 'CREATE UNIQUE INDEX CONCURRENTLY',
              output: 'CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;',
            },
          ],
        },
      ],
    },
    {
      name: 'unnamed PRIMARY KEY in a transaction block: the index goes before BEGIN',
      migrations: users,
      code: 'BEGIN;\nALTER TABLE ONLY users ADD PRIMARY KEY (id);\nCOMMIT;',
      errors: [
        {
          messageId: 'build',
          data: { kind: 'PRIMARY KEY', name: 'users_pkey' },
          line: 2,
          suggestions: [{ output: 'CREATE UNIQUE INDEX CONCURRENTLY users_pkey ON users (id);\nBEGIN;\nALTER TABLE ONLY users ADD PRIMARY KEY USING INDEX users_pkey;\nCOMMIT;' }],
        },
      ],
    },
    {
      name: 'INCLUDE and DEFERRABLE are kept; unknown table counts as existing',
      code: 'ALTER TABLE accounts ADD CONSTRAINT accounts_unique_email UNIQUE (tenant_id, "Email") INCLUDE (id) DEFERRABLE INITIALLY DEFERRED;',
      errors: [
        {
          messageId: 'build',
          suggestions: [
            {
              output:
                'CREATE UNIQUE INDEX CONCURRENTLY accounts_unique_email ON accounts (tenant_id, "Email") INCLUDE (id);\nALTER TABLE accounts ADD CONSTRAINT accounts_unique_email UNIQUE USING INDEX accounts_unique_email DEFERRABLE INITIALLY DEFERRED;',
            },
          ],
        },
      ],
    },
    {
      name: 'storage parameters: reported without a suggestion',
      migrations: users,
      code: 'ALTER TABLE users ADD UNIQUE (email) WITH (fillfactor = 90);',
      errors: [{ messageId: 'build', data: { name: 'users_email_key' }, suggestions: [] }],
    },
  ],
});
