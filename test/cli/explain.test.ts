// `sql-schema-lint explain` and `sql-schema-lint stats`, run as processes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, runCli } from '../helpers/cli.js';

const INIT = 'CREATE TABLE users (id int PRIMARY KEY, email text);\nCREATE TABLE orgs (id int PRIMARY KEY);\n';
const CHANGE = [
  'BEGIN;',
  'ALTER TABLE users ALTER COLUMN id TYPE bigint;',
  'UPDATE users SET email = lower(email);',
  'CREATE TABLE audit (id int);',
  'ALTER TABLE audit ADD COLUMN at timestamptz;',
  'CREATE INDEX users_email_idx ON users (email);',
  'COMMIT;',
  'ALTER TABLE users ADD COLUMN org_id int REFERENCES orgs (id);',
  '',
].join('\n');
const files = { 'm/0001_init.sql': INIT, 'm/0002_change.sql': CHANGE };

type Json = { version: number; files: string[]; statements: Record<string, unknown>[] };

test('explain --format json follows the version 1 contract (1-based positions)', () => {
  const r = runCli(['explain', 'm', '--format', 'json'], fixture(files));
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Json;
  assert.equal(out.version, 1);
  assert.deepEqual(out.files, ['m/0002_change.sql'], 'a directory: its newest migration is explained');
  const alter = out.statements[0]!;
  // The contract's fields, in its order, with these values; more fields may follow (additive).
  assert.deepEqual(Object.keys(alter).slice(0, 12), ['file', 'line', 'column', 'endLine', 'endColumn', 'statement', 'locks', 'rewrite', 'scan', 'newTable', 'heldUntil', 'heldUntilLine']);
  assert.deepEqual(
    { ...alter, locks: (alter.locks as Record<string, unknown>[]).map((l) => ({ relation: l.relation, mode: l.mode })) },
    {
      file: 'm/0002_change.sql',
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: 46,
      statement: 'ALTER TABLE',
      locks: [{ relation: 'public.users', mode: 'AccessExclusiveLock' }],
      rewrite: true,
      scan: false,
      newTable: false,
      heldUntil: 'end of transaction',
      heldUntilLine: 7,
    },
  );
  const byLine = new Map(out.statements.map((s) => [s.line, s]));
  assert.equal(byLine.get(3)!.statement, 'UPDATE');
  assert.deepEqual(byLine.get(5)!.locks, [{ relation: 'public.audit', mode: 'AccessExclusiveLock', kind: 'table', newTable: true, rewrite: false, scan: false, blocks: { reads: true, writes: true, lockingReads: true, ddl: true } }]);
  assert.equal(byLine.get(5)!.newTable, true);
  assert.equal(byLine.get(6)!.scan, true);
  const fk = byLine.get(8)!;
  assert.equal(fk.heldUntil, 'end of statement');
  assert.deepEqual((fk.locks as { relation: string; mode: string }[]).map((l) => [l.relation, l.mode]), [
    ['public.users', 'AccessExclusiveLock'],
    ['public.orgs', 'ShareRowExclusiveLock'],
  ]);
  assert.equal(byLine.has(4), false, 'CREATE TABLE of a table without references locks nothing that exists');
});

test('explain selects the files named, or every one with --all; the rest of the folder is history', () => {
  const dir = fixture(files);
  const named = JSON.parse(runCli(['explain', 'm', 'm/0001_init.sql', '--format', 'json'], dir).stdout) as Json;
  assert.deepEqual(named.files, ['m/0001_init.sql']);
  assert.deepEqual(named.statements, []);
  const all = JSON.parse(runCli(['explain', 'm', '--all', '--format', 'json'], dir).stdout) as Json;
  assert.deepEqual(all.files, ['m/0001_init.sql', 'm/0002_change.sql']);
  // Without the history, users is unknown to the model and counts as existing; with it, it exists too.
  const alone = JSON.parse(runCli(['explain', 'm/0002_change.sql', '--format', 'json'], dir).stdout) as Json;
  assert.equal(alone.statements[0]!.newTable, false);
});

test('explain --format markdown renders a table per migration; text aligns columns', () => {
  const dir = fixture(files);
  const md = runCli(['explain', 'm', '--format', 'markdown'], dir);
  assert.equal(md.code, 0);
  assert.match(md.stdout, /^### `m\/0002_change\.sql`$/m);
  assert.match(md.stdout, /^\| line \| statement \| relation \| lock \| blocks \| rewrite \| scan \| held until \|\n\|---:\|---\|---\|---\|---\|:-:\|:-:\|---\|$/m);
  assert.match(md.stdout, /^\| 2 \| ALTER TABLE \| `users` \| AccessExclusiveLock \| reads and writes \| yes \|  \| end of transaction \(line 7\) \|$/m);
  const text = runCli(['explain', 'm'], dir);
  assert.match(text.stdout, /^m\/0002_change\.sql\n  line  statement +relation +lock/m);
  assert.match(text.stdout, /^ +6 +CREATE INDEX +users +ShareLock +writes +yes +end of transaction \(line 7\)$/m);
  assert.equal(runCli(['explain', 'm', '--format', 'sarif'], dir).code, 2);
});

test('stats --query prints read-only SQL; a stats file makes small-table findings info, in lint and explain', () => {
  const q = runCli(['stats', '--query'], fixture({}));
  assert.equal(q.code, 0);
  assert.match(q.stdout, /^-- sql-schema-lint table statistics \(read-only\)/);
  assert.match(q.stdout, /json_build_object\(\s*'version', 1/);
  assert.doesNotMatch(q.stdout, /\b(INSERT|UPDATE|DELETE|CREATE|ALTER|DROP)\b/);
  const stats = { version: 1, tables: [{ schema: 'public', name: 'users', rows: 50, bytes: 16384 }] };
  const dir = fixture({ ...files, 'm/0003_index.sql': 'CREATE INDEX users_id_email_idx ON users (id, email);\n', '.sql-schema-lint-stats.json': JSON.stringify(stats) });
  const lint = JSON.parse(runCli(['m/', '--format', 'json'], dir).stdout) as { diagnostics: { rule: string; severity: string; message: string; file: string }[] };
  const concurrent = lint.diagnostics.filter((d) => d.rule === 'require-concurrent-index' && d.file === 'm/0003_index.sql');
  assert.equal(concurrent.length, 1);
  assert.equal(concurrent[0]!.severity, 'info');
  assert.match(concurrent[0]!.message, /"users" is small \(~50 rows, 16 kB/);
  const explained = JSON.parse(runCli(['explain', 'm', '--format', 'json'], dir).stdout) as Json;
  assert.deepEqual((explained.statements[0]!.locks as { size: unknown }[])[0]!.size, { rows: 50, bytes: 16384 });
  const summary = runCli(['stats'], dir);
  assert.match(summary.stdout, /\.sql-schema-lint-stats\.json: 1 tables/);
  const bad = runCli(['m/'], fixture({ ...files, '.sql-schema-lint-stats.json': '{"version": 1}' }));
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /invalid table statistics: \.sql-schema-lint-stats\.json: "tables" must be an array/);
});

test('explain explains the pending migrations when the run says which (here appliedThrough)', () => {
  const dir = fixture({ ...files, 'm/0003_more.sql': 'ALTER TABLE orgs ADD COLUMN name text;\n', '.sql-schema-lint.json': '{ "appliedThrough": "0001" }' });
  const r = runCli(['explain', 'm', '--format', 'json'], dir);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Json;
  assert.deepEqual(out.files, ['m/0002_change.sql', 'm/0003_more.sql'], 'every pending migration, not only the newest');
});
