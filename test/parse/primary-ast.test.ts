// Parsing without the primary AST (how the language server indexes unopened files) gives the same
// facts; parsing such a file again with it keeps the file's objects when the facts agree, and
// returns the new parse when they do not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clearParseCache, parseDocument, withPrimaryAst } from '../../server/src/engine/index.js';
import { usePostgresParser } from '../helpers/engine.js';
import { syntheticHistory } from '../helpers/history.js';

usePostgresParser();

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

test('without the primary AST every statement says so, and the facts equal a full parse', () => {
  let primary = 0;
  for (const text of Object.values(syntheticHistory(40, { rich: true }))) {
    clearParseCache();
    const fast = parseDocument(text, { primaryAst: false });
    clearParseCache();
    const full = parseDocument(text);
    assert.ok(fast.statements.every((s) => s.parser !== 'pgsql-ast-parser'));
    primary += full.statements.filter((s) => s.parser === 'pgsql-ast-parser').length;
    assert.deepEqual(plain(fast.statements.map((s) => s.facts)), plain(full.statements.map((s) => s.facts)));
  }
  assert.ok(primary > 100, `the rich history has statements pgsql-ast-parser accepts (${primary})`);
});

test('withPrimaryAst keeps the parse when the facts agree, labelling each statement with its parser', () => {
  const text = Object.values(syntheticHistory(12, { rich: true })).pop()!;
  clearParseCache();
  const fast = parseDocument(text, { primaryAst: false });
  const facts = fast.statements.map((s) => s.facts);
  const upgraded = withPrimaryAst(fast);
  assert.equal(upgraded, fast, 'the same object: what was computed from it stays valid');
  assert.ok(fast.statements.some((s) => s.parser === 'pgsql-ast-parser'));
  assert.ok(fast.statements.every((s, i) => s.facts === facts[i]), 'the same facts objects');
  // A later parse of the same text (cached by statement) has the primary AST's facts, equal to these.
  assert.deepEqual(plain(parseDocument(text).statements.map((s) => s.facts)), plain(facts));
});

test('withPrimaryAst returns the new parse when the facts disagree', () => {
  clearParseCache();
  const fast = parseDocument('CREATE TABLE t (id bigint PRIMARY KEY, name text);', { primaryAst: false });
  // What an adapter bug would look like: a fact the primary AST does not give.
  const table = fast.statements[0]!.facts.find((f) => f.kind === 'createTable')!;
  if (table.kind === 'createTable') table.columns = table.columns.slice(0, 1);
  const upgraded = withPrimaryAst(fast);
  assert.notEqual(upgraded, fast);
  const columns = upgraded.statements[0]!.facts.find((f) => f.kind === 'createTable');
  assert.deepEqual(columns?.kind === 'createTable' ? columns.columns.map((c) => c.name.name) : [], ['id', 'name']);
});
