// Parity of the two parser adapters: for every statement both PostgreSQL (libpg-query) and
// pgsql-ast-parser accept, the facts from pgsql-ast-parser's AST (ast-adapter.ts) must equal the facts
// from PostgreSQL's AST (pg-adapter.ts): same names, types, flags, expressions and ranges.
// Over ../shared/corpus it prints, per statement kind, how many statements each parser accepted and
// how many came out identical, and lists the differences; set PARITY_ALL=1 to also run
// pgsql-ast-parser on the statement kinds the product never gives it (acceptance figures only).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { parse } from 'pgsql-ast-parser';
import { AST_ADAPTED_KINDS, AST_STATEMENT_KINDS, astParserRunsOnFile, astRunsOn } from '../../server/src/engine/parse/ast-adapter.js';
import { parseDocument } from '../../server/src/engine/parse/document.js';
import { usePostgresParser } from '../helpers/engine.js';
import { astOutcomeOf, firstDifference, pgFactsOf, plain, statementText } from './facts-of.js';

usePostgresParser();

/**
 * Over the corpus every statement pgsql-ast-parser accepts gives identical facts (11,001 of 11,001
 * when written). Falling back to PostgreSQL's AST is allowed for a few statements; differing facts are not.
 */
const MIN_PARITY = 0.999;

const CORPUS = resolve(__dirname, '../../../shared/corpus');

function sqlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sqlFiles(p));
    else if (name.endsWith('.sql')) out.push(p);
  }
  return out;
}

/** Compares both adapters on every statement of `text` (all must be accepted by both): how many, and the differences. */
function compare(text: string): { compared: number; differences: string[] } {
  const file = parseDocument(text);
  const differences: string[] = [];
  let compared = 0;
  for (const st of file.statements) {
    assert.equal(st.error, undefined, statementText(file, st));
    const outcome = astOutcomeOf(file, st);
    assert.equal(outcome.status, 'ok', `pgsql-ast-parser adapter on ${statementText(file, st)}: ${JSON.stringify(outcome)}`);
    if (outcome.status !== 'ok') continue;
    compared++;
    const d = firstDifference(plain(outcome.facts), plain(pgFactsOf(file, st) ?? []));
    if (d) differences.push(`${statementText(file, st)}\n    ${d}`);
  }
  return { compared, differences };
}

test('parity on hand-written statements: non-ASCII names, strings and comments, every fact kind', () => {
  const text = [
    '-- Überblick: 💸 Tabellen',
    'CREATE TABLE IF NOT EXISTS "Ünïcode"."Tâble" (LIKE base INCLUDING ALL, id bigserial PRIMARY KEY, "naïve" numeric(12,0) NOT NULL DEFAULT 0, note text DEFAULT \'café 💸\', ref int CONSTRAINT fk REFERENCES "Ünïcode".other (id) ON DELETE CASCADE, c "char", CONSTRAINT chk CHECK ("naïve" IS NOT NULL), UNIQUE (ref, note))',
    'CREATE TEMP TABLE t2 (a int CONSTRAINT d DEFAULT (now() AT TIME ZONE \'utc\'), b timestamp(0) with time zone, c double precision[], d character varying(10), e char, f float(10), g interval(3))',
    '/* 💸 */ ALTER TABLE ONLY public.t2 ADD COLUMN IF NOT EXISTS "größe" int DEFAULT coalesce(nullif(1, 2), extract(epoch from now())::int), DROP COLUMN IF EXISTS b CASCADE, ALTER COLUMN c TYPE bigint, ALTER d SET DEFAULT current_schema, ALTER d DROP DEFAULT, ALTER a SET NOT NULL, ALTER a DROP NOT NULL, ADD CONSTRAINT "fk_é" FOREIGN KEY (a) REFERENCES x (y), DROP CONSTRAINT IF EXISTS z, OWNER TO bob',
    'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "ïx" ON "Ünïcode"."Tâble" USING btree (ref DESC, lower(note), ((ref + 1))) WHERE ref IS NOT NULL AND note IS NOT NULL',
    'DROP TABLE IF EXISTS a, "Ünïcode".b CASCADE',
    // Names longer than 63 bytes: PostgreSQL cuts them (on a character boundary).
    `CREATE TABLE ${'t'.repeat(70)} ("${'ü'.repeat(40)}" int CONSTRAINT ${'c'.repeat(64)} UNIQUE)`,
    'ALTER TABLE "Tâble" RENAME COLUMN "naïve" TO "näive"',
    'ALTER INDEX "ïx" RENAME TO "ïy"',
    "CREATE TYPE mood AS ENUM ('😀', 'sad')",
    'CREATE EXTENSION IF NOT EXISTS "uuid-ossp"',
    'BEGIN',
    "SET LOCAL lock_timeout = '5s'",
    'SET search_path = public, "$user"',
    'COMMIT',
  ].join(';\n');
  const { compared, differences } = compare(text);
  assert.equal(compared, 14);
  assert.deepEqual(differences, []);
});

