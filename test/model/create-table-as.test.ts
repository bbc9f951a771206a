// CREATE TABLE … AS gets its columns: names as PostgreSQL chooses them, types from the columns,
// casts and literals the query reads, so that later renames reach the table's indexes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint, usePostgresParser } from '../helpers/engine.js';
import { REPLAY_CASES } from '../helpers/replay-cases.js';

usePostgresParser();

function columns(r: ReturnType<typeof lint>, table: string): [string, string, boolean][] {
  const t = r.final.table(undefined, table)!;
  return [...t.columns.values()].map((c) => [c.name, `${c.type.name}${c.type.mods.length ? `(${c.type.mods.join(',')})` : ''}${c.type.isArray ? '[]' : ''}`, !!c.type.serial]);
}

test('a UNION takes its names from the first arm and each type from the first arm that tells it; serial becomes a plain integer', () => {
  const r = lint(REPLAY_CASES.createTableAs);
  assert.deepEqual(columns(r, 'person_content_combined'), [
    ['published_at', 'timestamptz', false],
    ['creator_id', 'int4', false],
    ['post_id', 'int4', false],
    ['comment_id', 'int4', false],
    ['id', 'int4', false],
  ]);
  assert.equal(r.final.table(undefined, 'person_content_combined')!.columnsIncomplete, false);
});

test('aggregates, aliases, literals and a qualified column get their types', () => {
  const r = lint(REPLAY_CASES.createTableAs);
  assert.deepEqual(columns(r, 'post_actions'), [
    ['liked', 'timestamptz', false],
    ['person_id', 'int4', false],
    ['n', 'int8', false],
    ['flag', 'bool', false],
    ['label', 'text', false],
    ['title', 'varchar(200)', false],
  ]);
});

test('SELECT * copies the columns (without defaults), a column list renames them, a subquery passes types through', () => {
  const r = lint(REPLAY_CASES.createTableAs);
  assert.deepEqual(columns(r, 'post_copy'), [
    ['id', 'int4', false],
    ['creator_id', 'int4', false],
    ['published', 'timestamptz', false],
    ['title', 'varchar(200)', false],
  ]);
  assert.equal(r.final.table(undefined, 'post_copy')!.columns.get('published')!.default, undefined);
  assert.equal(r.final.table(undefined, 'post_copy')!.columns.get('published')!.notNull, false);
  assert.deepEqual(columns(r, 'post_titles'), [
    ['a', 'int4', false],
    ['b', 'varchar(200)', false],
  ]);
  assert.deepEqual(columns(r, 'post_liked'), [
    ['liked', 'timestamptz', false],
    ['id', 'int4', false],
  ]);
});

test('renaming a column of a CREATE TABLE … AS table reaches its index', () => {
  const r = lint(REPLAY_CASES.createTableAs);
  assert.deepEqual(r.final.indexes.get('public.idx_person_content_combined_creator_published')?.columns, ['creator_id', 'published_at', 'id']);
});

test('what the model cannot tell: * over an unknown table leaves the columns incomplete; an unknown expression is of type unknown', () => {
  const r = lint({ '0001.sql': 'CREATE TABLE a AS SELECT * FROM somewhere_else;\nCREATE TABLE b AS SELECT 1 + 1 AS two, some_function() AS f;' });
  assert.equal(r.final.table(undefined, 'a')!.columnsIncomplete, true);
  const b = r.final.table(undefined, 'b')!;
  assert.equal(b.columnsIncomplete, false);
  assert.deepEqual(columns(r, 'b'), [
    ['two', 'unknown', false],
    ['f', 'unknown', false],
  ]);
});
