// --fix writes a file's content and keeps the file's identity: a link stays a link (its target is fixed),
// the mode and owner stay, hard links keep sharing the text; a read-only file is refused with a message.
import assert from 'node:assert/strict';
import { chmodSync, chownSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { asUnprivileged, fixture, runCli } from '../helpers/cli.js';

const MONEY = 'CREATE TABLE payments (\n  id bigserial PRIMARY KEY,\n  amount double precision\n);\n';
const FIXED = MONEY.replace('double precision', 'NUMERIC(12, 2)');

test('--fix through a symbolic link fixes the target and keeps the link', () => {
  const dir = fixture({ 'real/0001_payments.sql': MONEY });
  mkdirSync(join(dir, 'm'));
  symlinkSync('../real/0001_payments.sql', join(dir, 'm', '0001_payments.sql'));
  const r = runCli(['m', '--fix'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /m\/0001_payments\.sql: fixed 1 problem/);
  assert.ok(lstatSync(join(dir, 'm', '0001_payments.sql')).isSymbolicLink(), 'the link is still a link');
  assert.equal(readFileSync(join(dir, 'real', '0001_payments.sql'), 'utf8'), FIXED);
  assert.deepEqual(readdirSync(join(dir, 'real')), ['0001_payments.sql'], 'no temporary file left beside the target');
  assert.deepEqual(readdirSync(join(dir, 'm')), ['0001_payments.sql']);
});

test('--fix keeps the mode (whatever the umask) and the owner of the file', (t) => {
  const dir = fixture({ 'm/0001.sql': MONEY });
  const file = join(dir, 'm', '0001.sql');
  chmodSync(file, 0o664);
  const root = process.getuid?.() === 0;
  if (root) chownSync(file, 65534, 65534);
  else t.diagnostic('not root: the file cannot be given to another owner, so only the mode is checked');
  const r = runCli(['m', '--fix'], dir);
  assert.equal(r.code, 0, r.stderr);
  const st = statSync(file);
  assert.equal(readFileSync(file, 'utf8'), FIXED);
  assert.equal(st.mode & 0o7777, 0o664);
  if (root) assert.deepEqual([st.uid, st.gid], [65534, 65534]);
});

test('--fix keeps hard links: every name sees the fixed text', () => {
  const dir = fixture({ 'm/0001.sql': MONEY });
  mkdirSync(join(dir, 'elsewhere'));
  linkSync(join(dir, 'm', '0001.sql'), join(dir, 'elsewhere', 'same.sql'));
  const ino = statSync(join(dir, 'm', '0001.sql')).ino;
  const r = runCli(['m', '--fix'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(join(dir, 'elsewhere', 'same.sql'), 'utf8'), FIXED);
  const st = statSync(join(dir, 'm', '0001.sql'));
  assert.equal(st.ino, ino);
  assert.equal(st.nlink, 2);
  assert.deepEqual(readdirSync(join(dir, 'm')), ['0001.sql'], 'no backup left behind');
});

test('--fix refuses a read-only file with a message (even as root), fixes the others, exits 2', () => {
  const other = MONEY.replace(/payments/g, 'refunds');
  const dir = fixture({ 'm/0001.sql': MONEY, 'm/0002.sql': other });
  chmodSync(join(dir, 'm', '0001.sql'), 0o444);
  const r = runCli(['m', '--fix'], dir);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'sql-schema-lint: m/0001.sql: not fixed: the file is read-only (mode 0444); make it writable to apply fixes\n');
  assert.equal(readFileSync(join(dir, 'm', '0001.sql'), 'utf8'), MONEY);
  assert.equal(statSync(join(dir, 'm', '0001.sql')).mode & 0o777, 0o444);
  assert.equal(readFileSync(join(dir, 'm', '0002.sql'), 'utf8'), other.replace('double precision', 'NUMERIC(12, 2)'));
  assert.match(r.stdout, /m\/0001\.sql:3:10 .* no-float-for-money/, 'the refused file is still reported');
});

test('as an unprivileged user, --fix refuses a file it may not write and fixes in place one it may write in a folder it may not', (t) => {
  const other = MONEY.replace(/payments/g, 'refunds');
  const dir = fixture({ 'm/0001.sql': MONEY, 'm/0002.sql': other });
  const run = process.getuid?.() === 0 ? asUnprivileged(dir) : undefined;
  if (!run) {
    t.diagnostic('needs root (to give the files to another user) and setpriv (to run the CLI as nobody): not reproduced here');
    return;
  }
  // 0001.sql stays root's (0644), 0002.sql is nobody's, the folder is root's: nobody cannot create a temporary file beside it.
  chownSync(join(dir, 'm', '0002.sql'), 65534, 65534);
  const ino = statSync(join(dir, 'm', '0002.sql')).ino;
  const r = run(['m', '--fix']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'sql-schema-lint: m/0001.sql: not fixed: permission denied: you may not write this file\n');
  assert.equal(readFileSync(join(dir, 'm', '0001.sql'), 'utf8'), MONEY);
  assert.equal(readFileSync(join(dir, 'm', '0002.sql'), 'utf8'), other.replace('double precision', 'NUMERIC(12, 2)'));
  const st = statSync(join(dir, 'm', '0002.sql'));
  assert.deepEqual([st.uid, st.mode & 0o777, st.ino], [65534, 0o644, ino], 'written in place: same owner, mode and inode');
  assert.deepEqual(readdirSync(join(dir, 'm')).sort(), ['0001.sql', '0002.sql']);
});
