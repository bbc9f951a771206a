// Where in a migration to show PostgreSQL's error. PostgreSQL gives a position for few DDL errors, so
// apply-history finds the failing statement by running the file statement by statement; within it,
// the diagnostic points at the name the message quotes (`column "email" of relation "users" already
// exists` → `email`), else at the statement's first line.
import { lex } from '../engine/parse/lexer.js';
import type { Range } from '../engine/parse/positions.js';
import { isComment } from '../engine/parse/tokens.js';
import type { PgError } from './session.js';

export interface FailurePlace {
  error: PgError;
  /** The failing statement's range in the text. */
  statement?: Range;
  /** PostgreSQL's error position, as an offset into the text. */
  offset?: number;
}

/** Names an error message mentions, most telling first: quoted ones, then the unquoted forms some messages use. */
export function namesInMessage(message: string): string[] {
  const out: string[] = [];
  for (const m of message.matchAll(/"((?:[^"]|"")+)"/g)) out.push(m[1]!.replace(/""/g, '"'));
  // cannot drop column b of table t because other objects depend on it
  const drop = /^cannot drop (?:column|constraint|index|table|view|type|function) ([^\s(]+)/.exec(message);
  if (drop) out.push(drop[1]!);
  // function nosuch() does not exist / function f(integer) does not exist
  const fn = /^(?:function|procedure) ([^\s(]+)\(/.exec(message);
  if (fn) out.push(fn[1]!);
  // unsafe use of new value "x" of enum type mood
  const type = /\btype ([A-Za-z_][\w$.]*)$/.exec(message);
  if (type) out.push(type[1]!);
  // a qualified name is found by its last part
  return out.map((n) => (n.includes('.') && !n.startsWith('.') ? n.slice(n.lastIndexOf('.') + 1) : n));
}

/** The value a name or literal token stands for: quoted identifiers and strings unquoted, plain words folded. */
function tokenValue(text: string, name: string): string | undefined {
  if (name === 'IDENT' && text.startsWith('"')) return text.slice(1, -1).replace(/""/g, '"');
  if (name === 'SCONST' && text.startsWith("'")) return text.slice(1, -1).replace(/''/g, "'");
  if (/^[A-Za-z_][\w$]*$/.test(text)) return text.toLowerCase();
  return undefined;
}

/** The range of `name` in the statement (its first mention, or its last for "specified more than once"). */
function findName(text: string, statement: Range, name: string, last: boolean): Range | undefined {
  let found: Range | undefined;
  for (const t of lex(text.slice(statement.start, statement.end))) {
    if (isComment(t)) continue;
    const v = tokenValue(t.text, t.name);
    if (v === undefined || (v !== name && v !== name.toLowerCase())) continue;
    found = { start: statement.start + t.start, end: statement.start + t.end };
    if (!last) break;
  }
  return found;
}

/** The word PostgreSQL's position points at (a quoted name whole), at least one character. */
function wordAt(text: string, offset: number): Range {
  const rest = text.slice(offset);
  const m = /^(?:"(?:[^"]|"")*"|'(?:[^']|'')*'|[\w$]+)/.exec(rest);
  return { start: offset, end: offset + Math.max(1, m?.[0].length ?? 0) };
}

/** The first line of a statement, without trailing blanks (where a finding without a better place goes). */
export function firstLine(text: string, at: Range): Range {
  const nl = text.indexOf('\n', at.start);
  let end = nl < 0 || nl > at.end ? at.end : nl;
  while (end > at.start && /\s/.test(text[end - 1]!)) end--;
  return { start: at.start, end: Math.max(end, Math.min(at.start + 1, text.length)) };
}

/** Where to show the error in `text`: PostgreSQL's position, the name its message quotes, or the statement's first line. */
export function failureRange(text: string, place: FailurePlace): Range | undefined {
  const { statement, offset, error } = place;
  if (offset !== undefined && offset >= 0 && offset < text.length && (!statement || (offset >= statement.start && offset <= statement.end))) return wordAt(text, offset);
  if (!statement) return undefined;
  // multiple primary keys for table "t" are not allowed: the second PRIMARY KEY, not the table.
  if (/^multiple primary keys/.test(error.message)) {
    const pk = findName(text, statement, 'primary', true);
    if (pk) return { start: pk.start, end: findName(text, { start: pk.end, end: statement.end }, 'key', false)?.end ?? pk.end };
  }
  const last = /specified more than once/.test(error.message);
  for (const name of namesInMessage(error.message)) {
    const r = findName(text, statement, name, last);
    if (r) return r;
  }
  return firstLine(text, statement);
}
