// Incremental re-parse for the editor: after a keystroke only the statements around the edit are
// lexed and parsed again; the statements, tokens and comments before it are kept and those after it
// are moved. The result equals `parseDocument(text)` (a test checks this on random edits):
//
// - The window starts right after the `;` of the last statement that ends before the edit, and ends at
//   the `;` of the first statement that ends after it. Both semicolons are in unchanged text, and after
//   a top-level `;` the lexer and the statement splitter are in their initial state, so the window lexes
//   and splits alone exactly as it does inside the whole text.
// - The window's last statement must end with that `;` (else the edit joined it to what follows, e.g. an
//   opened quote or a deleted semicolon) and the masking of non-SQL text must agree inside and outside
//   the window; otherwise the caller falls back to a full parse.
//
// `prev` is not changed: its tokens are copied (as columns of numbers, a few milliseconds even for a
// large file); the engine's statement cache keeps facts, which are copied, never moved.
import { parseDocument, type ParsedFile, type Statement } from '../engine/index.js';
import { shift, type Comment } from '../engine/parse/document.js';
import { commonPrefix, commonSuffix } from '../engine/parse/statement-cache.js';
import { parseDirectives } from '../engine/parse/directives.js';
import { maskNonSql } from '../engine/parse/mask.js';
import { LineIndex } from '../engine/parse/positions.js';
import { TokenStream } from '../engine/parse/tokens.js';

/** Files smaller than this are simply parsed again: the window bookkeeping would not pay off. */
const MIN_INCREMENTAL_LENGTH = 4_000;

export function reparse(prev: ParsedFile, text: string): ParsedFile | undefined {
  const old = prev.text;
  if (old === text) return prev;
  if (text.length < MIN_INCREMENTAL_LENGTH || prev.statements.length < 3) return undefined;

  // The changed region: [p, oldEnd) in the old text became [p, newEnd) in the new one.
  const p = commonPrefix(old, text);
  const s = commonSuffix(old, text, Math.min(old.length, text.length) - p);
  const oldEnd = old.length - s;
  const delta = text.length - old.length;

  const stmts = prev.statements;
  // Statements [0, before) end (semicolon included) at or before p: kept as they are.
  const before = firstWithEndAfter(stmts, p, 0);
  if (before > 0 && !hasSemicolon(stmts[before - 1]!)) return undefined;
  const windowStart = before > 0 ? stmts[before - 1]!.end : 0;
  // The first statement ending after the change closes the window; statements after it are moved.
  const closing = firstWithEndAfter(stmts, oldEnd, before);
  let windowEndOld = old.length;
  let after = stmts.length;
  if (closing < stmts.length && hasSemicolon(stmts[closing]!)) {
    windowEndOld = stmts[closing]!.end;
    after = closing + 1;
  }
  const windowEndNew = windowEndOld + delta;
  if (windowEndOld - windowStart > old.length / 2) return undefined;

  const windowText = text.slice(windowStart, windowEndNew);
  const w = parseDocument(windowText, { fileLength: text.length });
  if (windowEndOld < old.length) {
    const last = w.statements[w.statements.length - 1];
    if (!last || last.end !== windowText.length || !hasSemicolon(last)) return undefined;
  }
  const prevMasked = prev.tokens.text;
  let masked: string;
  if (!MASK_CROSSES_STATEMENTS.test(windowText) && !MASK_CROSSES_STATEMENTS.test(old.slice(windowStart, windowEndOld))) {
    // Masking is local to a statement unless COPY … FROM stdin data, psql meta-commands or brackets are
    // involved: the prefix and suffix keep their masking, the window's is its own.
    masked = prevMasked === old && w.tokens.text === windowText ? text : prevMasked.slice(0, windowStart) + w.tokens.text + prevMasked.slice(windowEndOld);
  } else {
    masked = maskNonSql(text);
    if (w.tokens.text !== masked.slice(windowStart, windowEndNew)) return undefined;
    if ((masked !== text || prevMasked !== old) && (masked.slice(0, windowStart) !== prevMasked.slice(0, windowStart) || masked.slice(windowEndNew) !== prevMasked.slice(windowEndOld)))
      return undefined;
  }

  // Tokens: the prefix as is, the window's moved to the file, the suffix moved.
  const firstWindowToken = prev.tokens.indexAt(windowStart);
  const firstSuffixToken = prev.tokens.indexAt(windowEndOld);
  const tokens = TokenStream.spliced(masked, prev.tokens, firstWindowToken, firstSuffixToken, w.tokens, windowStart, delta);

  const statements: Statement[] = stmts.slice(0, before);
  for (const st of w.statements) statements.push(moved(st, windowStart, statements.length));
  for (let i = after; i < stmts.length; i++) statements.push(moved(stmts[i]!, delta, statements.length));

  const comments: Comment[] = [];
  for (const c of prev.comments) {
    if (c.range.end > windowStart) break;
    comments.push(c);
  }
  for (const c of w.comments) comments.push({ range: { start: c.range.start + windowStart, end: c.range.end + windowStart }, text: c.text });
  for (const c of prev.comments) {
    if (c.range.start >= windowEndOld) comments.push(delta ? { range: { start: c.range.start + delta, end: c.range.end + delta }, text: c.text } : c);
  }

  const lines = new LineIndex(text);
  const parsed: ParsedFile = {
    text,
    lines,
    statements,
    comments,
    directives: parseDirectives(comments, lines),
    tokens,
  };
  return parsed;
}

/** Text whose masking can depend on other statements (see maskNonSql): COPY data, psql meta-commands, brackets. */
const MASK_CROSSES_STATEMENTS = /copy|[[\]\\]/i;

function hasSemicolon(st: Statement): boolean {
  return st.end > st.range.end;
}

/** The index of the first statement (from `from`) whose end is after `offset`. */
function firstWithEndAfter(stmts: Statement[], offset: number, from: number): number {
  let lo = from;
  let hi = stmts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (stmts[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function moved(st: Statement, delta: number, index: number): Statement {
  if (delta === 0 && st.index === index) return st;
  const out: Statement = {
    ...st,
    index,
    range: { start: st.range.start + delta, end: st.range.end + delta },
    end: st.end + delta,
    facts: delta ? shift(st.facts, delta) : st.facts,
  };
  if (st.error) out.error = { ...st.error, offset: st.error.offset + delta };
  return out;
}
