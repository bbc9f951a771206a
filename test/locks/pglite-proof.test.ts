// Proof against PostgreSQL: every statement kind of the lock model's catalogue runs in PGlite
// (PostgreSQL 18) after the fixture history, inside BEGIN … ROLLBACK; what its own backend holds in
// pg_locks, which relfilenodes changed and which tables were read must be what the model predicts
// for postgresVersion 18. Where the project default (16) predicts otherwise, the entry says why.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_POSTGRES_VERSION } from '../../server/src/engine/index.js';
import type { StatementLocks } from '../../server/src/engine/locks/types.js';
import { project, usePostgresParser } from '../helpers/engine.js';
import { CATALOGUE, FIXTURE, type CatalogueEntry } from './catalogue.js';
import { disagreements, predictFiles, scanned } from './compare.js';
import { LockProbe } from './pg-probe.js';

const PGLITE_VERSION = 18;
// A session time zone other than UTC, as the model assumes unless told (PGlite's default is UTC).
const SESSION = "RESET ALL; SET timezone = 'Europe/Paris'";

usePostgresParser();
let probe: LockProbe;
before(async () => {
  probe = await LockProbe.create();
  await probe.exec(SESSION);
  await probe.exec(FIXTURE);
});
after(async () => probe?.close());

function predict(entry: CatalogueEntry, version: number): StatementLocks {
  const files = project({ '0001_fixture.sql': FIXTURE, '0002_statement.sql': `${entry.prefix ? entry.prefix + ';\n' : ''}${entry.sql};\n` });
  const locks = predictFiles(files, version).get('/project/0002_statement.sql')!;
  return locks.statements.at(-1)!;
}

function summary(p: StatementLocks): string {
  return p.relations.map((r) => `${r.key} ${r.mode}${r.rewrite ? ' rewrite' : ''}${r.scan ? ' scan' : ''}`).join(', ') || 'no relation';
}

for (const [group, entries] of Object.entries(CATALOGUE)) {
  describe(group, () => {
    for (const entry of entries) {
      test(entry.sql, async (t) => {
        const predicted = predict(entry, PGLITE_VERSION);
        assert.equal(predicted.unknown, undefined, `the catalogue holds only statements the model claims to know: ${predicted.unknown}`);
        assert.equal(!!predicted.ownTransactions, !!entry.ownTransaction, 'the model knows which statements cannot run in a transaction block');
        let observed;
        try {
          if (entry.prefix) await probe.exec(entry.prefix);
          observed = await probe.observe(entry.sql, { ownTransaction: entry.ownTransaction, scansOf: scanned(predicted) });
        } finally {
          if (entry.prefix) await probe.exec(SESSION);
        }
        if (entry.ownTransaction) {
          // It ran for real: put the fixture back as it was.
          await probe.exec('DROP SCHEMA public CASCADE; DROP SCHEMA archive CASCADE; CREATE SCHEMA public;');
          await probe.exec(FIXTURE);
        }
        const problems = disagreements(predicted, observed, { exactWeak: true });
        const unchecked = entry.cannotCheck ?? {};
        const relevant = problems.filter((p) => !(unchecked.rewrite && /rewrite|relfilenode/.test(p)));
        if (unchecked.locks) assert.equal(observed.locksObserved, false, 'an entry that says its locks cannot be read must really not be readable');
        assert.deepEqual(relevant, [], `model: ${summary(predicted)}`);
        // The project's default version: same prediction unless the entry says why not.
        const atDefault = predict(entry, DEFAULT_POSTGRES_VERSION);
        const same = summary(atDefault) === summary(predicted);
        if (entry.pg16) {
          assert.equal(same, false, `the entry says PostgreSQL ${DEFAULT_POSTGRES_VERSION} differs (${entry.pg16}), but the model predicts the same`);
          t.diagnostic(`PGlite (${PGLITE_VERSION}) differs from postgresVersion ${DEFAULT_POSTGRES_VERSION}: ${entry.pg16}`);
        } else assert.ok(same, `postgresVersion ${DEFAULT_POSTGRES_VERSION} predicts ${summary(atDefault)}, PGlite's ${PGLITE_VERSION} ${summary(predicted)}: say why in the catalogue`);
      });
    }
  });
}
