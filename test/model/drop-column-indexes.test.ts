// DROP COLUMN drops every index that reads the column, in its expressions or its predicate too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint, usePostgresParser } from '../helpers/engine.js';
import { REPLAY_CASES } from '../helpers/replay-cases.js';

usePostgresParser();

test('an expression index and a partial index go with a column they read, even after the column was renamed', () => {
  const r = lint(REPLAY_CASES.dropColumnIndexes);
  assert.equal(r.final.indexes.get('public.idx_account_email_lower'), undefined, 'lower(email), email renamed then dropped');
  assert.equal(r.final.indexes.get('public.idx_account_live_name'), undefined, 'WHERE deleted_at IS NULL');
  assert.ok(r.final.indexes.get('public.idx_account_name'));
});

test('an index records the columns its expressions and predicate read', () => {
  const r = lint({ '0001.sql': 'CREATE TABLE t (a text, b int, c int);\nCREATE INDEX t_expr ON t (lower(a), (b + 1)) WHERE c > 0;' });
  assert.deepEqual(r.final.indexes.get('public.t_expr')?.expressionColumns, ['a', 'b', 'c']);
});
