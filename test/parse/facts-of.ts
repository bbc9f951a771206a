// Both adapters' facts for one parsed statement, side by side, for the parity test.
import { astOutcome, type AstOutcome } from '../../server/src/engine/parse/ast-adapter.js';
import type { ParsedFile, Statement } from '../../server/src/engine/parse/document.js';
import type { Fact } from '../../server/src/engine/parse/facts.js';
import { PgAdapter, type AdapterInput } from '../../server/src/engine/parse/pg-adapter.js';
import { pgParse, type PgNode } from '../../server/src/engine/parse/pg.js';
import { withQueryFacts } from '../../server/src/engine/parse/query-facts.js';
import { ByteOffsets } from '../../server/src/engine/parse/positions.js';

/** The statement's text as the parsers see it (psql lines and placeholders masked). */
export function statementText(file: ParsedFile, st: Statement): string {
  return file.tokens.text.slice(st.range.start, st.range.end);
}

/** PostgreSQL's tree of the statement and the adapter input for it, as parse/document.ts builds them. */
function postgres(file: ParsedFile, st: Statement): { node: PgNode; input: AdapterInput } | undefined {
  const chunk = statementText(file, st);
  const result = pgParse(chunk);
  if ('error' in result || result.stmts.length === 0) return undefined;
  const bytes = new ByteOffsets(chunk);
  return { node: result.stmts[0].stmt, input: { tokens: file.tokens, range: st.range, loc: (b) => st.range.start + bytes.toUtf16(b) } };
}

/**
 * The PostgreSQL-AST adapter's facts for a statement PostgreSQL accepts (undefined otherwise),
 * completed like every statement's facts with the query facts (query-facts.ts).
 */
export function pgFactsOf(file: ParsedFile, st: Statement): Fact[] | undefined {
  const pg = postgres(file, st);
  return pg && withQueryFacts(PgAdapter.facts(pg.node, pg.input), pg.node, pg.input);
}

/**
 * What the pgsql-ast-parser adapter makes of the statement, its facts completed like pgFactsOf's;
 * by default for every kind the adapter handles, including those the product leaves to PostgreSQL's AST.
 */
export function astOutcomeOf(file: ParsedFile, st: Statement): AstOutcome {
  const outcome = astOutcome(statementText(file, st), st.type, file.tokens, st.range, true);
  const pg = outcome.status === 'ok' ? postgres(file, st) : undefined;
  return outcome.status === 'ok' && pg ? { status: 'ok', facts: withQueryFacts(outcome.facts, pg.node, pg.input) } : outcome;
}

/** Facts as plain data (absent and undefined fields are the same thing to a rule). */
export function plain(facts: Fact[]): unknown {
  return JSON.parse(JSON.stringify(facts));
}

/** The first path at which two plain values differ, with both values, or undefined when equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return `${path || '.'}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  for (const k of new Set([...ka, ...kb])) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return undefined;
}
