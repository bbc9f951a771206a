// Each statement's text with comments dropped and whitespace collapsed to one space between tokens:
// what identifies a statement when lines around it move (CI fingerprints that must not change when
// a line is inserted above a finding). Lexer only: no PostgreSQL parse, so it is cheap on a cached run.
import { lex } from './parse/lexer.js';
import { maskNonSql } from './parse/mask.js';
import { markerBreaks, splitStatements } from './parse/document.js';
import { isComment } from './parse/tokens.js';

export interface StatementText {
  /** UTF-16 offsets of the statement's first and last token. */
  start: number;
  end: number;
  normalised: string;
}

export function normalisedStatements(text: string): StatementText[] {
  const all = lex(maskNonSql(text));
  const tokens = all.filter((t) => !isComment(t));
  // The same statements as parseDocument's: migration-tool markers end a statement too.
  const breaks = markerBreaks(text, all.filter((t) => t.name === 'SQL_COMMENT').map((t) => ({ range: t, text: text.slice(t.start, t.end) })));
  return splitStatements(tokens, breaks).map(([first, last]) => ({
    start: tokens[first]!.start,
    end: tokens[last]!.end,
    normalised: tokens
      .slice(first, last + 1)
      .map((t) => t.text)
      .join(' '),
  }));
}

/** The statement holding `offset` (or the next one after it, for offsets between statements); undefined past the last. */
export function statementAt(statements: StatementText[], offset: number): StatementText | undefined {
  let lo = 0;
  let hi = statements.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (statements[mid]!.end < offset) lo = mid + 1;
    else hi = mid;
  }
  return statements[lo];
}
