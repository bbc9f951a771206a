import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lex } from '../../server/src/engine/parse/lexer.js';
import { maskNonSql } from '../../server/src/engine/parse/mask.js';
import { pgScan } from '../../server/src/engine/parse/pg.js';
import { corpusAvailable, corpusFiles } from '../helpers/corpus.js';
import { usePostgresParser } from '../helpers/engine.js';

usePostgresParser();

const KEYWORDS_FILE = join(__dirname, '..', '..', 'server', 'src', 'engine', 'parse', 'keywords.ts');

test('keywords.ts matches the kwlist in @pgsql/types (generated, drift-checked)', () => {
  const enums = readFileSync(require.resolve('@pgsql/types/enums.d.ts'), 'utf8');
  const union = /export type Token = ([^;]*);/.exec(enums)![1]!;
  const skip = /^(NUL|ASCII_\d+|IDENT|UIDENT|FCONST|SCONST|USCONST|BCONST|XCONST|Op|ICONST|PARAM|TYPECAST|DOT_DOT|COLON_EQUALS|EQUALS_GREATER|LESS_EQUALS|GREATER_EQUALS|NOT_EQUALS|SQL_COMMENT|C_COMMENT|UMINUS|MODE_.*|.*_LA)$/;
  const kws = [...union.matchAll(/"([A-Za-z_0-9]+)"/g)].map((m) => m[1]!).filter((n) => !skip.test(n)).map((n) => n.replace(/_P$/, '').toLowerCase());
  const expected = `// Generated from the Token type of @pgsql/types (PostgreSQL 18 kwlist) by test/parse/keywords.test.ts; do not edit.\n// UPDATE_GENERATED=1 npm run generate rewrites it.\nexport const POSTGRES_KEYWORDS: ReadonlySet<string> = new Set(\n  '${kws.join(' ')}'.split(' '),\n);\n`;
  if (process.env.UPDATE_GENERATED) writeFileSync(KEYWORDS_FILE, expected);
  assert.equal(readFileSync(KEYWORDS_FILE, 'utf8'), expected);
});

const simplify = (toks: { start: number; end: number; name: string }[]) => toks.map((t) => `${t.start}-${t.end}:${t.name}`);

test('the JS lexer gives the same tokens as PostgreSQL\'s scanner on tricky text', () => {
  const samples = [
    "SELECT E'a\\'b', B'101', X'ff', N'n', U&'\\0041', U&\"d\\0061t\" FROM t",
    'SELECT $1, $$x;$$, $tag$ y $ $tag$, a::int, 1.5e-3, .5, 10, 0x1F, 1_000 FROM "Q""x".y',
    'SELECT a<>b, a!=b, a>=b, a<=b, a=>b, x := 1, 1..2, @-1, a||b, a->>\'k\', a #>> \'{x}\', ~a, a ^ 2, a*-1',
    'SELECT 1 -- c\n/* a /* nested */ b */ + 2; SELECT "ü", \'😀\' FROM "名前"',
    'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END',
  ];
  for (const s of samples) {
    const pg = pgScan(s);
    assert.ok(Array.isArray(pg));
    // libpg-query gives UTF-8 byte offsets; compare on ASCII-only samples, names everywhere.
    const ascii = /^[\x00-\x7f]*$/.test(s);
    const ours = lex(s);
    assert.deepEqual(ours.map((t) => t.name), pg.map((t) => t.name), s);
    if (ascii) assert.deepEqual(simplify(ours), simplify(pg), s);
  }
});

test('corpus: the JS lexer agrees with the scanner token for token (names and texts)', (t) => {
  if (!corpusAvailable()) {
    t.skip('../shared/corpus is absent');
    return;
  }
  let files = 0;
  let tokens = 0;
  const mismatches: string[] = [];
  for (const f of corpusFiles()) {
    if (!f.rel.startsWith('lemmy/') && !f.rel.startsWith('trigger.dev/') && !f.rel.startsWith('postgrest/')) continue;
    // psql meta-commands are masked before lexing, as in the engine.
    const text = maskNonSql(readFileSync(f.abs, 'utf8'));
    const pg = pgScan(text);
    if (!Array.isArray(pg)) continue;
    const ours = lex(text);
    files++;
    tokens += ours.length;
    const a = ours.map((x) => `${x.name} ${x.text}`);
    const b = pg.map((x) => `${x.name} ${x.text}`);
    const i = a.findIndex((v, k) => v !== b[k]);
    if (i >= 0 || a.length !== b.length) mismatches.push(`${f.rel}: token ${i}: ours ${a[i]} / scanner ${b[i]}`);
  }
  t.diagnostic(`${files} files, ${tokens} tokens compared`);
  assert.deepEqual(mismatches.slice(0, 10), []);
});

test('a released token stream is lexed again to the same tokens (an editor frees closed files\' tokens)', async () => {
  const { parseDocument } = await import('../../server/src/engine/parse/document.js');
  const text = "-- a comment\nCREATE TABLE t (id bigint /* inline */, name text DEFAULT 'x;y');\n\\set ON_ERROR_STOP on\nCREATE INDEX idx_t_name ON t (name);\n";
  const parsed = parseDocument(text);
  const before = parsed.tokens.tokens.map((t) => ({ ...t }));
  assert.ok(before.length > 10);
  assert.ok(before.every((t) => t.name !== 'SQL_COMMENT' && t.name !== 'C_COMMENT'), 'comments are not tokens of the stream');
  parsed.tokens.release();
  assert.deepEqual(parsed.tokens.tokens, before);
  assert.equal(parsed.tokens.at(parsed.tokens.indexAt(text.indexOf('idx_t_name')))?.text, 'idx_t_name');
});
