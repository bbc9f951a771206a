// verify's core: a history applied in order, PostgreSQL's error reported as a `migration-fails`
// finding at the failing statement (at the name its message quotes), later files not checked. Every
// class of migration that parses but fails when it runs, on PGlite (PostgreSQL 18) and, with
// --database-url, on Debian's PostgreSQL server started by the test (see test/helpers/postgres-server.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { defaultConfig, loadPostgresParser, type ResolvedConfig } from '../../server/src/engine/index.js';
import { applyHistory, type ApplyResult } from '../../server/src/pg/apply-history.js';
import { openPglite, type PgliteInstance } from '../../server/src/pg/pglite.js';
import { applyOnServer, withDatabase } from '../../server/src/pg/pg-server.js';
import { planVerify, verifyReport, type VerifyPlan } from '../../server/src/pg/verify.js';
import { postgresForSuite } from '../helpers/postgres-server.js';

interface Case {
  name: string;
  files: Record<string, string>;
  /** The failing file, the SQLSTATE, the text the finding covers, and the message. */
  file: string;
  code: string;
  at: string;
  message: RegExp;
}

// Each case uses its own names: on PGlite they all run in one database.
const CASES: Case[] = [
  {
    name: 'a foreign key to columns without a unique constraint',
    files: { '0001_a.sql': 'CREATE TABLE fk_users (id bigint PRIMARY KEY, email text);', '0002_b.sql': 'CREATE TABLE fk_orders (\n  id bigint PRIMARY KEY,\n  email text REFERENCES fk_users (email)\n);' },
    file: '0002_b.sql',
    code: '42830',
    at: 'fk_users',
    message: /there is no unique constraint matching given keys for referenced table "fk_users"/,
  },
  {
    name: 'a duplicate column',
    files: { '0001_a.sql': 'CREATE TABLE dup_t (\n  id bigint PRIMARY KEY,\n  name text,\n  name varchar(10)\n);' },
    file: '0001_a.sql',
    code: '42701',
    at: 'name',
    message: /column "name" specified more than once/,
  },
  {
    name: 'a DEFAULT of the wrong type',
    files: { '0001_a.sql': 'CREATE TABLE def_t (id bigint PRIMARY KEY);', '0002_b.sql': 'ALTER TABLE def_t ADD COLUMN active boolean DEFAULT 0;' },
    file: '0002_b.sql',
    code: '42804',
    at: 'active',
    message: /column "active" is of type boolean but default expression is of type integer.*Hint: You will need to rewrite or cast the expression/,
  },
  {
    name: 'a second primary key',
    files: { '0001_a.sql': 'CREATE TABLE pk_t (id bigint PRIMARY KEY, code text NOT NULL);', '0002_b.sql': 'ALTER TABLE pk_t ADD PRIMARY KEY (code);' },
    file: '0002_b.sql',
    code: '42P16',
    at: 'PRIMARY KEY',
    message: /multiple primary keys for table "pk_t" are not allowed/,
  },
  {
    name: 'a CHECK on a missing column',
    files: { '0001_a.sql': 'CREATE TABLE chk_t (id bigint PRIMARY KEY, price numeric);', '0002_b.sql': 'ALTER TABLE chk_t ADD CONSTRAINT chk_t_amount_check CHECK (amount > 0);' },
    file: '0002_b.sql',
    code: '42703',
    at: 'amount',
    message: /column "amount" does not exist/,
  },
  {
    name: 'dropping a column a view uses',
    files: { '0001_a.sql': 'CREATE TABLE view_t (id bigint PRIMARY KEY, note text);\nCREATE VIEW view_v AS SELECT id, note FROM view_t;', '0002_b.sql': '-- notes are gone\nALTER TABLE view_t DROP COLUMN note;' },
    file: '0002_b.sql',
    code: '2BP01',
    at: 'note',
    message: /cannot drop column note of table view_t because other objects depend on it.*Detail: view view_v depends on column note of table view_t/,
  },
  {
    name: 'renaming onto an existing name',
    files: { '0001_a.sql': 'CREATE TABLE ren_t (id bigint PRIMARY KEY, a int, b int);', '0002_b.sql': 'ALTER TABLE ren_t RENAME COLUMN a TO b;' },
    file: '0002_b.sql',
    code: '42701',
    at: 'b',
    message: /column "b" of relation "ren_t" already exists/,
  },
  {
    name: 'an unknown function in a default',
    files: { '0001_a.sql': 'CREATE TABLE fn_t (\n  id uuid PRIMARY KEY DEFAULT generate_uuid_v7()\n);' },
    file: '0001_a.sql',
    code: '42883',
    at: 'generate_uuid_v7',
    message: /function generate_uuid_v7\(\) does not exist/,
  },
  {
    name: 'a new enum value used in the same transaction (goose runs the file in one)',
    files: {
      '0001_a.sql': "-- +goose Up\nCREATE TYPE enum_mood AS ENUM ('sad');\nCREATE TABLE enum_t (id bigint PRIMARY KEY, mood enum_mood NOT NULL);",
      '0002_b.sql': "-- +goose Up\nALTER TYPE enum_mood ADD VALUE 'happy';\nUPDATE enum_t SET mood = 'happy';\n-- +goose Down\nSELECT 1;",
    },
    file: '0002_b.sql',
    code: '55P04',
    at: "'happy'",
    message: /unsafe use of new value "happy" of enum type enum_mood.*Hint: New enum values must be committed before they can be used/,
  },
];

