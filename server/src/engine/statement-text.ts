// Each statement's text with comments dropped and whitespace collapsed to one space between tokens:
// what identifies a statement when lines around it move (CI fingerprints that must not change when
// a line is inserted above a finding). Lexer only: no PostgreSQL parse, so it is cheap on a cached run.
import { maskNonSql } from './parse/mask.js';
import { markerBreaks, splitStatements, tokenStream } from './parse/document.js';

export interface StatementText {
  /** UTF-16 offsets of the statement's first and last token. */
  start: number;
  end: number;
  normalised: string;
}

export function normalisedStatements(text: string): StatementText[] {
  const comments: { range: { start: number; end: number }; text: string }[] = [];
  const tokens = tokenStream(maskNonSql(text), (start, end) => comments.push({ range: { start, end }, text: text.slice(start, end) }));
  // The same statements as parseDocument's: migration-tool markers end a statement too.
  return splitStatements(tokens, markerBreaks(text, comments)).map(([first, last]) => {
    const texts: string[] = [];
    for (let k = first; k <= last; k++) texts.push(tokens.textAt(k));
    return { start: tokens.startAt(first), end: tokens.endAt(last), normalised: texts.join(' ') };
  });
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
