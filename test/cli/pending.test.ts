// Pending and applied migrations, tested as CI and users run them: real git repositories built with
// the git binary in temporary folders (commits, a branch, a rename, a deletion, staged, unstaged and
// untracked files, a shallow clone), and the CLI run as a process.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fixture, runCli, type JsonDiagnostic } from '../helpers/cli.js';
import { commitAll, git, gitAvailable, gitRepo, write } from '../helpers/git.js';

type Row = JsonDiagnostic;

interface JsonOut {
  files: number;
  diagnostics: Row[];
  pending?: { by: string; ref?: string; base?: string | null; appliedThrough?: string; files: string[]; applied: number; leftAlone?: { fixable: number; files: number } };
}

const M = 'migrations/';
const TAGS_AT_BASE = 'CREATE TABLE tags (\n  id bigint PRIMARY KEY,\n  name text NOT NULL,\n  created_at timestamptz NOT NULL DEFAULT now()\n);\n';

const MAIN: Record<string, string> = {
  [M + '0001_users.sql']: 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n',
  [M + '0002_orders.sql']: 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), total numeric(12, 2) NOT NULL);\n',
  [M + '0003_flag.sql']: 'ALTER TABLE users ADD COLUMN active boolean NOT NULL;\n',
  [M + '0004_old.sql']: 'CREATE TABLE old_things (id bigint PRIMARY KEY);\n',
  [M + '0005_rename_me.sql']: TAGS_AT_BASE,
};

/**
 * main: 0001–0005. Branch feature: adds 0006, renames 0005 (and changes its SQL), deletes 0004.
 * Working tree: 0007 staged (new), 0002 edited (SQL) and 0001 edited (a comment only), both unstaged,
 * 0008 untracked.
 */
function history(): string {
  const dir = gitRepo(MAIN);
  git(dir, 'checkout', '-q', '-b', 'feature');
  write(dir, { [M + '0006_feature.sql']: 'CREATE INDEX idx_orders_total ON orders (total);\n' });
  git(dir, 'mv', M + '0005_rename_me.sql', M + '0005_tags.sql');
  write(dir, { [M + '0005_tags.sql']: TAGS_AT_BASE.replace('name text NOT NULL', 'name varchar(50) NOT NULL') });
  git(dir, 'rm', '-q', M + '0004_old.sql');
  commitAll(dir, 'feature');
  write(dir, { [M + '0007_staged.sql']: 'ALTER TABLE orders ADD COLUMN note text;\n' });
  git(dir, 'add', M + '0007_staged.sql');
  write(dir, {
    [M + '0002_orders.sql']: MAIN[M + '0002_orders.sql']!.replace('numeric(12, 2)', 'numeric(14, 2)'),
    [M + '0001_users.sql']: '-- Users sign in with their email.\n' + MAIN[M + '0001_users.sql'],
    [M + '0008_untracked.sql']: 'ALTER TABLE users ADD COLUMN nickname text NOT NULL;\n',
  });
  return dir;
}

function json(args: string[], cwd: string, env?: Record<string, string>): { code: number; out: JsonOut; stderr: string } {
  const r = runCli([...args, '--format', 'json'], cwd, env);
  assert.ok(r.stdout, `no output (exit ${r.code}): ${r.stderr}`);
  return { code: r.code, out: JSON.parse(r.stdout) as JsonOut, stderr: r.stderr };
}

const filesOf = (rows: Row[]): string[] => [...new Set(rows.map((r) => r.file))].sort();
const key = (r: Row): string => `${r.file}:${r.line}:${r.column} ${r.rule}`;

/** The one line a bad case prints: exit 2, a single line on stderr, nothing on stdout. */
function badCase(r: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
  assert.match(r.stderr, message);
}