function plan(files: Record<string, string>): VerifyPlan {
  return planVerify(
    Object.entries(files).map(([p, text]) => ({ path: p, relPath: p, text })),
    config,
  );
}

const config: ResolvedConfig = { ...defaultConfig(), postgresVersion: 18 };

function check(c: Case, p: VerifyPlan, result: ApplyResult, checkedBy: string): void {
  const report = verifyReport(p, result, checkedBy, 'pglite', config);
  const findings = [...report.findings.entries()];
  assert.equal(findings.length, 1, `${c.name}: one file fails: ${JSON.stringify(result.failure)}`);
  const [file, [f]] = findings[0]! as [string, [import('../../server/src/engine/index.js').Finding]];
  assert.equal(file, c.file);
  assert.equal(f.ruleId, 'migration-fails');
  assert.equal(f.severity, 'error');
  assert.equal(f.data.code, c.code, f.message);
  assert.match(f.message, c.message);
  assert.match(f.message, new RegExp(`SQLSTATE ${c.code}`));
  assert.ok(f.message.includes(checkedBy), 'says which PostgreSQL checked');
  assert.equal(c.files[c.file]!.slice(f.range.start, f.range.end), c.at, `${c.name}: points at the name`);
  const later = Object.keys(c.files).filter((k) => k > c.file);
  assert.deepEqual(report.notChecked.map((n) => n.path), later);
}

