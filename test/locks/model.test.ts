// The lock model's answers that PGlite (one PostgreSQL version, one statement at a time) cannot show:
// older postgresVersions, new tables, how long a lock is held in the file's transaction, and the
// words of hints and hovers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument } from '../../server/src/engine/index.js';
import { hintLabel, lockHover } from '../../server/src/engine/locks/describe.js';
import type { StatementLocks } from '../../server/src/engine/locks/types.js';
import { project, usePostgresParser } from '../helpers/engine.js';
import { predictFiles } from './compare.js';

usePostgresParser();

const BASE = `CREATE TABLE users (id int PRIMARY KEY, email text, score int);
CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);
CREATE TABLE events_2024 (id int, at date);
CREATE TABLE checked (c int);
ALTER TABLE checked ADD CONSTRAINT checked_c_not_null CHECK (c IS NOT NULL);`;

function model(code: string, postgresVersion = 16) {
  const files = project({ '0001_base.sql': BASE, '0002_change.sql': code });
  const locks = predictFiles(files, postgresVersion).get('/project/0002_change.sql')!;
  return { locks, all: locks.statements };
}

const one = (code: string, postgresVersion?: number): StatementLocks => model(code, postgresVersion).all.at(-1)!;
const modes = (e: StatementLocks): string[] => e.relations.map((r) => `${r.name} ${r.mode}${r.rewrite ? ' rewrite' : ''}${r.scan ? ' scan' : ''}${r.newTable ? ' new' : ''}`);

describe('lock model: postgresVersion', () => {
  test('a constant default rewrites the table before PostgreSQL 11 only', () => {
    assert.deepEqual(modes(one('ALTER TABLE users ADD COLUMN a int DEFAULT 1;', 10)), ['users AccessExclusiveLock rewrite']);
    assert.deepEqual(modes(one('ALTER TABLE users ADD COLUMN a int DEFAULT 1;', 11)), ['users AccessExclusiveLock']);
  });

  test('SET NOT NULL skips its scan with a validated CHECK from PostgreSQL 12', () => {
    assert.deepEqual(modes(one('ALTER TABLE checked ALTER COLUMN c SET NOT NULL;', 11)), ['checked AccessExclusiveLock scan']);
    assert.deepEqual(modes(one('ALTER TABLE checked ALTER COLUMN c SET NOT NULL;', 12)), ['checked AccessExclusiveLock']);
  });

  test('ATTACH PARTITION takes SHARE UPDATE EXCLUSIVE on the parent from PostgreSQL 12', () => {
    const sql = "ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";
    assert.deepEqual(modes(one(sql, 11)), ['events AccessExclusiveLock', 'events_2024 AccessExclusiveLock scan']);
    assert.deepEqual(modes(one(sql, 12)), ['events ShareUpdateExclusiveLock', 'events_2024 AccessExclusiveLock scan']);
  });

  test('DETACH PARTITION CONCURRENTLY runs in transactions of its own', () => {
    const e = one('ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY;', 14);
    assert.equal(e.ownTransactions, true);
    assert.equal(e.heldUntil, 'end of statement');
    assert.equal(e.relations[0]!.mode, 'ShareUpdateExclusiveLock');
  });
});

describe('lock model: new tables and transactions', () => {
  test('a table created earlier in the file is new: nothing at risk', () => {
    const { all } = model('CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN a int DEFAULT random()::int;');
    assert.deepEqual(modes(all[1]!), ['t AccessExclusiveLock rewrite new']);
    assert.equal(all[1]!.newTable, true);
    assert.equal(hintLabel(all[1]!), undefined, 'no hint: nothing is at risk');
  });

  test('in a BEGIN … COMMIT block, locks are held to the COMMIT, through the backfill after them', () => {
    const code = 'BEGIN;\nALTER TABLE users ADD COLUMN nick text;\nUPDATE users SET nick = email;\nCOMMIT;\nALTER TABLE users DROP COLUMN nick;';
    const { locks } = model(code);
    const alter = locks.statements[1]!;
    assert.equal(alter.heldUntil, 'end of transaction');
    assert.equal(alter.transactionEnd?.index, 3);
    assert.equal(locks.statements[4]!.heldUntil, 'end of statement');
    assert.equal(hintLabel(alter), 'AccessExclusiveLock on users · blocks reads and writes · held to end of transaction');
    const hover = lockHover(alter, locks, parseDocument(code));
    assert.match(hover, /\*\*AccessExclusiveLock\*\* \(ACCESS EXCLUSIVE\) on `users`: blocks every read and write/);
    assert.match(hover, /\*\*How long:\*\* until the COMMIT on line 4, not just this statement: 1 more statement runs while it is held/);
    assert.match(hover, /line 3: UPDATE \(a backfill of `users`: the lock is held for its whole run\)/);
    assert.match(hover, /\*\*Safer:\*\*[\s\S]*SET lock_timeout/);
  });

  test('a rewrite says so in the hint, with the recipe in the hover', () => {
    const e = one('ALTER TABLE users ALTER COLUMN score TYPE bigint;');
    assert.equal(hintLabel(e), 'AccessExclusiveLock on users · blocks reads and writes · rewrites the table');
    assert.equal(hintLabel(e, () => ({ rows: 50, bytes: 16384 })), 'AccessExclusiveLock on users (~50 rows, 16 kB) · blocks reads and writes · rewrites the table');
    const text = 'ALTER TABLE users ALTER COLUMN score TYPE bigint;';
    const hover = lockHover(e, { statements: [e], of: () => e }, parseDocument(text));
    assert.match(hover, /int → bigint is not binary compatible/);
    assert.match(hover, /Add a new column with the new type/);
    assert.match(hover, /until this statement ends/);
  });

  test('CREATE INDEX on a partitioned table locks every partition; the hint counts them', () => {
    const e = one("CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\nCREATE INDEX ON events (at);");
    assert.deepEqual(modes(e), ['events ShareLock scan', 'events_2025 ShareLock scan new']);
    assert.equal(hintLabel(e), 'ShareLock on events · blocks writes · builds an index (full scan)');
  });

  test('statements whose locks the model cannot see say so', () => {
    assert.match(one('DO $$ BEGIN PERFORM 1; END $$;').unknown!, /DO block/);
    assert.match(one('DROP TYPE IF EXISTS mood CASCADE;').unknown!, /CASCADE/);
    assert.equal(one("SELECT setval('users_id_seq', 10);").unknown, undefined, 'built-ins that lock no table are known');
  });
});
