// Statements with a list too long for pgsql-ast-parser (its grammar copies a list once per item: n²
// time and memory) take their facts from PostgreSQL's tree. Those facts must be the ones
// pgsql-ast-parser's would have been, and the rules must still find what is in such a statement.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AST_PARSER_MAX_LIST, longestList } from '../../server/src/engine/parse/ast-adapter.js';
import { parseDocument } from '../../server/src/engine/parse/document.js';
import { lint, onlyRules, usePostgresParser } from '../helpers/engine.js';
import { astOutcomeOf, firstDifference, pgFactsOf, plain } from './facts-of.js';

const OVER = AST_PARSER_MAX_LIST + 500;

/** A CREATE TABLE of `n` columns, among them a money column in double precision and a char(3) column. */
function wideTable(n: number): string {
  const columns = Array.from({ length: n }, (_, i) => (i === 7 ? '  amount double precision' : i === n - 3 ? '  code char(3) NOT NULL' : `  c${i} integer DEFAULT 0 NOT NULL`));
  return `CREATE TABLE wide (\n  id bigint PRIMARY KEY,\n${columns.join(',\n')}\n);\n`;
}

/** An ALTER TABLE of `n` ADD COLUMNs of an existing table, one of them a timestamp without time zone. */
function longAlter(n: number): string {
  const actions = Array.from({ length: n }, (_, i) => (i === n - 10 ? '  ADD COLUMN seen_at timestamp' : `  ADD COLUMN c${i} integer`));
  return `ALTER TABLE t\n${actions.join(',\n')};\n`;
}

describe('statements with lists longer than pgsql-ast-parser handles in linear time', () => {
  usePostgresParser();

  test('the longest list is counted per parenthesis and at the top level', () => {
    const file = parseDocument('CREATE INDEX i ON t (a, b, (coalesce(c, d, e, f)));\nALTER TABLE t ADD a int, ADD b int, ADD c numeric(10, 2);\n');
    assert.deepEqual(
      file.statements.map((s) => longestList(file.tokens, s.range)),
      [4, 3],
    );
  });

  test('a list at the limit still goes to pgsql-ast-parser; longer ones to PostgreSQL, with the same facts', () => {
    const file = parseDocument(wideTable(AST_PARSER_MAX_LIST - 1) + wideTable(OVER) + longAlter(OVER) + `CREATE TYPE e AS ENUM (${Array.from({ length: OVER }, (_, i) => `'v${i}'`).join(', ')});\n`);
    assert.deepEqual(
      file.statements.map((s) => [s.type, s.parser]),
      [
        ['CreateStmt', 'pgsql-ast-parser'],
        ['CreateStmt', 'libpg-query'],
        ['AlterTableStmt', 'libpg-query'],
        ['CreateEnumStmt', 'libpg-query'],
      ],
    );
    for (const st of file.statements.slice(1)) {
      const ast = astOutcomeOf(file, st);
      assert.equal(ast.status, 'ok', st.type);
      if (ast.status !== 'ok') continue;
      assert.equal(firstDifference(plain(ast.facts), plain(pgFactsOf(file, st)!)), undefined, st.type);
      assert.equal(firstDifference(plain(st.facts), plain(ast.facts)), undefined, st.type);
    }
  });

  test('the rules find what such a statement holds, where it is', () => {
    const create = wideTable(OVER);
    const alter = longAlter(OVER);
    const result = lint({ 'db/001_wide.sql': create, 'db/002_t.sql': 'CREATE TABLE t (id bigint PRIMARY KEY);\n', 'db/003_alter.sql': alter }, onlyRules(['no-float-for-money', 'no-char-type', 'prefer-timestamptz']));
    const found = result.files.flatMap((f) => f.findings.map((d) => [f.relPath, d.ruleId, f.parsed.text.slice(d.range.start, d.range.end)]));
    assert.deepEqual(found, [
      ['db/001_wide.sql', 'no-float-for-money', 'double precision'],
      ['db/001_wide.sql', 'no-char-type', 'char(3)'],
      ['db/003_alter.sql', 'prefer-timestamptz', 'timestamp'],
    ]);
  });
});
