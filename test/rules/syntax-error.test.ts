import { ruleTester } from './harness.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint, onlyRules, usePostgresParser } from '../helpers/engine.js';

// syntax-error cases cannot go through the harness's "inputs must parse" check, so they are tested directly.
ruleTester('syntax-error', { valid: ['SELECT 1;', "\\set x 1\nSELECT :'x', :\"y\";", 'CREATE TABLE {{ index .Options "Namespace" }}.users (id bigint PRIMARY KEY);'], invalid: [] });

usePostgresParser();

const only = onlyRules(['syntax-error', 'no-float-for-money']);

test('an error in the middle: PostgreSQL position, and later findings still reported', () => {
  const r = lint({ '0001_x.sql': 'CREATE TABLE a (id bigint PRIMARY KEY);\nCREATE TABLE b (id bigint PRIMARY KEY,, x int);\nCREATE TABLE c (id bigint PRIMARY KEY, price real);\n' }, only);
  const f = r.files[0]!.findings;
  assert.deepEqual(
    f.map((d) => [d.ruleId, d.start.line + 1, d.start.character + 1]),
    [
      ['syntax-error', 2, 39],
      ['no-float-for-money', 3, 46],
    ],
  );
  assert.match(f[0]!.message, /syntax error at or near ","/);
});

test('non-ASCII text before the error: the position is in UTF-16 columns', () => {
  const r = lint({ '0001_x.sql': "-- Ünïcödé 😀 comment\nSELECT 'ñ', \"名前\" FROM t WHERE;\n" }, only);
  const f = r.files[0]!.findings;
  assert.equal(f.length, 1);
  assert.equal(f[0]!.start.line + 1, 2);
  // PostgreSQL: "at end of input", the 30th character; 34 UTF-8 bytes (read as bytes, it pointed at WHERE).
  assert.equal(f[0]!.start.character + 1, 30, 'after WHERE: 29 UTF-16 units');
  assert.match(f[0]!.message, /at end of input|syntax error/);
});

test('PostgreSQL counts an error position in characters: after é, 😀 and replaced invalid bytes the column is still right', () => {
  const r = lint({ '0001_x.sql': '-- é 😀 \ufffd\ufffd\nCREATE TABLE a (id bigint PRIMARY KEY);\nDROP VIEy x;\n' }, only);
  const f = r.files[0]!.findings;
  assert.deepEqual(f.map((d) => [d.ruleId, d.start.line + 1, d.start.character + 1]), [['syntax-error', 3, 6]]);
  assert.match(f[0]!.message, /"VIEy"/);
});

test('an unterminated string only breaks its own statement', () => {
  const r = lint({ '0001_x.sql': "CREATE TABLE a (id bigint PRIMARY KEY, fee real);\nSELECT 'oops;\n" }, only);
  const f = r.files[0]!.findings;
  assert.deepEqual(f.map((d) => d.ruleId), ['no-float-for-money', 'syntax-error']);
});

test('COPY … FROM stdin data and psql meta-commands are not SQL errors', () => {
  const r = lint({ '0001_x.sql': 'CREATE TABLE a (id int);\nCOPY a (id) FROM stdin;\n1\n2\tnot sql; at all\n\\.\n\\d a\nSELECT 1 AS x \\gset\nSELECT :x;\n' }, only);
  assert.deepEqual(r.files[0]!.findings.map((d) => d.message), []);
});
