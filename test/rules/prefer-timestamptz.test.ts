import { ruleTester } from './harness.js';

ruleTester('prefer-timestamptz', {
  valid: [
    'CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());',
    'CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamp with time zone, day date, at_time time);',
    { name: 'a user type named timestamp in another schema', code: 'CREATE TABLE t (id bigint PRIMARY KEY, at legacy.timestamp);' },
    {
      name: 'a later migration converts the column: the old file is history',
      code: 'CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamp NOT NULL);',
      later: { '0600_tz.sql': 'ALTER TABLE events ALTER COLUMN created_at TYPE timestamptz;' },
    },
    {
      name: 'a later migration drops the table',
      code: 'CREATE TABLE tmp_import (id bigint PRIMARY KEY, at timestamp);',
      later: { '0600_drop.sql': 'DROP TABLE tmp_import;' },
    },
    {
      name: 'a down migration restores the old type',
      migrations: { '0001_events.sql': 'CREATE TABLE events (id bigint PRIMARY KEY, at timestamp);', '0002_tz.up.sql': 'ALTER TABLE events ALTER COLUMN at TYPE timestamptz;' },
      filename: '0002_tz.down.sql',
      code: 'ALTER TABLE events ALTER COLUMN at TYPE timestamp;',
    },
    {
      name: 'disabled by a directive',
      code: '-- sql-schema-lint-disable-next-line prefer-timestamptz\nCREATE TABLE t (id bigint PRIMARY KEY, local_wall_clock timestamp);',
    },
  ],
  invalid: [
    {
      code: 'CREATE TABLE events (\n  id bigint PRIMARY KEY,\n  created_at timestamp NOT NULL DEFAULT now()\n);',
      errors: [{ messageId: 'column', data: { column: 'created_at', table: 'events', type: 'timestamp', replacement: 'timestamptz' }, line: 3, column: 14, endLine: 3, endColumn: 23 }],
      output: 'CREATE TABLE events (\n  id bigint PRIMARY KEY,\n  created_at timestamptz NOT NULL DEFAULT now()\n);',
    },
    {
      name: 'precision and arrays are kept; the long spelling is replaced whole',
      code: 'CREATE TABLE t (id bigint PRIMARY KEY, a TIMESTAMP(3) WITHOUT TIME ZONE, b timestamp[], c pg_catalog.timestamp);',
      errors: [
        { messageId: 'column', data: { column: 'a', replacement: 'timestamptz(3)' } },
        { messageId: 'column', data: { column: 'b', replacement: 'timestamptz[]' } },
        { messageId: 'column', data: { column: 'c', replacement: 'timestamptz' } },
      ],
      output: 'CREATE TABLE t (id bigint PRIMARY KEY, a timestamptz(3), b timestamptz[], c timestamptz);',
    },
    {
      name: 'ADD COLUMN on a table from an earlier migration',
      migrations: { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY);' },
      code: 'ALTER TABLE users ADD COLUMN confirmed_at timestamp;',
      errors: [{ messageId: 'column', data: { column: 'confirmed_at', table: 'users' }, line: 1, column: 43 }],
      output: 'ALTER TABLE users ADD COLUMN confirmed_at timestamptz;',
    },
    {
      name: 'ALTER COLUMN … TYPE timestamp: a fix without USING',
      migrations: { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, seen text);' },
      code: 'ALTER TABLE users ALTER COLUMN seen TYPE timestamp(0) USING seen::timestamp(0);\nALTER TABLE users ADD COLUMN x int, ALTER COLUMN x TYPE timestamp without time zone USING NULL;',
      errors: [
        { messageId: 'alter', data: { column: 'seen', replacement: 'timestamptz(0)' }, line: 1, suggestions: [{ output: 'ALTER TABLE users ALTER COLUMN seen TYPE timestamptz(0) USING seen::timestamp(0);\nALTER TABLE users ADD COLUMN x int, ALTER COLUMN x TYPE timestamp without time zone USING NULL;' }] },
        { messageId: 'alter', data: { column: 'x' }, line: 2, suggestions: [{ output: 'ALTER TABLE users ALTER COLUMN seen TYPE timestamp(0) USING seen::timestamp(0);\nALTER TABLE users ADD COLUMN x int, ALTER COLUMN x TYPE timestamptz USING NULL;' }] },
      ],
    },
    {
      name: 'ALTER COLUMN … TYPE without USING is fixed',
      migrations: { '0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, seen date);' },
      code: 'ALTER TABLE users ALTER COLUMN seen TYPE timestamp;',
      errors: [{ messageId: 'alter', line: 1, column: 42 }],
      output: 'ALTER TABLE users ALTER COLUMN seen TYPE timestamptz;',
    },
    {
      name: 'a file linted without its history: ALTER on an unknown table is reported',
      code: 'ALTER TABLE legacy ALTER COLUMN at TYPE timestamp;',
      errors: [{ messageId: 'alter' }],
      output: 'ALTER TABLE legacy ALTER COLUMN at TYPE timestamptz;',
    },
    {
      name: 'a later index expression casts the column to date (immutable for timestamp, not for timestamptz): a suggestion',
      code: 'CREATE TABLE events (id bigint PRIMARY KEY, at timestamp NOT NULL);',
      later: { '0600_index.sql': 'CREATE INDEX events_day ON events ((at::date));' },
      errors: [{ messageId: 'column', suggestions: [{ title: 'check what depends on it first', output: 'CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz NOT NULL);' }] }],
    },
    {
      name: 'a generated column of the same table reads it: a suggestion',
      code: 'CREATE TABLE events (id bigint PRIMARY KEY, at timestamp NOT NULL, day date GENERATED ALWAYS AS (at::date) STORED);',
      errors: [{ messageId: 'column', suggestions: [{ output: 'CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz NOT NULL, day date GENERATED ALWAYS AS (at::date) STORED);' }] }],
    },
    {
      name: 'a plain index on the column and a view of another table do not hold the fix back',
      code: 'CREATE TABLE events (id bigint PRIMARY KEY, at timestamp NOT NULL);\nCREATE INDEX events_at ON events (at);',
      later: { '0600_view.sql': 'CREATE TABLE logs (id bigint PRIMARY KEY, at timestamptz);\nCREATE VIEW recent_logs AS SELECT id, at FROM logs;' },
      errors: [{ messageId: 'column' }],
      output: 'CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz NOT NULL);\nCREATE INDEX events_at ON events (at);',
    },
  ],
});
