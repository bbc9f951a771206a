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
// A minimal applier: the extensions these histories create are loaded into PGlite, transaction
// statements are left to the per-statement transactions, and nothing else is adapted. (Issue 14's
// history applier, once it lands, can replace it.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { isDownMigration, type SourceFile } from '../../server/src/engine/index.js';
import { CORPUS_DIR, corpusAvailable, corpusFiles } from '../helpers/corpus.js';
import { usePostgresParser } from '../helpers/engine.js';
import { disagreements, predictFiles, scanned } from './compare.js';
import { LockProbe } from './pg-probe.js';

const PGLITE_VERSION = 18;

/**
 * How each history is run, as its tool and its application do it: the files in this order (globs, as
 * the `migrations` setting takes them), with these statements added where the runner adds them.
 */
const SOURCES: Record<string, { migrations: string[]; added: Record<string, string> }> = {
  // Diesel creates its bookkeeping table first (a later migration puts a trigger on it); lemmy_server
  // runs `CREATE SCHEMA r;`, then replaceable_schema/utils.sql and triggers.sql after the migrations
  // (crates/diesel_utils/src/schema_setup/mod.rs).
  lemmy: {
    migrations: ['bookkeeping/*.sql', 'migrations/**', 'replaceable_schema/0000_create_schema.sql', 'crates/diesel_utils/replaceable_schema/utils.sql', 'crates/diesel_utils/replaceable_schema/triggers.sql'],
    added: {
      'bookkeeping/diesel.sql': 'CREATE TABLE __diesel_schema_migrations (version varchar(50) PRIMARY KEY NOT NULL, run_on timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP);',
      'replaceable_schema/0000_create_schema.sql': 'CREATE SCHEMA r;',
    },
  },
  // Prisma runs migrations/<version>_<name>/migration.sql in version order.
  'trigger.dev': { migrations: [], added: {} },
};

usePostgresParser();

describe('the lock model agrees with PostgreSQL on every statement of real histories', { skip: corpusAvailable() ? false : `no corpus at ${CORPUS_DIR}` }, () => {
  for (const [source, runner] of Object.entries(SOURCES)) {
    test(source, { timeout: 15 * 60_000 }, async (t) => {
      const files: SourceFile[] = corpusFiles()
        .filter((f) => f.source === source && !isDownMigration(f.rel))
        .map((f) => ({ path: f.abs, relPath: relative(join(CORPUS_DIR, source), f.abs).split('\\').join('/'), text: readFileSync(f.abs, 'utf8') }));
      for (const [relPath, text] of Object.entries(runner.added)) files.push({ path: `/added/${source}/${relPath}`, relPath, text });
      const predicted = predictFiles(files, PGLITE_VERSION, runner.migrations);
      const probe = await LockProbe.create({ extensions: { ltree, pg_trgm, pgcrypto } });
      let compared = 0;
      const unknown = new Map<string, number>();
      const failed: string[] = [];
      const problems: string[] = [];
      try {
        // The order the history model replays (the engine's version order).
        for (const [path, locks] of predicted) {
          const file = files.find((f) => f.path === path)!;
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
      t.diagnostic(`${source}: ${compared} statements compared with pg_locks, ${[...unknown.values()].reduce((a, b) => a + b, 0)} not predicted by design (${[...unknown].map(([k, n]) => `${k} ×${n}`).join('; ') || 'none'}), ${failed.length} rejected by PostgreSQL`);
      for (const f of failed.slice(0, 200)) t.diagnostic(`rejected: ${f}`);
      assert.deepEqual(problems, []);
      assert.ok(compared > 500, `${source}: only ${compared} statements applied and compared`);
      assert.ok(failed.length <= compared / 100, `${source}: PostgreSQL rejected ${failed.length} statements (the history did not apply): ${failed.slice(0, 5).join(' | ')}`);
    });
  }
});