test('pgsql-ast-parser offsets are UTF-16 offsets: ranges slice back to the written names', () => {
  const text = '-- 💸💸\nCREATE TABLE "💸" ("é💸" int REFERENCES "💸" (id) ON DELETE SET NULL)';
  const file = parseDocument(text);
  const outcome = astOutcomeOf(file, file.statements[0]!);
  assert.equal(outcome.status, 'ok');
  const fact = outcome.status === 'ok' ? outcome.facts[0] : undefined;
  assert.ok(fact && fact.kind === 'createTable');
  assert.equal(text.slice(fact.table.range.start, fact.table.range.end), '"💸"');
  assert.equal(text.slice(fact.columns[0]!.name.range.start, fact.columns[0]!.name.range.end), '"é💸"');
  assert.equal(text.slice(fact.constraints[0]!.range.start, fact.constraints[0]!.range.end), 'REFERENCES "💸" (id) ON DELETE SET NULL');
  assert.deepEqual(plain(outcome.status === 'ok' ? outcome.facts : []), plain(pgFactsOf(file, file.statements[0]!)!));
});

test('statements pgsql-ast-parser cannot represent exactly fall back to the PostgreSQL AST', () => {
  for (const sql of [
    'ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES b (c) NOT VALID', // rejected by pgsql-ast-parser
    'SELECT 1', // a kind it is not run on
    'CREATE TABLE t (a time(3) with time zone)', // pgsql-ast-parser reads the type as timestamptz
  ]) {
    const file = parseDocument(sql);
    const st = file.statements[0]!;
    assert.notEqual(astOutcomeOf(file, st).status, 'ok', sql);
    assert.equal(st.parser, 'libpg-query', sql);
  }
  // pgsql-ast-parser ran with a cached collator behind localeCompare; the built-in is back.
  assert.equal(String.prototype.localeCompare.name, 'localeCompare');
  // A kind the adapter handles but the product leaves to PostgreSQL's AST (its facts are a name and flags).
  const drop = parseDocument('DROP TABLE t');
  assert.equal(astOutcomeOf(drop, drop.statements[0]!).status, 'ok');
  assert.equal(drop.statements[0]!.parser, 'libpg-query');
});

interface KindStats {
  statements: number;
  /** The product runs pgsql-ast-parser on it / takes its facts from it. */
  productRuns: number;
  productUses: number;
  astRun: number;
  accepted: number;
  unsupported: number;
  identical: number;
  differences: string[];
  rejections: Map<string, number>;
}

