// Applying a history to PostgreSQL (PGlite): file by file as the migration tool runs them, the first
// failure reported with PostgreSQL's own error at the failing statement, and the obstacles that are
// not the history's fault (roles, extensions, psql text, COPY data) handled instead of reported.
// One PGlite serves every test (each history uses its own names); it starts in about 3 s.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { applyHistory, canTryStep, extensionsNamedIn, tryStep, type HistoryStep, type RunMode } from '../../server/src/pg/apply-history.js';
import { openPglite, type PgliteInstance } from '../../server/src/pg/pglite.js';
import { pgErrorOf } from '../../server/src/pg/session.js';
import { usePostgresParser } from '../helpers/engine.js';

usePostgresParser();

let pg: PgliteInstance;

before(async () => {
  pg = await openPglite({ extensions: ['uuid-ossp', 'postgis'] });
});

after(async () => {
  await pg?.close();
});

function steps(files: Record<string, string>, run: RunMode = 'transaction'): HistoryStep[] {
  return Object.entries(files).map(([path, sql]) => ({ path, sql, run }));
}

async function tableExists(name: string): Promise<boolean> {
  const rows = await pg.session.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [name]);
  return rows[0]?.t !== null;
}

test('the first failing file is reported with SQLSTATE, message and the failing statement; nothing of it stays and nothing after it runs', async () => {
  const files = {
    '0001_a.sql': 'CREATE TABLE fail_a (id int);',
    '0002_b.sql': 'CREATE TABLE fail_b (x int);\nALTER TABLE fail_b ADD CONSTRAINT fail_b_x_fkey FOREIGN KEY (x) REFERENCES fail_a (id);',
    '0003_c.sql': 'CREATE TABLE fail_c (id int);',
  };
  const r = await applyHistory(pg.session, steps(files));
  assert.equal(r.applied, 1);
  assert.equal(r.failure?.step, 1);
  assert.equal(r.failure?.path, '0002_b.sql');
  assert.equal(r.failure?.error.code, '42830');
  assert.match(r.failure!.error.message, /no unique constraint matching given keys for referenced table "fail_a"/);
  assert.equal(r.failure?.statement?.index, 1);
  const { start, end } = r.failure!.statement!.range;
  assert.equal(files['0002_b.sql'].slice(start, end), 'ALTER TABLE fail_b ADD CONSTRAINT fail_b_x_fkey FOREIGN KEY (x) REFERENCES fail_a (id)');
  assert.equal(await tableExists('fail_a'), true);
  assert.equal(await tableExists('fail_b'), false, 'the failed file was one transaction');
  assert.equal(await tableExists('fail_c'), false, 'later files are not run');
});

test("PostgreSQL's detail, hint and error position come through, the position as an offset into the file", async () => {
  const withHint = await applyHistory(pg.session, steps({ '0001.sql': 'CREATE TABLE hint_t (id int);\nALTER TABLE hint_t ALTER COLUMN id TYPE int[];' }));
  assert.equal(withHint.failure?.error.code, '42804');
  assert.match(withHint.failure!.error.hint ?? '', /USING/);
  const withDetail = await applyHistory(pg.session, steps({ '0001.sql': 'CREATE TABLE detail_t (id int);\nINSERT INTO detail_t VALUES (1), (1);\nCREATE UNIQUE INDEX detail_t_id ON detail_t (id);' }));
  assert.equal(withDetail.failure?.error.code, '23505');
  assert.match(withDetail.failure!.error.detail ?? '', /Key \(id\)=\(1\) is duplicated/);
  // PostgreSQL gives a position for few DDL errors; a data statement's unknown column has one.
  const sql = 'CREATE TABLE pos_t (id int);\nINSERT INTO pos_t (id) SELECT no_such_column FROM pos_t;';
  const withPosition = await applyHistory(pg.session, steps({ '0001.sql': sql }));
  assert.equal(withPosition.failure?.error.code, '42703');
  assert.equal(sql.slice(withPosition.failure!.offset!, withPosition.failure!.offset! + 'no_such_column'.length), 'no_such_column');
});

test('a role the history grants to but never creates is created, and the statement retried', async () => {
  const r = await applyHistory(pg.session, steps({ '0001.sql': 'CREATE TABLE roles_t (id int);\nGRANT SELECT ON roles_t TO app_reader;\nALTER TABLE roles_t OWNER TO app_owner;' }));
  assert.equal(r.failure, undefined);
  assert.equal(r.applied, 1);
  assert.deepEqual(r.createdRoles, ['app_reader', 'app_owner']);
  assert.equal(await tableExists('roles_t'), true);
});

test('`postgres` is an ordinary superuser, as on managed services: a history may change or demote it', async () => {
  const r = await applyHistory(pg.session, steps({ '0001.sql': 'ALTER ROLE postgres NOSUPERUSER CREATEDB;\nALTER ROLE postgres SUPERUSER;' }));
  assert.equal(r.failure, undefined);
});

