// The editor's incremental re-parse must equal a full parse: random edits (typing, deleting, opening a
// quote, removing a semicolon, pasting statements) on generated migrations and on corpus files.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseDocument, type ParsedFile } from '../../server/src/engine/index.js';
import { reparse } from '../../server/src/lsp/reparse.js';
import { usePostgresParser } from '../helpers/engine.js';
import { CORPUS_DIR } from '../helpers/corpus.js';
import { generatedMigration } from './fixtures.js';

usePostgresParser();

/** Everything a consumer can observe of a parsed file. */
function snapshot(p: ParsedFile): unknown {
  return {
    text: p.text,
    lines: p.lines.lineCount,
    statements: p.statements.map((s) => ({ index: s.index, range: s.range, end: s.end, type: s.type, facts: s.facts, error: s.error, parser: s.parser })),
    comments: p.comments,
    directives: p.directives,
    tokens: p.tokens.tokens.map((t) => [t.start, t.end, t.text, t.name, t.keyword]),
    masked: p.tokens.text,
  };
}

/** A small deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const INSERTS = ['x', ' ', '\n', ';', "'", '"', '(', ')', '$$', '--', '/*', '*/', ':', 'CREATE TABLE t (id int);\n', 'price float8,', ',', '\\set x 1\n', 'E\'\\\\', '{{ x }}', 'COPY t FROM stdin;\n1\t2\n\\.\n', 'COPY t (a) FROM stdin;\n', '[', ']', 'x[1:2]', ':v'];

const TYPING = ['x', 'y', ' ', '\n', '1'];

function randomEdit(text: string, next: () => number, typing = false): string {
  const at = Math.floor(next() * (text.length + 1));
  if (typing) return next() < 0.6 ? text.slice(0, at) + TYPING[Math.floor(next() * TYPING.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
  const r = next();
  if (r < 0.45) return text.slice(0, at) + INSERTS[Math.floor(next() * INSERTS.length)] + text.slice(at);
  if (r < 0.8) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(next() * 3)));
  const len = Math.floor(next() * 40);
  return text.slice(0, at) + INSERTS[Math.floor(next() * INSERTS.length)]! + text.slice(Math.min(text.length, at + len));
}

function check(name: string, base: string, edits: number, seed: number, typing = false): { incremental: number } {
  const next = rng(seed);
  let prev = parseDocument(base);
  let text = base;
  let incremental = 0;
  for (let i = 0; i < edits; i++) {
    text = randomEdit(text, next, typing);
    const inc = reparse(prev, text);
    const full = parseDocument(text);
    if (inc) {
      incremental++;
      assert.deepStrictEqual(snapshot(inc), snapshot(full), `${name}: edit ${i} (seed ${seed}) differs from a full parse`);
    }
    // Continue from the incremental result when there is one, as the server does.
    prev = inc ?? full;
  }
  return { incremental };
}

describe('incremental re-parse equals a full parse', () => {
  test('a generated 2,000-line migration: 100 typing edits, mostly incremental', () => {
    const { incremental } = check('generated', generatedMigration(2000), 100, 3, true);
    assert.ok(incremental > 80, `most edits are incremental (${incremental})`);
  });

  test('a generated 2,000-line migration: 150 destructive random edits (quotes, COPY data, psql commands, brackets)', () => {
    check('generated', generatedMigration(2000), 150, 1);
  });

  test('one-character typing in the middle keeps statement identity before the edit', () => {
    const text = generatedMigration(400);
    const prev = parseDocument(text);
    const firstBefore = prev.statements[0]!;
    const mid = text.indexOf('\n', text.length >> 1);
    const next = reparse(prev, text.slice(0, mid) + ' ' + text.slice(mid));
    assert.ok(next);
    assert.equal(next.statements[0], firstBefore);
  });

  const corpus = ['lago/db/structure.sql', 'postgrest/test/spec/fixtures/schema.sql', 'postgres-regress/test/sql/postgres_regress/alter_table.sql', 'lemmy/migrations/2019-02-26-002946_create_user/up.sql'];
  for (const rel of corpus) {
    const file = join(CORPUS_DIR, rel);
    test(`corpus: ${rel}, 40 random edits`, { skip: existsSync(file) ? false : '../shared/corpus is absent' }, () => {
      check(rel, readFileSync(file, 'utf8'), 40, 7);
    });
  }
});
