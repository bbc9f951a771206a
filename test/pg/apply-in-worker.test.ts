// The worker that runs PGlite: a time limit ends it, and the caller gets an error, not a hang.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyInWorker } from '../../server/src/pg/apply-in-worker.js';

test('a run over its time limit is abandoned: the worker is terminated and the promise rejects', async () => {
  const t0 = performance.now();
  await assert.rejects(applyInWorker([{ steps: [{ path: '0001.sql', sql: 'CREATE TABLE t (id int);', run: 'transaction' }] }], { timeoutMs: 50 }), /did not finish within 50 ms/);
  assert.ok(performance.now() - t0 < 5_000, 'without waiting for PGlite to start');
});