test('the contrib extensions a history creates are loaded; one PGlite lacks stops the run, or is left out when asked', async () => {
  assert.deepEqual(extensionsNamedIn([{ sql: 'create extension if not exists "uuid-ossp" with schema public;\nCREATE EXTENSION PostGIS;' }]), ['postgis', 'uuid-ossp']);
  const contrib = await applyHistory(pg.session, steps({ '0001.sql': 'CREATE EXTENSION IF NOT EXISTS "uuid-ossp";\nCREATE TABLE ext_t (id uuid DEFAULT uuid_generate_v4());' }));
  assert.equal(contrib.failure, undefined);
  const missing = { '0001.sql': 'CREATE TABLE before_gis (id int);', '0002.sql': 'CREATE EXTENSION postgis;\nCREATE TABLE after_gis (id int);', '0003.sql': 'CREATE TABLE later_gis (id int);' };
  const stopped = await applyHistory(pg.session, steps(missing));
  assert.equal(stopped.failure, undefined, 'not the history\'s fault');
  assert.deepEqual([stopped.applied, stopped.stopped?.reason, stopped.stopped?.extension, stopped.stopped?.path], [1, 'missing-extension', 'postgis', '0002.sql']);
  assert.equal(await tableExists('after_gis'), false);
  const skipped = await applyHistory(pg.session, steps({ '0001.sql': 'CREATE EXTENSION postgis;\nCREATE TABLE skip_gis (id int);', '0002.sql': 'CREATE TABLE skip_gis_later (g geometry);' }), { missingExtension: 'skip' });
  assert.deepEqual(skipped.skipped.map((s) => [s.path, s.reason, s.extension]), [['0001.sql', 'missing-extension', 'postgis']]);
  assert.equal(await tableExists('skip_gis'), true);
  assert.equal(skipped.failure?.path, '0002.sql');
  assert.deepEqual(skipped.failure?.afterSkippedExtensions, ['postgis'], 'the failure may come from the missing extension');
});

test('psql meta-commands and variables are blanked and COPY … FROM stdin is left out (PGlite would wait for its data forever)', async () => {
  const sql = "\\set ON_ERROR_STOP on\nCREATE TABLE copy_t (id int, note text);\nCOPY copy_t (id, note) FROM stdin;\n1\tone\n2\ttwo\n\\.\nCREATE TABLE after_copy (id int);\nCOMMENT ON TABLE after_copy IS :'note';";
  const r = await applyHistory(pg.session, steps({ '0001.sql': sql }));
  assert.equal(r.failure, undefined);
  assert.deepEqual(r.skipped.map((s) => [s.reason, s.statement.text]), [['copy-from-stdin', 'COPY copy_t (id, note) FROM stdin']]);
  assert.equal(await tableExists('after_copy'), true);
});

test('each file is its own transaction: a new enum value is usable in the next file, not in its own', async () => {
  const ok = await applyHistory(pg.session, steps({ '0001.sql': "CREATE TYPE tx_mood AS ENUM ('sad');", '0002.sql': "ALTER TYPE tx_mood ADD VALUE 'happy';", '0003.sql': "CREATE TABLE tx_t (m tx_mood DEFAULT 'happy');\nINSERT INTO tx_t DEFAULT VALUES;" }));
  assert.equal(ok.failure, undefined);
  const same = await applyHistory(pg.session, steps({ '0001.sql': "ALTER TYPE tx_mood ADD VALUE 'glad';\nCREATE TABLE tx_t2 (m tx_mood DEFAULT 'glad');" }));
  assert.equal(same.failure?.error.code, '55P04', 'unsafe use of new value');
  assert.equal(same.failure?.statement?.index, 1);
});

test('Prisma runs a lone CREATE INDEX CONCURRENTLY outside a transaction; in a transaction it fails', async () => {
  await applyHistory(pg.session, steps({ '0001.sql': 'CREATE TABLE cic_t (id int);' }));
  const prisma = await applyHistory(pg.session, steps({ '0001.sql': '-- CreateIndex\nCREATE INDEX CONCURRENTLY cic_t_id ON cic_t (id);' }, 'multi-statement'));
  assert.equal(prisma.failure, undefined);
  const wrapped = await applyHistory(pg.session, steps({ '0001.sql': 'CREATE INDEX CONCURRENTLY cic_t_id2 ON cic_t (id);' }, 'transaction'));
  assert.equal(wrapped.failure?.error.code, '25001');
});

