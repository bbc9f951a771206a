import { ruleTester } from './harness.js';

ruleTester('no-char-type', {
  valid: [
    'CREATE TABLE countries (code varchar(2) PRIMARY KEY, name text NOT NULL);',
    { name: '"char" is PostgreSQL\'s one-byte internal type, not char(n)', code: 'CREATE TABLE flags (id bigint PRIMARY KEY, kind "char" NOT NULL, kinds "char"[]);' },
    { name: 'character varying is varchar', code: 'CREATE TABLE t (id bigint PRIMARY KEY, a character varying(10), b char varying);' },
    {
      name: 'converted later',
      code: 'CREATE TABLE t (id bigint PRIMARY KEY, code char(3));',
      later: { '0600_varchar.sql': 'ALTER TABLE t ALTER COLUMN code TYPE varchar(3);' },
    },
  ],
  invalid: [
    {
      code: 'CREATE TABLE countries (\n  code char(2) PRIMARY KEY,\n  name text NOT NULL\n);',
      errors: [{ messageId: 'column', data: { column: 'code', table: 'countries', type: 'char(2)', replacement: 'varchar(2)' }, line: 2, column: 8, endColumn: 15 }],
      output: 'CREATE TABLE countries (\n  code varchar(2) PRIMARY KEY,\n  name text NOT NULL\n);',
    },
    {
      name: 'character, char without length (= char(1)), bpchar without length (no limit), arrays',
      code: 'CREATE TABLE t (id bigint PRIMARY KEY, a CHARACTER(10), b char, c bpchar, d character(4)[]);',
      errors: [
        { messageId: 'column', data: { column: 'a', replacement: 'varchar(10)' } },
        { messageId: 'column', data: { column: 'b', replacement: 'varchar(1)' } },
        { messageId: 'column', data: { column: 'c', replacement: 'text' } },
        { messageId: 'column', data: { column: 'd', replacement: 'varchar(4)[]' } },
      ],
      output: 'CREATE TABLE t (id bigint PRIMARY KEY, a varchar(10), b varchar(1), c text, d varchar(4)[]);',
    },
    {
      name: 'ALTER COLUMN … TYPE char(n) on an earlier column',
      migrations: { '0001_t.sql': 'CREATE TABLE t (id bigint PRIMARY KEY, code text);' },
      code: 'ALTER TABLE t ALTER COLUMN code TYPE char(3);',
      errors: [{ messageId: 'alter', data: { column: 'code', replacement: 'varchar(3)' } }],
      output: 'ALTER TABLE t ALTER COLUMN code TYPE varchar(3);',
    },
  ],
});
