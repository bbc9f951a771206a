// DDL inside DO blocks reaches the schema model: plain statements (whatever IF they sit in) and
// EXECUTE of literal strings. Rules do not see those statements as the file's own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint, usePostgresParser } from '../helpers/engine.js';
import { REPLAY_CASES } from '../helpers/replay-cases.js';

usePostgresParser();

test('plain DDL statements in a DO block are replayed: a column, a unique index, a guarded foreign key', () => {
  const r = lint(REPLAY_CASES.doBlocks);
  const env = r.final.table(undefined, 'RuntimeEnvironment')!;
  assert.ok(env.columns.has('shortcode'));
  const fks = env.constraints.filter((c) => c.kind === 'foreignKey');
  assert.deepEqual(
    fks.map((c) => [c.name, c.references?.onDelete]),
    [['RuntimeEnvironment_parentEnvironmentId_fkey', 'cascade']],
    'the guarded ADD CONSTRAINT, replayed twice, is one constraint',
  );
});

test('EXECUTE of a literal string is replayed: dollar-quoted, quoted, and literals joined with ||', () => {
  const r = lint(REPLAY_CASES.doBlocks);
  assert.equal(r.final.indexes.get('public.RuntimeEnvironment_projectId_shortcode_key'), undefined, 'renamed away');
  assert.deepEqual(r.final.indexes.get('public.RuntimeEnvironment_shortcode_key')?.columns, ['projectId', 'shortcode']);
  assert.deepEqual(r.final.indexes.get('public.RuntimeEnvironment_parent_idx')?.columns, ['parentEnvironmentId']);
  const note = r.final.table(undefined, 'RuntimeEnvironment')!.columns.get('note');
  assert.equal(note?.default?.text, "'it''s'");
});

test('a statement in a DO block has its origin at its own text in the file', () => {
  const files = REPLAY_CASES.doBlocks;
  const r = lint(files);
  const shortcode = r.final.table(undefined, 'RuntimeEnvironment')!.columns.get('shortcode')!;
  const text = files['0002_shortcode.sql'];
  assert.equal(shortcode.origin.file, '/project/0002_shortcode.sql');
  assert.equal(text.slice(shortcode.origin.range.start, shortcode.origin.range.end), '"shortcode"');
});

test('EXECUTE of a computed string and exception handlers are not replayed; the block\'s DDL is not a fact of the file', () => {
  const text = "DO $$\nBEGIN\n  EXECUTE format('CREATE TABLE %I (id int)', 'computed');\n  CREATE TABLE made (id int);\nEXCEPTION WHEN duplicate_table THEN\n  CREATE TABLE fallback (id int);\nEND $$;";
  const r = lint({ '0001.sql': text });
  assert.ok(r.final.table(undefined, 'made'));
  assert.equal(r.final.table(undefined, 'computed'), undefined);
  assert.equal(r.final.table(undefined, 'fallback'), undefined);
  const facts = r.files[0]!.parsed.statements[0]!.facts;
  assert.deepEqual(facts.map((f) => f.kind).filter((k) => k !== 'query' && k !== 'selectStar'), ['doBlock']);
});

test('a DO block in another language, or without DDL, adds no facts', () => {
  const r = lint({ '0001.sql': "DO LANGUAGE plpython3u $$ plpy.execute('CREATE TABLE py (id int)') $$;\nDO $$ BEGIN PERFORM 1; END $$;" });
  for (const s of r.files[0]!.parsed.statements) assert.deepEqual(s.facts.filter((f) => f.kind === 'doBlock'), []);
  assert.equal(r.final.table(undefined, 'py'), undefined);
});
