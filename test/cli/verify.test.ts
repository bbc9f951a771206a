// `sql-schema-lint verify` as a process (dist/cli.js): PostgreSQL's error as a migration-fails finding
// in every output format, later files not checked, exit codes as for linting, an extension PGlite
// lacks as a "not checked" reason, --database-url on Debian's PostgreSQL, PGlite never loaded by
// plain linting, and the corpus histories applied as they are.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { formatGithub } from '../../server/src/cli/reporters/github.js';
import { formatSarif } from '../../server/src/cli/reporters/sarif.js';
import type { ReportInput } from '../../server/src/cli/reporters/types.js';
import type { Finding } from '../../server/src/engine/index.js';
import { CORPUS_DIR, corpusAvailable } from '../helpers/corpus.js';
import { CLI, fixture, runCli } from '../helpers/cli.js';
import { postgresForSuite } from '../helpers/postgres-server.js';

const FAILING = {
  'migrations/0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n',
  'migrations/0002_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, user_email text);\n\nALTER TABLE orders\n  ADD CONSTRAINT orders_user_email_fkey FOREIGN KEY (user_email) REFERENCES users (email);\n',
  'migrations/0003_later.sql': 'CREATE TABLE later (id bigint PRIMARY KEY);\n',
  'migrations/0004_last.sql': 'CREATE TABLE last (id bigint PRIMARY KEY);\n',
  '.sql-schema-lint.json': '{ "postgresVersion": 18 }',
};

interface Json {
  files: number;
  diagnostics: { file: string; rule: string; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number }[];
  verify: { checkedBy: string; applied: number; migrations: number; failed?: string; notChecked: { file: string; reason: string }[]; stopped?: { file: string; reason: string } };
}

describe('verify on PGlite', () => {
  let dir: string;
  let json: { code: number; out: Json; stderr: string };
  before(() => {
    dir = fixture(FAILING);
    const r = runCli(['verify', 'migrations', '--format', 'json'], dir);
    json = { code: r.code, out: JSON.parse(r.stdout) as Json, stderr: r.stderr };
  });

  test('JSON: the finding at the failing statement (on the table the message quotes) with PostgreSQL\'s message, later files as not checked, exit code 1', () => {
    assert.equal(json.code, 1, json.stderr);
    assert.deepEqual(
      json.out.diagnostics.map((d) => [d.file, d.rule, d.severity, d.line, d.column, d.endLine, d.endColumn]),
      [['migrations/0002_orders.sql', 'migration-fails', 'error', 4, 77, 4, 82]],
    );
    assert.match(json.out.diagnostics[0]!.message, /^PostgreSQL rejects this statement: there is no unique constraint matching given keys for referenced table "users" \(SQLSTATE 42830\)\./);
    assert.match(json.out.verify.checkedBy, /^PostgreSQL 18\.\d+ \(PGlite\)$/, 'postgresVersion 18 matches: no note');
    assert.deepEqual([json.out.verify.applied, json.out.verify.migrations, json.out.verify.failed], [1, 4, 'migrations/0002_orders.sql']);
    assert.deepEqual(json.out.verify.notChecked, [
      { file: 'migrations/0003_later.sql', reason: 'an earlier migration failed (migrations/0002_orders.sql)' },
      { file: 'migrations/0004_last.sql', reason: 'an earlier migration failed (migrations/0002_orders.sql)' },
    ]);
  });

  test('text carries the same finding and says what was not checked', () => {
    const text = runCli(['verify', 'migrations'], dir);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^migrations\/0002_orders\.sql:4:77 {2}error {4}PostgreSQL rejects this statement: there is no unique constraint .* {2}migration-fails$/m);
    assert.match(text.stdout, /^migrations\/0002_orders\.sql: PostgreSQL rejected this migration; the 2 migrations after it were not checked\.$/m);
    assert.match(text.stdout, /^Verified on PostgreSQL 18\.\d+ \(PGlite\): 1 of 4 migrations applied\.$/m);
  });

  test('a history PostgreSQL accepts: no finding, exit 0; the severity and postgresVersion come from the configuration', () => {
    const ok = fixture({ '0001_a.sql': 'CREATE TABLE a (id bigint PRIMARY KEY, email text UNIQUE);\n', '0002_b.sql': 'CREATE TABLE b (id bigint PRIMARY KEY, email text REFERENCES a (email));\n' });
    const r = runCli(['verify', '.'], ok);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^Verified on PostgreSQL 18\.\d+ \(PGlite\), while postgresVersion is 16: 2 of 2 migrations applied\.$/m);
    const warning = runCli(['verify', 'migrations', '--rule', 'migration-fails=warning', '--max-warnings', '0', '--format', 'json'], dir);
    assert.equal(warning.code, 1, 'warnings over --max-warnings');
    assert.equal((JSON.parse(warning.stdout) as Json).diagnostics[0]!.severity, 'warning');
  });

  test('an extension PGlite lacks: "not checked" from that migration on, with the reason, exit code 0', () => {
    const gis = fixture({ '0001_a.sql': 'CREATE TABLE a (id bigint PRIMARY KEY);\n', '0002_gis.sql': 'CREATE EXTENSION IF NOT EXISTS postgis;\nALTER TABLE a ADD COLUMN location geometry(Point, 4326);\n', '0003_c.sql': 'CREATE TABLE c (id bigint PRIMARY KEY);\n' });
    const r = runCli(['verify', '.', '--format', 'json'], gis);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Json;
    assert.deepEqual(out.diagnostics, []);
    assert.deepEqual(out.verify.stopped, { file: '0002_gis.sql', reason: 'PGlite lacks extension "postgis"; use --database-url to check on a PostgreSQL server that has it' });
    assert.deepEqual(out.verify.notChecked.map((n) => n.file), ['0002_gis.sql', '0003_c.sql']);
  });

  test('usage errors: options of another command, a bad time limit', () => {
    for (const args of [['--database-url', 'postgres://x/y'], ['verify', '--fix'], ['verify', '--cache'], ['verify', '--timeout', '0']]) {
      const r = runCli(args, dir);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^sql-schema-lint: /);
    }
  });

  test('a server that cannot be reached: exit code 2 and why', () => {
    const r = runCli(['verify', 'migrations', '--database-url', 'postgres://nobody@127.0.0.1:1/postgres'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^sql-schema-lint: verify could not run: .*ECONNREFUSED/m);
  });
});

