import { ruleTester } from './harness.js';

ruleTester('prefer-jsonb', {
  valid: [
    'CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb NOT NULL DEFAULT \'{}\');',
    { name: 'a user type named json in another schema', code: 'CREATE TABLE t (id bigint PRIMARY KEY, doc app.json);' },
    {
      name: 'converted by a later migration',
      code: 'CREATE TABLE hooks (id bigint PRIMARY KEY, body json);',
      later: { '0600_jsonb.sql': 'ALTER TABLE hooks ALTER COLUMN body TYPE jsonb USING body::jsonb;' },
    },
    { name: 'json in expressions is not a column type', code: "CREATE TABLE t (id bigint PRIMARY KEY, doc jsonb DEFAULT '{}'::json);" },
  ],
  invalid: [
    {
      code: "CREATE TABLE webhooks (\n  id bigint PRIMARY KEY,\n  payload json NOT NULL DEFAULT '{}'::json\n);",
      errors: [{ messageId: 'column', data: { column: 'payload', table: 'webhooks', type: 'json', replacement: 'jsonb' }, line: 3, column: 11, endColumn: 15 }],
      output: "CREATE TABLE webhooks (\n  id bigint PRIMARY KEY,\n  payload jsonb NOT NULL DEFAULT '{}'::json\n);",
    },
    {
      name: 'arrays and ADD COLUMN',
      migrations: { '0001_t.sql': 'CREATE TABLE t (id bigint PRIMARY KEY);' },
      code: 'ALTER TABLE t ADD COLUMN docs JSON[], ADD COLUMN meta pg_catalog.json;',
      errors: [
        { messageId: 'column', data: { column: 'docs', replacement: 'jsonb[]' } },
        { messageId: 'column', data: { column: 'meta', replacement: 'jsonb' } },
      ],
      output: 'ALTER TABLE t ADD COLUMN docs jsonb[], ADD COLUMN meta jsonb;',
    },
    {
      name: 'ALTER COLUMN … TYPE json',
      migrations: { '0001_t.sql': 'CREATE TABLE t (id bigint PRIMARY KEY, doc text);' },
      code: 'ALTER TABLE t ALTER COLUMN doc TYPE json USING doc::json;',
      errors: [{ messageId: 'alter', data: { column: 'doc' }, column: 37, suggestions: [{ output: 'ALTER TABLE t ALTER COLUMN doc TYPE jsonb USING doc::json;' }] }],
    },
  ],
});
