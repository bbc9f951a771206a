import { ruleTester } from './harness.js';

const t = {
  '0001_t.sql':
    'CREATE TABLE t (id int PRIMARY KEY, name varchar(50), note text, amount numeric(10, 2), plain numeric, at timestamp, at3 timestamptz(3), net cidr, bits varbit(8), code char(4), dur interval);',
};

ruleTester('unsafe-column-type-change', {
  valid: [
    { name: 'varchar limit raised or removed, varchar → text', migrations: t, code: 'ALTER TABLE t ALTER COLUMN name TYPE varchar(100);\nALTER TABLE t ALTER COLUMN name TYPE character varying;\nALTER TABLE t ALTER COLUMN name TYPE text;' },
    { name: 'text → unbounded varchar', migrations: t, code: 'ALTER TABLE t ALTER COLUMN note TYPE varchar;' },
    { name: 'numeric precision raised at the same scale, or unconstrained', migrations: t, code: 'ALTER TABLE t ALTER COLUMN amount TYPE numeric(14, 2), ALTER COLUMN plain TYPE numeric;\nALTER TABLE t ALTER COLUMN amount SET DATA TYPE decimal;' },
    { name: 'cidr → inet, varbit widened, timestamp precision raised, interval unconstrained', migrations: t, code: 'ALTER TABLE t ALTER COLUMN net TYPE inet, ALTER COLUMN bits TYPE bit varying(16), ALTER COLUMN at3 TYPE timestamptz(6), ALTER COLUMN dur TYPE interval;' },
    { name: 'same type again', migrations: t, code: 'ALTER TABLE t ALTER COLUMN id TYPE integer;' },
    { name: 'USING that restates the column', migrations: t, code: 'ALTER TABLE t ALTER COLUMN name TYPE text USING name::text;' },
    { name: 'timestamp → timestamptz with a UTC session time zone (PostgreSQL 12+)', migrations: t, options: { utcSessionTimeZone: true }, code: 'ALTER TABLE t ALTER COLUMN at TYPE timestamptz;' },
    { name: "SET timezone = 'UTC' earlier in the file (PostgreSQL 12+)", migrations: t, code: "SET timezone = 'UTC';\nALTER TABLE t ALTER COLUMN at TYPE timestamptz USING at;\nALTER TABLE t ALTER COLUMN at3 TYPE timestamp(3);" },
    { name: 'table created in the same file', code: 'CREATE TABLE u (id int);\nALTER TABLE u ALTER COLUMN id TYPE bigint;' },
    { name: 'a column added earlier in the same file, changed binary compatibly', migrations: t, code: 'ALTER TABLE t ADD COLUMN label varchar(20);\nALTER TABLE t ALTER COLUMN label TYPE text;' },
    { name: 'a column added earlier in the same file to a table created in it', code: 'CREATE TABLE u (id int);\nALTER TABLE u ADD COLUMN n int;\nALTER TABLE u ALTER COLUMN n TYPE bigint;' },
    { name: 'USING that casts to the new type only', migrations: t, code: 'ALTER TABLE t ALTER COLUMN name TYPE varchar(80) USING name::varchar(80);' },
  ],
  invalid: [
    {
      name: 'int → bigint rewrites',
      migrations: t,
      code: 'ALTER TABLE t ALTER COLUMN id TYPE bigint;',
      errors: [{ messageId: 'rewrite', data: { column: 'id', table: 't', from: 'int', to: 'bigint' }, line: 1, column: 36, endColumn: 42 }],
    },
    {
      name: 'narrowing varchar, text → varchar(n), numeric scale change, char widening',
      migrations: t,
      code: 'ALTER TABLE t ALTER COLUMN name TYPE varchar(20), ALTER COLUMN note TYPE varchar(10), ALTER COLUMN amount TYPE numeric(12, 3), ALTER COLUMN code TYPE char(8);',
      errors: [
        { messageId: 'rewrite', data: { column: 'name', from: 'varchar(50)', to: 'varchar(20)' } },
        { messageId: 'rewrite', data: { column: 'note', from: 'text', to: 'varchar(10)' } },
        { messageId: 'rewrite', data: { column: 'amount', to: 'numeric(12, 3)' } },
        { messageId: 'rewrite', data: { column: 'code', to: 'char(8)' } },
      ],
    },
    {
      name: 'timestamp → timestamptz is not safe by default',
      migrations: t,
      code: 'ALTER TABLE t ALTER COLUMN at TYPE timestamp with time zone;',
      errors: [{ messageId: 'rewrite', data: { from: 'timestamp', to: 'timestamp with time zone' } }],
    },
    {
      name: 'timestamp → timestamptz before PostgreSQL 12 even with UTC',
      migrations: t,
      postgresVersion: 11,
      options: { utcSessionTimeZone: true },
      code: 'ALTER TABLE t ALTER COLUMN at TYPE timestamptz;',
      errors: [{ messageId: 'rewrite' }],
    },
    {
      name: 'a real USING expression',
      migrations: t,
      code: 'ALTER TABLE t ALTER COLUMN note TYPE jsonb USING to_jsonb(note);',
      errors: [{ messageId: 'using', data: { column: 'note', to: 'jsonb' } }],
    },
    {
      name: 'a column added to an existing table earlier in the same file, then changed to a type that is not binary compatible, rewrites the whole table',
      migrations: t,
      code: 'ALTER TABLE t ADD COLUMN n int;\nALTER TABLE t ALTER COLUMN n TYPE bigint;',
      errors: [{ messageId: 'rewrite', data: { column: 'n', table: 't', from: 'int', to: 'bigint' }, line: 2 }],
    },
    {
      name: 'the same on a table the history never created: the added column gives the old type',
      code: 'ALTER TABLE accounts ADD COLUMN n int;\nALTER TABLE accounts ALTER COLUMN n TYPE bigint;',
      errors: [{ messageId: 'rewrite', data: { column: 'n', table: 'accounts', from: 'int', to: 'bigint' }, line: 2 }],
    },
    {
      name: 'column or table unknown to the history',
      code: 'ALTER TABLE accounts ALTER COLUMN email TYPE text;',
      errors: [{ messageId: 'unknownFrom', data: { column: 'email', table: 'accounts', to: 'text' } }],
    },
    {
      name: 'enum swap: a type of the same name re-created in this file is a different type',
      migrations: { '0001_e.sql': "CREATE TYPE status AS ENUM ('a', 'b');\nCREATE TABLE items (id int, s status);" },
      code: "ALTER TYPE status RENAME TO status_old;\nCREATE TYPE status AS ENUM ('a', 'b', 'c');\nALTER TABLE items ALTER COLUMN s TYPE status USING s::text::status;\nALTER TABLE items ALTER COLUMN s TYPE status;",
      errors: [
        { messageId: 'using', data: { column: 's', to: 'status' }, line: 3 },
        { messageId: 'rewrite', data: { column: 's', from: 'status', to: 'status' }, line: 4 },
      ],
    },
    {
      name: 'a time zone other than UTC, or set after the statement',
      migrations: t,
      code: "SET TIME ZONE 'Europe/Paris';\nALTER TABLE t ALTER COLUMN at TYPE timestamptz;\nSET timezone = 'UTC';",
      errors: [{ messageId: 'rewrite', line: 2 }],
    },
  ],
});
