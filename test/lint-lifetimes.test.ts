// What a lint keeps, and for how long: the lock model is computed once per linted file and let go
// once the rules that read it are done (RuleMeta.readsLocks); findings format their message when it is
// read, and JSON sees it as a plain property.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig, lintProject, rules } from '../server/src/engine/index.js';
import { lockModelStats } from '../server/src/engine/locks/file-locks.js';
import { project, usePostgresParser } from './helpers/engine.js';

usePostgresParser();

/** A migration on tables an earlier one created: every lock-model rule has something to look at. */
const files = project({
  '001_tables.sql': `
CREATE TABLE accounts (id bigint PRIMARY KEY, name text);
CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint, total integer, placed_at timestamp);
`,
  '002_changes.sql': `
ALTER TABLE orders ADD COLUMN note text DEFAULT random()::text;
ALTER TABLE orders ALTER COLUMN total TYPE bigint;
ALTER TABLE orders ALTER COLUMN placed_at SET NOT NULL;
ALTER TABLE orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id);
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);
CREATE INDEX orders_account_idx ON orders (account_id);
CREATE UNIQUE INDEX orders_note_idx ON orders (note);
ALTER TABLE orders ADD CONSTRAINT orders_note_key UNIQUE USING INDEX orders_note_idx;
`,
});

test('the lock model is computed once per linted file, though its readers run before the other rules and it is let go after them', () => {
  const before = lockModelStats.computed;
  const result = lintProject(files, defaultConfig());
  assert.equal(lockModelStats.computed - before, 2, 'one lock model per linted file');
  const ids = new Set(result.files.flatMap((f) => f.findings.map((x) => x.ruleId)));
  // The fixture reaches the lock-model rules: each of these fires on it.
  for (const id of ['require-lock-timeout', 'volatile-default', 'unsafe-column-type-change', 'unsafe-set-not-null', 'foreign-key-not-valid', 'check-constraint-not-valid', 'require-concurrent-index'])
    assert.ok(ids.has(id), `${id} fired`);
});

test('asking for the lock model of the linted files (editor hints, explain) reuses the rules’ model', () => {
  const before = lockModelStats.computed;
  const result = lintProject(files, defaultConfig(), { locks: true });
  assert.equal(lockModelStats.computed - before, 2);
  const changes = result.files.find((f) => f.relPath === '002_changes.sql')!;
  assert.equal(changes.locks?.statements.length, changes.parsed.statements.length);
});

test('every rule that reads the lock model says so (readsLocks), and no other rule does', () => {
  const readers = rules.filter((r) => r.meta.readsLocks).map((r) => r.id);
  assert.deepEqual(readers.sort(), [
    'check-constraint-not-valid',
    'foreign-key-not-valid',
    'require-concurrent-index',
    'require-lock-timeout',
    'unique-constraint-via-index',
    'unsafe-column-type-change',
    'unsafe-set-not-null',
    'volatile-default',
  ]);
});

test('a finding’s message is formatted when read: the same text through the object, JSON and a copy by name', () => {
  const result = lintProject(files, defaultConfig());
  const findings = result.files.flatMap((f) => f.findings);
  assert.ok(findings.length >= 7);
  for (const f of findings) {
    assert.ok(f.message.length > 20 && !/\{\{\s*\w+\s*\}\}/.test(f.message), `${f.ruleId}: ${f.message}`);
    const json = JSON.parse(JSON.stringify(f)) as Record<string, unknown>;
    assert.equal(json.message, f.message);
    assert.deepEqual(Object.keys(json).slice(0, 6), ['ruleId', 'severity', 'messageId', 'message', 'data', 'file']);
    assert.ok(!('template' in json) && !('note' in json));
  }
});
