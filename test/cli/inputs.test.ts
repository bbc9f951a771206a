// Bad files and folders given to the CLI or met while walking a folder: FIFOs, sockets, symbolic links
// (to files, to folders, in loops, broken), unreadable files and folders. Nothing hangs, nothing is
// skipped without a reason, and what is skipped is listed in the JSON output and on stderr.
import assert from 'node:assert/strict';
import { chmodSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { asUnprivileged, fixture, mkfifo, spawnCli } from '../helpers/cli.js';

const MONEY = 'CREATE TABLE payments (\n  id bigserial PRIMARY KEY,\n  amount double precision\n);\n';
const CLEAN = 'CREATE TABLE users (id bigserial PRIMARY KEY);\n';

interface JsonReport {
  files: number;
  diagnostics: { file: string; rule: string }[];
  skipped: { file: string; reason: string }[];
}

test('a FIFO named x.sql is skipped with a reason, in a walked folder and given by name; nothing hangs', () => {
  const dir = fixture({ 'm/0001.sql': MONEY });
  mkfifo(join(dir, 'm', '0002.sql'));
  for (const input of ['m', 'm/0002.sql']) {
    const r = spawnCli([input, '--format', 'json'], dir, { timeout: 30_000 });
    assert.notEqual(r.signal, 'SIGTERM', `sql-schema-lint ${input} hung on the FIFO`);
    assert.equal(r.code, 2);
    const out = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(out.skipped, [{ file: 'm/0002.sql', reason: 'not a regular file (a FIFO); not read' }]);
    assert.match(r.stderr, /m\/0002\.sql: skipped: not a regular file \(a FIFO\)/);
  }
  const text = spawnCli(['m'], dir, { timeout: 30_000 });
  assert.match(text.stdout, /m\/0002\.sql: skipped: not a regular file \(a FIFO\); not read/);
  assert.match(text.stdout, /no-float-for-money/, 'the other files are still linted');
});

test('a FIFO named .sql-schema-lint.json is a configuration error, not a hang', () => {
  const dir = fixture({ '0001.sql': CLEAN });
  mkfifo(join(dir, '.sql-schema-lint.json'));
  const r = spawnCli(['.'], dir, { timeout: 30_000 });
  assert.notEqual(r.signal, 'SIGTERM', 'the CLI hung on the FIFO config');
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'sql-schema-lint: invalid configuration: .sql-schema-lint.json:1:1: cannot read the config file: not a regular file (a FIFO); not read\n');
});

test('symbolic links to files and folders are followed, each real file linted once', () => {
  const dir = fixture({ 'real/0001_payments.sql': MONEY, 'shared/0002_more.sql': MONEY.replace(/payments/g, 'refunds'), 'm/0003_users.sql': CLEAN });
  symlinkSync('../real/0001_payments.sql', join(dir, 'm', '0001_payments.sql'));
  symlinkSync('../shared', join(dir, 'm', 'shared'));
  // A second way to the same folder and a link back to an ancestor: neither is walked twice.
  symlinkSync('shared', join(dir, 'm', 'alias'));
  symlinkSync('..', join(dir, 'm', 'shared', 'up'));
  const r = spawnCli(['m', '--format', 'json'], dir, { timeout: 30_000 });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as JsonReport;
  assert.deepEqual(out.skipped, []);
  assert.equal(out.files, 3);
  assert.deepEqual(out.diagnostics.map((d) => `${d.file} ${d.rule}`).sort(), ['m/0001_payments.sql no-float-for-money', 'm/alias/0002_more.sql no-float-for-money']);
});

test('a symbolic link loop and a broken link are skipped with their reason, given by name or found in a folder', () => {
  const dir = fixture({ 'm/0001.sql': CLEAN });
  symlinkSync('b.sql', join(dir, 'm', 'a.sql'));
  symlinkSync('a.sql', join(dir, 'm', 'b.sql'));
  symlinkSync('nowhere.sql', join(dir, 'm', 'gone.sql'));
  const walked = spawnCli(['m', '--format', 'json'], dir, { timeout: 30_000 });
  assert.equal(walked.code, 2);
  assert.deepEqual((JSON.parse(walked.stdout) as JsonReport).skipped, [
    { file: 'm/a.sql', reason: 'symbolic link loop; not followed' },
    { file: 'm/b.sql', reason: 'symbolic link loop; not followed' },
    { file: 'm/gone.sql', reason: 'broken symbolic link (its target nowhere.sql does not exist); not followed' },
  ]);
  const named = spawnCli(['m/a.sql', '--format', 'json'], dir, { timeout: 30_000 });
  assert.equal(named.code, 2);
  assert.doesNotMatch(named.stderr, /no such file or directory/);
  assert.match(named.stderr, /m\/a\.sql: skipped: symbolic link loop/);
  assert.match(spawnCli(['m/missing.sql'], dir, { timeout: 30_000 }).stderr, /no such file or directory: m\/missing\.sql/);
});

test('unreadable files and folders are skipped with a reason (run as an unprivileged user)', (t) => {
  const dir = fixture({ 'm/0001.sql': MONEY, 'm/0002.sql': CLEAN, 'm/locked/0003.sql': CLEAN });
  chmodSync(join(dir, 'm', '0002.sql'), 0o000);
  chmodSync(join(dir, 'm', 'locked'), 0o000);
  const run = asUnprivileged(dir);
  if (!run) {
    t.diagnostic('cannot run the CLI as another user here (root without setpriv): permission bits do not stop root, so this case is not reproduced');
    return;
  }
  const r = run(['m', '--format', 'json']);
  assert.equal(r.code, 2, r.stderr);
  const out = JSON.parse(r.stdout) as JsonReport;
  assert.deepEqual(out.skipped, [
    { file: 'm/0002.sql', reason: 'permission denied' },
    { file: 'm/locked', reason: 'folder not searched: permission denied' },
  ]);
  assert.equal(out.diagnostics[0]?.rule, 'no-float-for-money');
  assert.match(r.stderr, /m\/locked: skipped: folder not searched: permission denied/);
});