describe('pending and applied migrations (CLI, real git)', { skip: gitAvailable() ? false : 'git is not installed' }, () => {
  test('--since <ref>: commits on the branch, the rename, staged, unstaged and untracked files are pending; pending files keep every finding they had', () => {
    const dir = history();
    const all = json(['.'], dir).out;
    const since = json(['.', '--since', 'main'], dir);
    const pendingFiles = [M + '0001_users.sql', M + '0002_orders.sql', M + '0005_tags.sql', M + '0006_feature.sql', M + '0007_staged.sql', M + '0008_untracked.sql'];
    assert.deepEqual([...since.out.pending!.files].sort(), pendingFiles);
    assert.equal(since.out.pending!.by, 'since');
    assert.equal(since.out.pending!.ref, 'main');
    assert.equal(since.out.pending!.base, git(dir, 'rev-parse', 'main').trim(), 'the merge base of main and HEAD');
    assert.equal(since.out.pending!.applied, 1);
    assert.equal(since.out.files, pendingFiles.length);
    assert.ok(filesOf(since.out.diagnostics).every((f) => pendingFiles.includes(f)), 'nothing reported on the applied 0003');
    // Every finding a pending file had without --since, it still has: the history is the same.
    const before = all.diagnostics.filter((d) => pendingFiles.includes(d.file)).map(key).sort();
    const after = since.out.diagnostics.filter((d) => d.rule !== 'edited-applied-migration').map(key).sort();
    assert.deepEqual(after, before);
    assert.ok(all.diagnostics.some((d) => d.file === M + '0003_flag.sql' && d.rule === 'not-null-without-default'), '0003 has an error when everything is reported');
    // edited-applied-migration: the edited 0002 and the renamed-and-changed 0005, not the comment-only 0001.
    const edited = since.out.diagnostics.filter((d) => d.rule === 'edited-applied-migration');
    assert.deepEqual(edited.map((d) => `${d.file}:${d.line}:${d.column}`).sort(), [`${M}0002_orders.sql:1:106`, `${M}0005_tags.sql:3:8`]);
    assert.equal(since.code, 1, 'the untracked 0008 adds a NOT NULL column without a default: an error');
    const text = runCli(['.', '--since', 'main'], dir);
    assert.match(text.stdout, /Reported 6 pending files, changed since main \(merge base [0-9a-f]{10}\); 1 applied file replayed for context, not reported\./);
  });

  test('--changed and --staged; applied findings count neither for the exit code nor for --max-warnings', () => {
    const dir = history();
    const changed = json(['.', '--changed'], dir).out;
    assert.deepEqual([...changed.pending!.files].sort(), [M + '0001_users.sql', M + '0002_orders.sql', M + '0007_staged.sql', M + '0008_untracked.sql']);
    assert.equal(changed.pending!.by, 'changed');
    assert.deepEqual(
      changed.diagnostics.filter((d) => d.rule === 'edited-applied-migration').map((d) => d.file),
      [M + '0002_orders.sql'],
      'the rename was committed: compared with HEAD it is applied',
    );
    const sinceHead = json(['.', '--since', 'HEAD'], dir).out;
    assert.deepEqual(sinceHead.diagnostics.map(key), changed.diagnostics.map(key), '--since HEAD is --changed');

    const staged = json(['.', '--staged'], dir);
    assert.deepEqual(staged.out.pending!.files, [M + '0007_staged.sql']);
    assert.deepEqual(filesOf(staged.out.diagnostics), [M + '0007_staged.sql']);
    assert.ok(staged.out.diagnostics.every((d) => d.severity !== 'error'));
    assert.equal(staged.code, 0, 'the errors of 0003 and the unstaged 0008 are not counted');
    const warnings = staged.out.diagnostics.filter((d) => d.severity === 'warning').length;
    assert.ok(warnings > 0);
    assert.equal(runCli(['.', '--staged', '--max-warnings', String(warnings)], dir).code, 0);
    assert.equal(runCli(['.', '--staged', '--max-warnings', String(warnings - 1)], dir).code, 1);
    const nothing = json(['.', '--staged'], gitRepo(MAIN));
    assert.deepEqual(nothing.out.diagnostics, []);
    assert.equal(nothing.code, 0, 'nothing staged: nothing reported, although the history has an error');
  });

  test('a new untracked migration that adds a NOT NULL column to a table created 500 migrations earlier is reported', () => {
    const files: Record<string, string> = { [M + '0001_accounts.sql']: 'CREATE TABLE accounts (id bigint PRIMARY KEY);\n' };
    for (let i = 2; i <= 500; i++) files[`${M}${String(i).padStart(4, '0')}_t${i}.sql`] = `CREATE TABLE t${i} (id bigint PRIMARY KEY);\n`;
    const dir = gitRepo(files);
    write(dir, { [M + '0501_plan.sql']: "SET lock_timeout = '5s';\nALTER TABLE accounts ADD COLUMN plan text NOT NULL;\n" });
    const r = json(['.', '--since', 'HEAD'], dir);
    assert.deepEqual(r.out.pending!.files, [M + '0501_plan.sql']);
    assert.equal(r.out.pending!.applied, 500);
    assert.deepEqual(r.out.diagnostics.map((d) => `${d.file}:${d.line} ${d.rule}`), [`${M}0501_plan.sql:2 not-null-without-default`]);
    assert.equal(r.code, 1);
  });

  test('--fix never edits an applied file; by default it edits only uncommitted files and says what it left alone', () => {
    const dir = history();
    const committed = [M + '0003_flag.sql', M + '0005_tags.sql', M + '0006_feature.sql'];
    const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
    const before = Object.fromEntries(committed.map((f) => [f, read(f)]));
    const staged = read(M + '0007_staged.sql');
    const r = runCli(['.', '--fix'], dir);
    for (const f of committed) assert.equal(read(f), before[f], `${f} is committed: left alone`);
    assert.notEqual(read(M + '0007_staged.sql'), staged, 'the uncommitted 0007 got its lock timeout');
    assert.match(r.stdout, /--fix edited only uncommitted files: \d+ fixable problems? in \d+ committed files? left alone\. To fix them too, pass --include-applied/);
    const again = json(['.', '--fix'], dir).out;
    assert.ok(again.pending!.leftAlone!.fixable > 0);
    assert.equal(again.pending!.by, 'uncommitted');

    const sinceDir = history();
    runCli(['.', '--fix', '--staged'], sinceDir);
    assert.notEqual(readFileSync(join(sinceDir, M + '0007_staged.sql'), 'utf8'), staged);
    assert.equal(readFileSync(join(sinceDir, M + '0002_orders.sql'), 'utf8'), MAIN[M + '0002_orders.sql']!.replace('numeric(12, 2)', 'numeric(14, 2)'), 'unstaged: not pending with --staged');

    const all = history();
    runCli(['.', '--fix', '--include-applied'], all);
    assert.notEqual(readFileSync(join(all, M + '0006_feature.sql'), 'utf8'), before[M + '0006_feature.sql'], '--include-applied: committed files are fixed too');
  });

  test('outside git every file is pending, for --fix too; appliedThrough needs no git', () => {
    const plain = fixture({ 'm/0001_a.sql': 'CREATE TABLE a (id bigint PRIMARY KEY);\n', 'm/0002_b.sql': 'ALTER TABLE a ADD COLUMN b text;\n' });
    const r = runCli(['.', '--fix'], plain);
    assert.match(readFileSync(join(plain, 'm/0002_b.sql'), 'utf8'), /lock_timeout/, 'a new project: --fix edits every file');
    assert.doesNotMatch(r.stdout, /pending/);

    const files = {
      'm/0001_a.sql': 'CREATE TABLE a (id bigint PRIMARY KEY);\n',
      'm/0002_b.sql': 'ALTER TABLE a ADD COLUMN b text NOT NULL;\n',
      'm/0003_c.sql': 'ALTER TABLE a ADD COLUMN c text;\n',
      'm/0003_c.down.sql': 'ALTER TABLE a DROP COLUMN c;\n',
      '.sql-schema-lint.json': '{ "appliedThrough": "0002" }',
    };
    const dir = fixture(files);
    const out = json(['.'], dir);
    assert.deepEqual(out.out.pending, { by: 'appliedThrough', files: ['m/0003_c.down.sql', 'm/0003_c.sql'].sort(), applied: 2, appliedThrough: '0002' });
    assert.ok(out.out.diagnostics.every((d) => d.file.startsWith('m/0003_c')));
    assert.equal(out.code, 0, 'the NOT NULL error of the applied 0002 is not counted');
    runCli(['.', '--fix'], dir);
    assert.equal(readFileSync(join(dir, 'm/0002_b.sql'), 'utf8'), files['m/0002_b.sql'], 'appliedThrough: --fix leaves 0002 alone');
    assert.match(readFileSync(join(dir, 'm/0003_c.sql'), 'utf8'), /lock_timeout/);
    const everything = json(['.', '--include-applied'], dir).out;
    assert.equal(everything.pending, undefined);
    assert.ok(everything.diagnostics.some((d) => d.file === 'm/0002_b.sql'));
    const bad = runCli(['.'], fixture({ 'a.sql': 'SELECT 1;\n', '.sql-schema-lint.json': '{ "appliedThrough": "latest" }' }));
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /"appliedThrough" must be the version of the last applied migration/);
  });

  test('bad cases exit 2 with one clear line: not a repository, no git, unknown ref, a shallow clone without the merge base, combined flags', () => {
    const plain = mkdtempSync(join(tmpdir(), 'ssl-nogit-'));
    write(plain, { 'a.sql': 'SELECT 1;\n' });
    badCase(runCli(['.', '--since', 'main'], plain), /--since main needs a git repository, but .* is not inside one/);
    badCase(runCli(['.', '--staged'], plain), /--staged needs a git repository/);
    const dir = history();
    const emptyPath = mkdtempSync(join(tmpdir(), 'ssl-nopath-'));
    badCase(runCli(['.', '--changed'], dir, { PATH: emptyPath }), /--changed needs git, but the git executable was not found on PATH/);
    badCase(runCli(['.', '--fix'], dir, { PATH: emptyPath }), /--fix edits only uncommitted files in a git repository, but git could not say which/);
    badCase(runCli(['.', '--since', 'origin/mian'], dir), /--since origin\/mian: unknown git ref "origin\/mian"/);
    // Usage errors add the pointer to --help, as every usage error does.
    const missing = runCli(['.', '--since', '--changed'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--since needs a value/);
    const combined = runCli(['.', '--since', 'main', '--staged'], dir);
    assert.equal(combined.code, 2);
    assert.match(combined.stderr, /--since and --staged cannot be combined/);

    const clone = mkdtempSync(join(tmpdir(), 'ssl-shallow-'));
    git(clone, 'clone', '-q', '--depth', '1', '--no-single-branch', '-b', 'feature', `file://${dir}`, 'work');
    const work = join(clone, 'work');
    badCase(runCli(['.', '--since', 'origin/main'], work), /--since origin\/main: no merge base between "origin\/main" and HEAD: this is a shallow clone; .*`fetch-depth: 0` in actions\/checkout/);
    badCase(runCli(['.', '--since', 'HEAD~1'], work), /unknown git ref "HEAD~1".*shallow clone.*fetch-depth: 0/);
    git(work, 'fetch', '-q', '--unshallow');
    const fixed = json(['.', '--since', 'origin/main'], work);
    assert.deepEqual([...fixed.out.pending!.files].sort(), [M + '0005_tags.sql', M + '0006_feature.sql'], 'after fetching the history: the branch\'s commits');
  });

  test('--cache with --since: a second run answers from the cache; editing the pending file or changing the base invalidates it', () => {
    const dir = history();
    const cache = join(dir, '.cache');
    const first = runCli(['.', '--since', 'main', '--cache-location', cache, '--format', 'json'], dir);
    const second = runCli(['.', '--since', 'main', '--cache-location', cache, '--format', 'json'], dir);
    assert.equal(second.stdout, first.stdout);
    write(dir, { [M + '0008_untracked.sql']: "ALTER TABLE users ADD COLUMN nickname text NOT NULL DEFAULT '';\n" });
    const editedRun = runCli(['.', '--since', 'main', '--cache-location', cache, '--format', 'json'], dir);
    const edited = JSON.parse(editedRun.stdout) as JsonOut;
    assert.ok(!edited.diagnostics.some((d) => d.file === M + '0008_untracked.sql' && d.rule === 'not-null-without-default'));
    assert.equal(editedRun.stdout, runCli(['.', '--since', 'main', '--format', 'json'], dir).stdout, 'the history\'s cached parses give what a cold run gives');
    const changed = JSON.parse(runCli(['.', '--changed', '--cache-location', cache, '--format', 'json'], dir).stdout) as JsonOut;
    assert.ok(!changed.diagnostics.some((d) => d.file === M + '0006_feature.sql'), 'another boundary: other files reported');
  });
});
