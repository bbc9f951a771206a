// DROP MATERIALIZED VIEW drops the view's indexes with it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint, usePostgresParser } from '../helpers/engine.js';
import { REPLAY_CASES } from '../helpers/replay-cases.js';

usePostgresParser();

test('the indexes of a dropped materialized view are gone from the model', () => {
  const r = lint(REPLAY_CASES.dropMaterializedView);
  assert.equal(r.final.views.get('public.score_mview'), undefined);
  assert.equal(r.final.indexes.get('public.idx_score_mview_id'), undefined);
  assert.ok(r.final.indexes.get('public.score_pkey'), "the table's own index stays");
});