test('parity over the corpus: identical facts from both adapters', (t) => {
  if (!existsSync(CORPUS)) {
    t.skip('../shared/corpus is absent: parity over the corpus not measured');
    return;
  }
  const all = process.env.PARITY_ALL === '1';
  const kinds = new Map<string, KindStats>();
  let total = 0;
  let otherAccepted = 0;
  let otherRun = 0;
  const started = Date.now();
  for (const path of sqlFiles(CORPUS)) {
    const file = parseDocument(readFileSync(path, 'utf8'));
    const rel = relative(CORPUS, path);
    for (const st of file.statements) {
      if (st.error || !st.type) continue;
      total++;
      const k: KindStats = kinds.get(st.type) ?? { statements: 0, productRuns: 0, productUses: 0, astRun: 0, accepted: 0, unsupported: 0, identical: 0, differences: [], rejections: new Map() };
      kinds.set(st.type, k);
      k.statements++;
      if (!AST_ADAPTED_KINDS.has(st.type)) {
        if (all) {
          otherRun++;
          try {
            parse(statementText(file, st));
            otherAccepted++;
          } catch {
            // counted as rejected
          }
        }
        continue;
      }
      k.astRun++;
      // The product's own result when it used pgsql-ast-parser (parseDocument ran the adapter already).
      const outcome = st.parser === 'pgsql-ast-parser' ? { status: 'ok' as const, facts: st.facts } : astOutcomeOf(file, st);
      // The product takes its facts from pgsql-ast-parser exactly when it runs it and the adapter succeeds.
      const runs = astRunsOn(st.type, file.tokens, st.range) && astParserRunsOnFile(file.text.length);
      if (runs) k.productRuns++;
      assert.equal(outcome.status === 'ok' && runs, st.parser === 'pgsql-ast-parser', `${rel}: ${statementText(file, st)}`);
      if (st.parser === 'pgsql-ast-parser') k.productUses++;
      if (outcome.status === 'rejected') {
        const key = outcome.message.replace(/ at line \d+ col \d+:?/, '').slice(0, 70);
        k.rejections.set(key, (k.rejections.get(key) ?? 0) + 1);
        continue;
      }
      k.accepted++;
      if (outcome.status !== 'ok') {
        k.unsupported++;
        k.differences.push(`[falls back: ${outcome.status === 'unsupported' ? outcome.reason : outcome.status}] ${rel}: ${oneLine(statementText(file, st))}`);
        continue;
      }
      const d = firstDifference(plain(outcome.facts), plain(pgFactsOf(file, st) ?? []));
      if (d) k.differences.push(`${rel}: ${oneLine(statementText(file, st))}\n      ${d}`);
      else k.identical++;
    }
  }
  const rows = [...kinds].filter(([, k]) => k.astRun > 0).sort((a, b) => b[1].astRun - a[1].astRun);
  const sum = (f: (k: KindStats) => number): number => rows.reduce((n, [, k]) => n + f(k), 0);
  const astRun = sum((k) => k.astRun);
  const accepted = sum((k) => k.accepted);
  const identical = sum((k) => k.identical);
  const fallsBack = sum((k) => k.unsupported);
  const pct = (a: number, b: number): string => (b ? ((100 * a) / b).toFixed(2) : '-') + ' %';
  const cell = (v: string | number, w: number): string => String(v).padStart(w);
  const lines = [
    `corpus statements PostgreSQL accepts: ${total} (measured in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `of the kinds the adapter handles: ${astRun}; pgsql-ast-parser accepts ${accepted} (${pct(accepted, astRun)})`,
    `identical facts from both adapters: ${identical} of ${accepted} (${pct(identical, accepted)}); ${fallsBack} fall back to PostgreSQL's AST, ${accepted - identical - fallsBack} differ`,
    `the product runs pgsql-ast-parser on ${sum((k) => k.productRuns)} of them (${[...AST_STATEMENT_KINDS].join(', ')}; not on ALTER TABLEs that only DROP) and takes ${sum((k) => k.productUses)} statements' facts from it`,
    all ? `kinds it is never given: ${otherRun}; pgsql-ast-parser would accept ${otherAccepted} (${pct(otherAccepted, otherRun)})` : 'kinds it is never given: not run (PARITY_ALL=1 to measure)',
    '',
    `${'kind'.padEnd(20)}${cell('statements', 11)}${cell('accepted', 10)}${cell('', 10)}${cell('identical', 10)}${cell('falls back', 11)}${cell('differs', 8)}${cell('product uses', 13)}`,
    ...rows.map(
      ([kind, k]) =>
        `${kind.padEnd(20)}${cell(k.astRun, 11)}${cell(k.accepted, 10)}${cell(pct(k.accepted, k.astRun), 10)}${cell(k.identical, 10)}${cell(k.unsupported, 11)}${cell(k.accepted - k.identical - k.unsupported, 8)}${cell(k.productUses, 13)}`,
    ),
  ];
  for (const [kind, k] of rows) {
    if (k.differences.length) lines.push('', `${kind}: ${k.differences.length} not identical`, ...k.differences.slice(0, 25).map((d) => '  ' + d));
    if (k.rejections.size && process.env.PARITY_REJECTIONS === '1')
      lines.push('', `${kind}: pgsql-ast-parser rejections`, ...[...k.rejections].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([m, n]) => `  ${String(n).padStart(5)}  ${m}`));
  }
  t.diagnostic('\n' + lines.join('\n'));
  assert.ok(total > 10_000, 'the corpus has its statements');
  assert.equal(accepted - identical - fallsBack, 0, 'statements whose facts differ between the adapters');
  assert.ok(identical / accepted >= MIN_PARITY, `parity ${pct(identical, accepted)} is below ${MIN_PARITY * 100} %`);
});

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > 160 ? flat.slice(0, 157) + '...' : flat;
}
