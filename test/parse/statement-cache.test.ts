// The statement parse cache: bounded by an estimate of bytes (least recently used out first), and the
// versions of a statement that an edit replaced are dropped, so typing in one long statement does not
// keep every version (lemmy's triggers.sql once took the editor from 164 to 762 MB in 4,000 keystrokes).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clearParseCache, forgetReplacedStatements, parseCacheSize, parseDocument } from '../../server/src/engine/index.js';
import { StatementCache } from '../../server/src/engine/parse/statement-cache.js';
import { reparse } from '../../server/src/lsp/reparse.js';
import { usePostgresParser } from '../helpers/engine.js';
import { generatedMigration } from '../lsp/fixtures.js';

usePostgresParser();

describe('StatementCache', () => {
  test('holds at most its byte budget, least recently used out first', () => {
    const cache = new StatementCache<number>(3_000);
    const key = (i: number): string => `SELECT ${i} FROM t WHERE x = ${'y'.repeat(100)}`;
    for (let i = 0; i < 5; i++) cache.set(key(i), i, 100);
    assert.ok(cache.bytes <= 3_000);
    assert.equal(cache.get(key(0)), 0);
    for (let i = 5; i < 20; i++) {
      cache.set(key(i), i, 100);
      cache.get(key(0)); // kept in use
      assert.ok(cache.bytes <= 3_000, `${cache.bytes} bytes after ${i + 1} entries`);
    }
    assert.equal(cache.get(key(0)), 0, 'the entry in use stays');
    assert.equal(cache.get(key(5)), undefined, 'old unused entries went');
    assert.equal(cache.get(key(19)), 19);
  });

  test('an entry larger than the budget is not kept, and delete gives its bytes back', () => {
    const cache = new StatementCache<string>(1_000);
    cache.set('x'.repeat(600), 'too big', 0);
    assert.equal(cache.size, 0);
    cache.set('SELECT 1 FROM a_long_enough_name', 'v', 10);
    assert.ok(cache.bytes > 0);
    cache.delete('SELECT 1 FROM a_long_enough_name');
    assert.deepEqual([cache.size, cache.bytes], [0, 0]);
  });
});

describe('versions an edit replaced are dropped', () => {
  test('typing in one statement keeps the cache at one version of it', () => {
    clearParseCache();
    let text = generatedMigration(300);
    let parsed = parseDocument(text);
    const baseline = parseCacheSize();
    const at = text.indexOf("COMMENT ON TABLE table_3 IS 'Block 3") + "COMMENT ON TABLE table_3 IS 'Block".length;
    for (let i = 0; i < 200; i++) {
      text = text.slice(0, at + i) + 'x' + text.slice(at + i);
      const next = reparse(parsed, text) ?? parseDocument(text);
      forgetReplacedStatements(parsed, next);
      parsed = next;
    }
    assert.equal(parseCacheSize().entries, baseline.entries);
    assert.ok(parseCacheSize().bytes - baseline.bytes < 1_000, `${parseCacheSize().bytes - baseline.bytes} bytes more after 200 keystrokes`);
    // The statements around the edit are still cached: parsing the file again parses nothing.
    const again = parseDocument(text);
    assert.equal(parseCacheSize().entries, baseline.entries);
    assert.deepEqual(again.statements.map((s) => s.type), parsed.statements.map((s) => s.type));
  });

  test('a statement the new version still has is kept, wherever it moved', () => {
    clearParseCache();
    const a = 'CREATE TABLE a (id bigint);\nCREATE TABLE b (id bigint);\nCREATE TABLE c (id bigint);\n';
    const first = parseDocument(a);
    const b = 'CREATE TABLE c (id bigint);\nCREATE TABLE a (id bigint);\n';
    const second = parseDocument(b);
    forgetReplacedStatements(first, second);
    assert.equal(parseCacheSize().entries, 2, 'only "CREATE TABLE b" went');
  });
});