describe('GitHub and SARIF reports of verify', () => {
  const finding: Finding = {
    ruleId: 'migration-fails',
    severity: 'error',
    messageId: 'statement',
    message: 'PostgreSQL rejects this statement: relation "users" does not exist (SQLSTATE 42P01).',
    data: {},
    file: '/repo/migrations/0002_b.sql',
    range: { start: 0, end: 5 },
    start: { line: 3, character: 76 },
    end: { line: 3, character: 81 },
    suggestions: [],
    related: [],
  };
  const input: ReportInput = {
    files: [{ displayPath: 'migrations/0002_b.sql', findings: [finding] }],
    skipped: [],
    verify: { checkedBy: 'PostgreSQL 18.7 (PGlite)', applied: 1, migrations: 3, failed: 'migrations/0002_b.sql', notChecked: [{ displayPath: 'migrations/0003_c.sql', reason: 'an earlier migration failed (migrations/0002_b.sql)' }] },
  };
  test('GitHub: the finding as an error annotation, what was not checked as notices', () => {
    const lines = formatGithub(input, undefined).trim().split('\n');
    assert.equal(lines[0], '::error file=migrations/0002_b.sql,line=4,col=77,endLine=4,endColumn=82,title=migration-fails::PostgreSQL rejects this statement: relation "users" does not exist (SQLSTATE 42P01).');
    assert.deepEqual(lines.slice(1, 3), [
      '::notice title=sql-schema-lint verify::migrations/0002_b.sql: PostgreSQL rejected this migration; the migration after it was not checked.',
      '::notice title=sql-schema-lint verify::Verified on PostgreSQL 18.7 (PGlite): 1 of 3 migrations applied.',
    ]);
  });
  test('SARIF: valid 2.1.0, the finding as a result, the notes as notifications of the run', () => {
    const log = JSON.parse(formatSarif({ ...input, verify: { ...input.verify!, stopped: { displayPath: 'migrations/0003_c.sql', reason: 'PGlite lacks extension "postgis"' } } }, '0.1.0'));
    const Ajv = require('ajv');
    const ajv = new Ajv({ schemaId: 'id', allErrors: true, logger: false });
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
    assert.ok(ajv.validate(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), log), JSON.stringify(ajv.errors, null, 1));
    assert.deepEqual(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId), ['migration-fails']);
    assert.deepEqual(
      log.runs[0].invocations[0].toolExecutionNotifications.map((n: { level: string; message: { text: string } }) => [n.level, n.message.text]),
      [
        ['note', 'migrations/0003_c.sql: not checked from here on (1 migration): PGlite lacks extension "postgis".'],
        ['note', 'Verified on PostgreSQL 18.7 (PGlite): 1 of 3 migrations applied.'],
      ],
    );
  });
});

