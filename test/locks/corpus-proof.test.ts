// Proof against PostgreSQL on real histories: every statement of lemmy's and trigger.dev's migrations
// (../shared/corpus) runs in PGlite (PostgreSQL 18) after the history before it, and what PostgreSQL
// locked, rewrote and scanned must be what the lock model predicts for postgresVersion 18.
//
// Each statement runs in a transaction of its own, and pg_locks, relfilenode and the scan counters are
// read before that transaction ends. It then COMMITs rather than ROLLs BACK: what is read is the same,
// and the next statement needs this one's effect (a ROLLBACK would mean running every statement twice).
// Statements the model declares it cannot predict (DO blocks, CALL, SELECT of user functions, DROP …
// CASCADE of non-table objects) are counted and listed, not compared; ARCHITECTURE.md says why.
//
// The histories, their setup (Diesel's bookkeeping table) and the extensions PGlite loads come from
// the schema-model oracle's helpers (test/helpers/oracle.ts, server/src/pg/), which run them as their
// tools do; lemmy's replaceable schema, which lemmy_server runs after the migrations, is added here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { SourceFile } from '../../server/src/engine/index.js';
import { extensionsNamedIn } from '../../server/src/pg/apply-history.js';
import { CORPUS_DIR, corpusAvailable } from '../helpers/corpus.js';
import { usePostgresParser } from '../helpers/engine.js';
import { corpusHistories, type OracleHistory } from '../helpers/oracle.js';
import { disagreements, predictFiles, scanned } from './compare.js';
import { LockProbe } from './pg-probe.js';

const PGLITE_VERSION = 18;

/**
 * lemmy_server runs `CREATE SCHEMA r;`, then replaceable_schema/utils.sql and triggers.sql after the
 * migrations (crates/diesel_utils/src/schema_setup/mod.rs): files added after the history, in that
 * order (the `migrations` globs keep it).
 */
function withReplaceableSchema(h: OracleHistory): { files: OracleHistory['files']; order: string[] } {
  if (h.name !== 'lemmy') return { files: h.files, order: [] };
  const dir = 'crates/diesel_utils/replaceable_schema';
  const added = [
    { relPath: 'replaceable_schema/0000_create_schema.sql', sql: 'CREATE SCHEMA r;' },
    ...['utils.sql', 'triggers.sql'].map((f) => ({ relPath: `${dir}/${f}`, sql: readFileSync(join(CORPUS_DIR, 'lemmy', dir, f), 'utf8') })),
  ];
  return { files: [...h.files, ...added], order: ['migrations/**', ...added.map((f) => f.relPath)] };
}

usePostgresParser();

describe('the lock model agrees with PostgreSQL on every statement of real histories', { skip: corpusAvailable() ? false : `no corpus at ${CORPUS_DIR}` }, () => {
  // Read once the parser is loaded (the histories' up sections are found by parsing them).
  let histories: OracleHistory[] | undefined;
  for (const name of ['lemmy', 'trigger.dev']) {
    test(name, { timeout: 15 * 60_000 }, async (t) => {
      histories ??= corpusHistories();
      const history = histories.find((h) => h.name === name)!;
      const { files, order } = withReplaceableSchema(history);
      const sources: SourceFile[] = files.map((f) => ({ path: `/${history.name}/${f.relPath}`, relPath: f.relPath, text: f.sql }));
      const predicted = predictFiles(sources, PGLITE_VERSION, order);
      const probe = await LockProbe.create(extensionsNamedIn(files));
      let compared = 0;
      const unknown = new Map<string, number>();
      const failed: string[] = [];
      const problems: string[] = [];
      try {
        for (const sql of history.setup) await probe.exec(sql);
        // The order the history model replays (the engine's version order, or the globs').
        for (const [path, locks] of predicted) {
          const file = sources.find((f) => f.path === path)!;
          for (const p of locks.statements) {
            const st = p.statement;
            if (st.error || st.facts.some((f) => f.kind === 'transaction')) continue;
            const sql = file.text.slice(st.range.start, st.range.end);
            const where = `${file.relPath}:${file.text.slice(0, st.range.start).split('\n').length}`;
            let observed;
            try {
              observed = await probe.observe(sql, { keep: true, ownTransaction: p.ownTransactions, scansOf: scanned(p) });
            } catch (e) {
              failed.push(`${where}: ${(e as Error).message}`);
              continue;
            }
            if (p.unknown) {
              const kind = p.unknown.split(':')[0]!;
              unknown.set(kind, (unknown.get(kind) ?? 0) + 1);
              continue;
            }
            compared++;
            for (const d of disagreements(p, observed, { exactWeak: false })) problems.push(`${where} ${p.command}: ${d}`);
          }
        }
      } finally {
        await probe.close();
      }
      t.diagnostic(`${history.name}: ${compared} statements compared with pg_locks, ${[...unknown.values()].reduce((a, b) => a + b, 0)} not predicted by design (${[...unknown].map(([k, n]) => `${k} ×${n}`).join('; ') || 'none'}), ${failed.length} rejected by PostgreSQL`);
      for (const f of failed.slice(0, 20)) t.diagnostic(`rejected: ${f}`);
      assert.deepEqual(problems, []);
      assert.ok(compared > 500, `${history.name}: only ${compared} statements applied and compared`);
      assert.deepEqual(failed, [], `${history.name}: PostgreSQL rejected statements (the history did not apply as its tool runs it)`);
    });
  }
});
