import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixAndLint } from '../helpers/fix-and-lint.js';
import { usePostgresParser } from '../helpers/engine.js';
import { ruleTester } from './harness.js';

const PARENT = "CREATE TABLE readings (site char(4) NOT NULL, at date NOT NULL) PARTITION BY LIST (site);";
const CHILD = "CREATE TABLE readings_north (site char(4) NOT NULL, at date NOT NULL);\nALTER TABLE readings ATTACH PARTITION readings_north FOR VALUES IN ('nort');";


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
    {
      name: 'a partitioned table and a partition attached in the same file change together (ATTACH needs equal types)',
      code: PARENT + '\n' + CHILD,
      errors: [
        { messageId: 'column', data: { column: 'site', table: 'readings' }, line: 1 },
        { messageId: 'column', data: { column: 'site', table: 'readings_north' }, line: 2 },
      ],
      output: PARENT.replace('char(4)', 'varchar(4)') + '\n' + CHILD.replace('char(4)', 'varchar(4)'),
    },
    {
      name: 'a partition created by PARTITION OF takes its parent\'s type: the parent alone is changed',
      code: PARENT + "\nCREATE TABLE readings_south PARTITION OF readings FOR VALUES IN ('sout');",
      errors: [{ messageId: 'column', data: { table: 'readings' } }],
      output: PARENT.replace('char(4)', 'varchar(4)') + "\nCREATE TABLE readings_south PARTITION OF readings FOR VALUES IN ('sout');",
    },
    {
      name: 'a partition of a parent from an earlier file: a suggestion that changes both files, no fix',
      migrations: { '0001_readings.sql': PARENT },
      code: CHILD,
      errors: [
        {
          messageId: 'column',
          data: { table: 'readings_north' },
          suggestions: [{ title: 'in "readings", "readings_north" (one partition tree)', output: CHILD.replace('char(4)', 'varchar(4)') }],
        },
      ],
    },
    {
      name: 'the parent, whose partition a later file attaches: a suggestion, no fix',
      code: PARENT,
      later: { '0600_north.sql': CHILD },
      errors: [{ messageId: 'column', data: { table: 'readings' }, suggestions: [{ title: 'one partition tree', output: PARENT.replace('char(4)', 'varchar(4)') }] }],
    },
    {
      name: 'inheritance: a child that repeats the column must keep its parent\'s type',
      code: 'CREATE TABLE items (code char(3));\nCREATE TABLE special_items (code char(3), extra text) INHERITS (items);',
      errors: [{ messageId: 'column', data: { table: 'items' } }, { messageId: 'column', data: { table: 'special_items' } }],
      output: 'CREATE TABLE items (code varchar(3));\nCREATE TABLE special_items (code varchar(3), extra text) INHERITS (items);',
    },
    {
      name: 'ALTER COLUMN … TYPE on a partitioned table: partitions attached later must match, so a suggestion',
      migrations: { '0001_readings.sql': 'CREATE TABLE readings (site text NOT NULL, at date NOT NULL) PARTITION BY LIST (site);' },
      code: 'ALTER TABLE readings ALTER COLUMN site TYPE char(4);',
      later: { '0600_north.sql': CHILD },
      errors: [{ messageId: 'alter', suggestions: [{ output: 'ALTER TABLE readings ALTER COLUMN site TYPE varchar(4);' }] }],
    },
    {
      name: 'a later view reads the column: its type is part of the view, so a suggestion',
      code: 'CREATE TABLE countries (code char(2) PRIMARY KEY);',
      later: { '0600_view.sql': 'CREATE VIEW country_codes AS SELECT code FROM countries;' },
      errors: [{ messageId: 'column', suggestions: [{ title: 'check what depends on it first', output: 'CREATE TABLE countries (code varchar(2) PRIMARY KEY);' }] }],
    },
  ],
});

describe('no-char-type: fixes applied to a whole history', () => {
  usePostgresParser();
  test('a partition tree split over two files is left as it is by --fix (the fix of one table alone would fail ATTACH)', () => {
    const r = fixAndLint({ '0001_readings.sql': PARENT, '0002_north.sql': CHILD }, ['no-char-type'], ['no-char-type']);
    assert.deepEqual(r.fixes, {});
    assert.equal(r.after.length, 2);
  });
  test('a partition tree in one file is changed whole and linted clean', () => {
    const r = fixAndLint({ '0001_readings.sql': PARENT + '\n' + CHILD }, ['no-char-type'], ['no-char-type']);
    assert.deepEqual(r.fixes, { '0001_readings.sql': 2 });
    assert.deepEqual(r.after, []);
    assert.doesNotMatch(r.files['0001_readings.sql']!, /\bchar\(4\)/);
  });
});