test("psql-style files commit statement by statement: what ran before the failing statement stays", async () => {
  const r = await applyHistory(pg.session, steps({ 'structure.sql': 'CREATE TABLE psql_a (id int);\nCREATE TABLE psql_a (id int);\nCREATE TABLE psql_b (id int);' }, 'statements'));
  assert.equal(r.applied, 0);
  assert.equal(r.failure?.error.code, '42P07');
  assert.equal(r.failure?.statement?.index, 1);
  assert.equal(await tableExists('psql_a'), true);
  assert.equal(await tableExists('psql_b'), false);
});

test("the tool's bookkeeping table is created before the history; a file's own BEGIN and COMMIT are honoured", async () => {
  const r = await applyHistory(
    pg.session,
    steps({
      '0001.sql': 'CREATE FUNCTION forbid () RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;\nCREATE TRIGGER forbid BEFORE INSERT ON __bookkeeping_migrations EXECUTE FUNCTION forbid ();',
      '0002.sql': 'BEGIN;\nCREATE TABLE own_tx (id int);\nCOMMIT;',
    }),
    { setup: ['CREATE TABLE IF NOT EXISTS __bookkeeping_migrations (version varchar(50) PRIMARY KEY)'] },
  );
  assert.equal(r.failure, undefined);
  assert.equal(r.applied, 2);
  assert.equal(await tableExists('own_tx'), true);
});

test('trying a step (the editor\'s verify-on-save) leaves the database as it was, failing or not, and checks deferred constraints', async () => {
  await applyHistory(pg.session, steps({ '0001.sql': 'CREATE TABLE try_t (id int PRIMARY KEY);' }));
  const ok = await tryStep(pg.session, { path: '0002.sql', sql: 'CREATE TABLE try_new (id int);\nALTER TABLE try_t ADD COLUMN note text;', run: 'transaction' });
  assert.equal(ok.failure, undefined);
  assert.equal(await tableExists('try_new'), false, 'rolled back');
  const bad = await tryStep(pg.session, { path: '0002.sql', sql: 'CREATE TABLE try_new (id int);\nALTER TABLE try_t ADD COLUMN id int;', run: 'multi-statement' });
  assert.equal(bad.failure?.error.code, '42701');
  assert.equal(bad.failure?.statement?.index, 1);
  assert.equal(await tableExists('try_new'), false);
  const deferred = await tryStep(pg.session, {
    path: '0003.sql',
    sql: 'CREATE TABLE try_child (p int REFERENCES try_t (id) DEFERRABLE INITIALLY DEFERRED);\nINSERT INTO try_child VALUES (42);',
    run: 'transaction',
  });
  assert.equal(deferred.failure?.error.code, '23503', 'COMMIT would have failed: so does the try');
  assert.equal(await tableExists('try_child'), false);
  const psql = await tryStep(pg.session, { path: 'structure.sql', sql: 'CREATE TABLE try_psql (id int);\nCREATE TABLE try_psql (id int);', run: 'statements' });
  assert.equal(psql.failure?.statement?.index, 1);
  assert.equal(await tableExists('try_psql'), false, 'statement by statement, yet nothing kept');
});

test('a step runs in place, never tried, when a transaction would change its outcome or it manages its own', () => {
  assert.equal(canTryStep({ path: 'a', sql: 'CREATE TABLE a (id int);', run: 'transaction' }), true);
  assert.equal(canTryStep({ path: 'a', sql: 'CREATE TABLE a (id int); CREATE TABLE b (id int);', run: 'multi-statement' }), true);
  assert.equal(canTryStep({ path: 'a', sql: 'CREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN b int;', run: 'statements' }), true, 'statement by statement, nothing a transaction changes');
  assert.equal(canTryStep({ path: 'a', sql: 'CREATE INDEX CONCURRENTLY a_i ON a (id);', run: 'multi-statement' }), false, 'a lone statement of a multi-statement tool runs outside any transaction');
  assert.equal(canTryStep({ path: 'a', sql: "ALTER TYPE mood ADD VALUE 'x';\nUPDATE t SET m = 'x';", run: 'statements' }), false, 'the new value is usable only after a commit');
  assert.equal(canTryStep({ path: 'a', sql: 'CREATE INDEX CONCURRENTLY a_i ON a (id);', run: 'transaction' }), true, 'the tool wraps it: it fails there too');
  assert.equal(canTryStep({ path: 'a', sql: 'BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;', run: 'transaction' }), false, 'its own COMMIT would end the try');
});

test('only errors PostgreSQL raised count as the history\'s errors', () => {
  assert.deepEqual(pgErrorOf({ code: '42P01', message: 'relation "x" does not exist', position: '15' }), { code: '42P01', message: 'relation "x" does not exist', position: 15 });
  assert.equal(pgErrorOf(new Error('RuntimeError: unreachable')), undefined);
  assert.equal(pgErrorOf({ code: 'ERR_WORKER_OUT_OF_MEMORY', message: 'x' }), undefined);
});
