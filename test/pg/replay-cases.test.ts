// The replay-gap cases of test/model/ applied to PostgreSQL 18 (PGlite): its catalog must agree with
// the final schema model in every compared aspect, so that each unit test's expectation is
// PostgreSQL's own behaviour, not our reading of it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyInWorker } from '../../server/src/pg/apply-in-worker.js';
import { usePostgresParser } from '../helpers/engine.js';
import { compareWithModel, formatCounts, replayHistory, stepsOf, type OracleHistory } from '../helpers/oracle.js';
import { allReplayCases } from '../helpers/replay-cases.js';

usePostgresParser();

test('PostgreSQL agrees with the schema model on every replay case', async (t) => {
  const history: OracleHistory = { name: 'replay cases', files: allReplayCases(), run: 'transaction', setup: [] };
  const [r] = await applyInWorker([{ steps: stepsOf(history), readCatalog: true }], { timeoutMs: 120_000 });
  assert.equal(r!.result.failure, undefined, JSON.stringify(r!.result.failure));
  assert.equal(r!.result.applied, history.files.length);
  const comparison = compareWithModel(r!.catalog!, replayHistory(history));
  t.diagnostic('\n' + formatCounts(comparison));
  assert.deepEqual(comparison.differences, []);
});
