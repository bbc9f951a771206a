// The schema model's oracle: four real histories applied to PostgreSQL 18 (PGlite) the way their
// migration tools run them, and PostgreSQL's catalog compared with our final model. Every
// disagreement must be one of the documented ones (ARCHITECTURE.md, "What the oracle still finds").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyInWorker } from '../../server/src/pg/apply-in-worker.js';
import { corpusAvailable } from '../helpers/corpus.js';
import { usePostgresParser } from '../helpers/engine.js';
import { compareWithModel, corpusHistories, formatCounts, replayHistory, stepsOf } from '../helpers/oracle.js';

usePostgresParser();

test('oracle: PostgreSQL and the final schema model agree on lemmy, trigger.dev, supabase-postgres and lago', async (t) => {
  if (!corpusAvailable()) {
    t.skip('../shared/corpus is absent: the schema model is not checked against PostgreSQL');
    return;
  }
  const histories = corpusHistories();
  // PostgreSQL applies the histories on a worker thread while this thread replays them.
  const applied = applyInWorker(
    histories.map((h) => ({
      steps: stepsOf(h),
      // PGlite lacks some extensions (pg_partman, pgjwt, pgsodium, …): their CREATE EXTENSION is left
      // out, and a later statement that needs one would fail the history (none does here).
      options: { setup: h.setup, missingExtension: 'skip' as const },
      readCatalog: true,
    })),
    { timeoutMs: 600_000 },
  );
  const t0 = performance.now();
  const models = histories.map((h) => replayHistory(h));
  const replayMs = performance.now() - t0;
  const results = await applied;
  const unexpected: string[] = [];
  const report: string[] = [`model replay of the four histories: ${Math.round(replayMs)} ms`];
  histories.forEach((h, i) => {
    const r = results[i]!;
    assert.equal(r.result.failure, undefined, `${h.name}: PostgreSQL rejected ${JSON.stringify(r.result.failure)}`);
    assert.equal(r.result.applied, h.files.length, `${h.name}: every file applies`);
    const comparison = compareWithModel(r.catalog!, models[i]!, r.setupCatalog);
    const missing = [...new Set(r.result.skipped.filter((s) => s.reason === 'missing-extension').map((s) => s.extension))];
    report.push(
      `${h.name}: ${h.files.length} files, PostgreSQL ${r.serverVersion}, start ${Math.round(r.startMs)} ms, apply ${Math.round(r.applyMs)} ms` +
        (r.result.createdRoles.length ? `; roles created: ${r.result.createdRoles.join(', ')}` : '') +
        (missing.length ? `; extensions PGlite lacks, left out: ${missing.join(', ')}` : ''),
      formatCounts(comparison),
      ...comparison.differences.map((d) => `  ${d.expected ? 'expected' : 'UNEXPECTED'} ${d.aspect}: ${d.text}${d.expected ? ` (${d.expected})` : ''}`),
    );
    for (const d of comparison.differences) if (!d.expected) unexpected.push(`${h.name} ${d.aspect}: ${d.text}`);
  });
  t.diagnostic('\n' + report.join('\n'));
  assert.deepEqual(unexpected, []);
});