describe('verify on PGlite (PostgreSQL 18)', () => {
  let pg: PgliteInstance;
  before(async () => {
    await loadPostgresParser();
    pg = await openPglite();
  });
  after(async () => {
    await pg?.close();
  });

  for (const c of CASES) {
    test(`${c.name}: reported at the failing statement with PostgreSQL's message`, async () => {
      const p = plan({ ...c.files, '0003_later.sql': `CREATE TABLE later_${c.code.toLowerCase()} (id int);` });
      const result = await applyHistory(
        pg.session,
        p.files.map((f) => f.step),
      );
      check({ ...c, files: { ...c.files, '0003_later.sql': '' } }, p, result, `PostgreSQL ${pg.serverVersion} (PGlite)`);
    });
  }

  test('a history that applies has no finding and nothing unchecked; a directive silences the rule', async () => {
    const ok = plan({ '0001_ok.sql': 'CREATE TABLE ok_t (id bigint PRIMARY KEY, email text UNIQUE);', '0002_ok.sql': 'CREATE TABLE ok_o (id bigint PRIMARY KEY, email text REFERENCES ok_t (email));' });
    const r = await applyHistory(pg.session, ok.files.map((f) => f.step));
    const report = verifyReport(ok, r, 'x', 'pglite', config);
    assert.deepEqual([report.findings.size, report.notChecked.length, report.applied], [0, 0, 2]);
    const silenced = plan({ '0001_s.sql': '-- sql-schema-lint-disable-next-line migration-fails -- known, fixed in production by hand\nALTER TABLE no_such_table ADD COLUMN x int;' });
    const r2 = await applyHistory(pg.session, silenced.files.map((f) => f.step));
    assert.equal(r2.failure?.error.code, '42P01');
    assert.equal(verifyReport(silenced, r2, 'x', 'pglite', config).findings.size, 0);
  });

  test('an extension PGlite lacks stops the run: "not checked" with the reason, no finding', async () => {
    const p = plan({ '0001_a.sql': 'CREATE TABLE gis_a (id int);', '0002_b.sql': 'CREATE EXTENSION IF NOT EXISTS postgis;\nCREATE TABLE gis_b (g geometry);', '0003_c.sql': 'CREATE TABLE gis_c (id int);' });
    const r = await applyHistory(pg.session, p.files.map((f) => f.step), { missingExtension: 'stop' });
    const report = verifyReport(p, r, 'x', 'pglite', config);
    assert.equal(report.findings.size, 0);
    assert.deepEqual(report.stopped, { path: '0002_b.sql', reason: 'PGlite lacks extension "postgis"; use --database-url to check on a PostgreSQL server that has it' });
    assert.deepEqual(report.notChecked.map((n) => n.path), ['0002_b.sql', '0003_c.sql']);
  });

  test("the migration tool's bookkeeping table exists when a migration refers to it, and only then", () => {
    const diesel = plan({ 'migrations/2020-01-01-000000_a/up.sql': 'CREATE TRIGGER t BEFORE INSERT ON __diesel_schema_migrations FOR EACH ROW EXECUTE FUNCTION f();', 'migrations/2020-01-01-000000_a/down.sql': 'DROP TRIGGER t ON __diesel_schema_migrations;' });
    assert.equal(diesel.setup.length, 1);
    assert.match(diesel.setup[0]!, /^CREATE TABLE IF NOT EXISTS __diesel_schema_migrations \(version VARCHAR\(50\) PRIMARY KEY NOT NULL/);
    assert.equal(diesel.files.length, 1, 'down.sql is not applied');
    assert.deepEqual(plan({ 'migrations/2020-01-01-000000_a/up.sql': 'CREATE TABLE a (id int);' }).setup, []);
    // A history that creates a table of that name itself gets no second one.
    assert.deepEqual(plan({ '0001_a.sql': '-- migrate:up\nCREATE TABLE schema_migrations (version text PRIMARY KEY);\nINSERT INTO schema_migrations VALUES (1);' }).setup, []);
    assert.deepEqual(plan({ '0001_a.sql': "-- migrate:up\nINSERT INTO schema_migrations (version) VALUES ('0');\n-- migrate:down\n" }).setup, ['CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(255) PRIMARY KEY)']);
  });
});

describe('verify --database-url on a PostgreSQL server (Debian postgresql, started by the test)', () => {
  const postgres = postgresForSuite();
  before(async () => {
    await loadPostgresParser();
  });

  for (const c of CASES) {
    test(`${c.name}: the same finding from a scratch database`, async (t) => {
      const server = postgres.ready(t);
      if (!server) return;
      const p = plan(c.files);
      const r = await applyOnServer(p.files.map((f) => f.step), { databaseUrl: server.url, timeoutMs: 60_000, setup: p.setup });
      check(c, p, r.result, `PostgreSQL ${r.serverVersion}`);
      assert.match(r.serverVersion, new RegExp(`^${server.major}\\.`));
    });
  }

  test('the scratch database and the roles the history created are dropped; no other database is touched', async (t) => {
    const server = postgres.ready(t);
    if (!server) return;
    const { Client } = await import('pg');
    const admin = new Client({ connectionString: server.url });
    await admin.connect();
    try {
      await admin.query('CREATE TABLE keep_me (id int)');
      await admin.query('CREATE ROLE app_existing');
      const p = plan({ '0001_a.sql': 'CREATE ROLE app_existing;\nCREATE TABLE roles_t (id int);\nGRANT SELECT ON roles_t TO app_reader;\nCREATE ROLE app_writer;' });
      const r = await applyOnServer(p.files.map((f) => f.step), { databaseUrl: server.url, timeoutMs: 60_000 });
      assert.equal(r.result.failure, undefined, JSON.stringify(r.result.failure));
      assert.deepEqual(r.result.skipped.map((s) => s.reason), ['existing-role'], 'CREATE ROLE of a role the server already has is left out');
      assert.deepEqual(r.result.createdRoles, ['app_reader']);
      assert.deepEqual(r.leftovers, []);
      const dbs = (await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'sql_schema_lint_verify_%'")).rows;
      assert.deepEqual(dbs, [], 'scratch database dropped');
      const roles = (await admin.query<{ rolname: string }>("SELECT rolname FROM pg_roles WHERE rolname LIKE 'app_%' ORDER BY 1")).rows.map((x) => x.rolname);
      assert.deepEqual(roles, ['app_existing'], 'roles the run created are dropped, the server\'s own kept');
      assert.equal((await admin.query("SELECT to_regclass('keep_me') AS t")).rows[0].t, 'keep_me');
      assert.equal((await admin.query("SELECT to_regclass('roles_t') AS t")).rows[0].t, null, 'the history ran elsewhere');
    } finally {
      await admin.end();
    }
  });

  test('a time limit cancels the run and still drops the scratch database', async (t) => {
    const server = postgres.ready(t);
    if (!server) return;
    const p = plan({ '0001_slow.sql': 'SELECT pg_sleep(30);' });
    await assert.rejects(applyOnServer(p.files.map((f) => f.step), { databaseUrl: server.url, timeoutMs: 1_000 }), /did not finish within 1000 ms/);
    const { Client } = await import('pg');
    const admin = new Client({ connectionString: server.url });
    await admin.connect();
    try {
      const dbs = (await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'sql_schema_lint_verify_%'")).rows;
      assert.deepEqual(dbs, []);
    } finally {
      await admin.end();
    }
  });
});

test('the scratch URL names the scratch database, whatever form the URL has', () => {
  assert.equal(withDatabase('postgres://u:p@h:5433/app?sslmode=require', 'scratch'), 'postgres://u:p@h:5433/scratch?sslmode=require');
  assert.equal(withDatabase('postgresql://u@/app?host=%2Ftmp%2Fx&dbname=app', 'scratch'), 'postgresql://u@/scratch?host=%2Ftmp%2Fx');
  assert.equal(withDatabase('postgres://h', 'scratch'), 'postgres://h/scratch');
  assert.throws(() => withDatabase('host=h dbname=app', 'x'), /must be a postgres:\/\/ or postgresql:\/\/ URL/);
});