test('plain linting never loads PGlite; verify does', () => {
  // A preload that reports every module Node loads whose name mentions PGlite or its worker.
  const dir = fixture({ ...FAILING, 'hook.cjs': "const M = require('module'); const load = M._load; M._load = function (request, ...rest) { if (/pglite|history-worker/.test(request)) process.stderr.write('LOADED ' + request + '\\n'); return load.call(this, request, ...rest); };\n" });
  const run = (args: string[]) => spawnSync(process.execPath, ['--require', join(dir, 'hook.cjs'), CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const lint = run(['migrations']);
  assert.equal(lint.status, 0, lint.stderr);
  assert.doesNotMatch(lint.stderr, /LOADED/, 'lint loads nothing of PGlite');
  // The worker thread inherits the preload: verify loads PGlite's copy beside the bundle, there.
  const verify = run(['verify', 'migrations']);
  assert.equal(verify.status, 1, verify.stderr);
  assert.match(verify.stderr, /^LOADED .*dist\/pglite\/index\.cjs$/m);
});

describe('verify --database-url (Debian PostgreSQL started by the test)', () => {
  const postgres = postgresForSuite();

  test('the same finding, checked on the server, from a scratch database', (t) => {
    const server = postgres.ready(t);
    if (!server) return;
    const r = runCli(['verify', 'migrations', '--database-url', server.url, '--format', 'json'], fixture(FAILING));
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as Json;
    assert.deepEqual(out.diagnostics.map((d) => [d.file, d.line, d.column]), [['migrations/0002_orders.sql', 4, 77]]);
    assert.match(out.diagnostics[0]!.message, /there is no unique constraint matching given keys for referenced table "users" \(SQLSTATE 42830\)/);
    assert.match(out.verify.checkedBy, new RegExp(`^PostgreSQL ${server.major}\\.\\d+, while postgresVersion is 18$`));
  });

  test('corpus: trigger.dev applies; lemmy needs PostgreSQL 16 (a subquery in FROM without an alias)', (t) => {
    const server = postgres.ready(t);
    if (!server) return;
    if (!corpusAvailable()) return t.skip('../shared/corpus is absent');
    const trigger = runCli(['verify', join(CORPUS_DIR, 'trigger.dev', 'internal-packages', 'database', 'prisma', 'migrations'), '--database-url', server.url, '--format', 'json'], CORPUS_DIR);
    assert.equal(trigger.code, 0, trigger.stdout.slice(0, 2000) + trigger.stderr);
    const lemmy = runCli(['verify', join(CORPUS_DIR, 'lemmy', 'migrations'), '--database-url', server.url, '--format', 'json'], CORPUS_DIR);
    const out = JSON.parse(lemmy.stdout) as Json;
    if (server.major >= 16) assert.deepEqual(out.diagnostics, []);
    else {
      assert.deepEqual(out.diagnostics.map((d) => [d.file.replace(/^.*?lemmy\//, 'lemmy/'), d.line]), [['lemmy/migrations/2025-08-01-000016_smoosh-tables-together/up.sql', 13]]);
      assert.match(out.diagnostics[0]!.message, /subquery in FROM must have an alias \(SQLSTATE 42601\)/);
    }
  });
});

describe('corpus histories as they are, on PGlite: nothing reported', () => {
  const histories: [string, string[]][] = [
    ['lemmy', ['lemmy', 'migrations']],
    ['trigger.dev', ['trigger.dev', 'internal-packages', 'database', 'prisma', 'migrations']],
    ['supabase-postgres', ['supabase-postgres', 'migrations', 'db']],
  ];
  for (const [name, path] of histories) {
    test(name, (t) => {
      if (!corpusAvailable()) return t.skip('../shared/corpus is absent: the corpus histories are not verified');
      const r = runCli(['verify', join(CORPUS_DIR, ...path), '--format', 'json'], CORPUS_DIR);
      assert.equal(r.code, 0, r.stdout.slice(0, 2000) + r.stderr);
      const out = JSON.parse(r.stdout) as Json;
      assert.deepEqual(out.diagnostics, []);
      t.diagnostic(`${name}: ${out.verify.applied} of ${out.verify.migrations} applied${out.verify.stopped ? `; ${out.verify.stopped.file}: ${out.verify.stopped.reason}` : ''}`);
      // supabase-postgres creates pgjwt, which PGlite does not ship: not checked from there, not a failure.
      if (name === 'supabase-postgres') assert.match(out.verify.stopped?.reason ?? '', /^PGlite lacks extension "pgjwt"/);
      else assert.equal(out.verify.applied, out.verify.migrations);
    });
  }
});
