// A JavaScript implementation of PostgreSQL's lexical rules (scan.l), producing the same token
// names as libpg-query's scanner for what the engine uses: IDENT, UIDENT, SCONST, ICONST, FCONST,
// PARAM, TYPECAST, Op, ASCII_<code> for single characters, the upper-case word for keywords, and
// SQL_COMMENT / C_COMMENT. Why not scanSync: its JSON result costs ~10x more than lexing here (0.5 s
// on a 534 KB dump, mostly JSON), and every keystroke pays it. Keywords come from PostgreSQL's
// kwlist (parse/keywords.ts, generated and drift-checked). The corpus test checks the resulting statement boundaries
// against PostgreSQL's own on every file it parses.
import { POSTGRES_KEYWORDS } from './keywords.js';
import type { Token, TokenSink } from './tokens.js';

/** Keyword token names (the upper-case word) by lower-case word: one lookup, no new string per keyword. */
const KEYWORD_NAMES = new Map([...POSTGRES_KEYWORDS].map((k) => [k, k.toUpperCase()]));

/** ASCII_<code> names by character code, built once instead of for each punctuation token. */
const ASCII_NAMES = Array.from({ length: 128 }, (_, c) => `ASCII_${c}`);

function asciiName(c: number): string {
  return ASCII_NAMES[c] ?? `ASCII_${c}`;
}

const OP_CHARS = '+-*/<>=~!@#%^&|`?';
const SELF = '+-*/<>=%^';
/** Multi-character operators the scanner names (scan.l); every other operator run is Op. */
export const SPECIAL_OPS: Readonly<Record<string, string>> = {
  '::': 'TYPECAST',
  ':=': 'COLON_EQUALS',
  '=>': 'EQUALS_GREATER',
  '<=': 'LESS_EQUALS',
  '>=': 'GREATER_EQUALS',
  '<>': 'NOT_EQUALS',
  '!=': 'NOT_EQUALS',
  '..': 'DOT_DOT',
};

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * PostgreSQL's messages for a literal or comment that runs to the end of the text (scan.l's <<EOF>>
 * rules). The lexer never throws: such a token runs to the end and carries the message.
 */
export const UNTERMINATED = {
  comment: 'unterminated /* comment',
  string: 'unterminated quoted string',
  identifier: 'unterminated quoted identifier',
  bit: 'unterminated bit string literal',
  hex: 'unterminated hexadecimal string literal',
  dollar: 'unterminated dollar-quoted string',
} as const;

/**
 * Name of an unterminated `/* …` token. It is not a comment: PostgreSQL stops there with an error, so
 * the text belongs to a statement (whose parse reports the error) instead of vanishing.
 */
export const UNTERMINATED_COMMENT = 'UNTERMINATED_COMMENT';

/** Tokens of `text` with UTF-16 offsets, comments included. Never throws: unterminated literals run to the end. */
export function lex(text: string): Token[] {
  const out: Token[] = [];
  scan(text, (start, end, name, keyword, error) => {
    const t: Token = { start, end, text: text.slice(start, end), name, keyword };
    if (error !== undefined) t.error = error;
    out.push(t);
  });
  return out;
}

/** Lexes `text` into `sink` (token columns, without a string or an object per token). */
export function lexInto(text: string, sink: TokenSink): void {
  scan(text, (start, end, name, keyword, error) => sink.add(start, end, name, keyword, error));
}

type Add = (start: number, end: number, name: string, keyword: boolean, error?: string) => void;

function scan(text: string, add: Add): void {
  const n = text.length;
  let i = 0;
  const push = (start: number, end: number, name: string, keyword = false): void => add(start, end, name, keyword);
  /** A quoted token from `start` whose closing quote search began at `open`; flagged when it runs off the end. */
  const pushQuoted = (start: number, open: number, q: number, backslash: boolean, name: string, error: string): void => {
    i = quoted(text, open, q, backslash);
    if (i > 0) push(start, i, name);
    else {
      i = n;
      add(start, n, name, false, error);
    }
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    // whitespace
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11) {
      i++;
      continue;
    }
    const start = i;
    const next = text.charCodeAt(i + 1);
    if (c === 45 /* - */ && next === 45) {
      // scan.l: comment ("--"{non_newline}*), newline [\n\r]: a lone CR ends it too.
      i += 2;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 10 || d === 13) break;
        i++;
      }
      push(start, i, 'SQL_COMMENT');
      continue;
    }
    if (c === 47 /* / */ && next === 42 /* * */) {
      let depth = 0;
      while (i < n) {
        if (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 42) {
          depth++;
          i += 2;
        } else if (text.charCodeAt(i) === 42 && text.charCodeAt(i + 1) === 47) {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
      if (depth === 0) push(start, i, 'C_COMMENT');
      else add(start, n, UNTERMINATED_COMMENT, false, UNTERMINATED.comment);
      continue;
    }
    // String constants with prefixes: E'…', B'…', X'…', N'…', U&'…'
    if ((c === 69 || c === 101) && next === 39) {
      pushQuoted(start, i + 1, 39, true, 'SCONST', UNTERMINATED.string);
      continue;
    }
    if ((c === 66 || c === 98 || c === 88 || c === 120) && next === 39) {
      const bit = c === 66 || c === 98;
      pushQuoted(start, i + 1, 39, false, bit ? 'BCONST' : 'XCONST', bit ? UNTERMINATED.bit : UNTERMINATED.hex);
      continue;
    }
    if ((c === 78 || c === 110) && next === 39) {
      // N'…' (national character): PostgreSQL scans the NCHAR keyword, then the string.
      i++;
      push(start, i, 'NCHAR', true);
      continue;
    }
    if ((c === 85 || c === 117) && next === 38 /* & */ && (text.charCodeAt(i + 2) === 39 || text.charCodeAt(i + 2) === 34)) {
      const q = text.charCodeAt(i + 2);
      if (q === 39) pushQuoted(start, i + 2, q, false, 'USCONST', UNTERMINATED.string);
      else pushQuoted(start, i + 2, q, false, 'UIDENT', UNTERMINATED.identifier);
      continue;
    }
    if (c === 39) {
      pushQuoted(start, i, 39, false, 'SCONST', UNTERMINATED.string);
      continue;
    }
    if (c === 34) {
      pushQuoted(start, i, 34, false, 'IDENT', UNTERMINATED.identifier);
      continue;
    }
    if (c === 36 /* $ */) {
      if (isDigit(next)) {
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
        push(start, i, 'PARAM');
        continue;
      }
      // Dollar quote: $$ or $tag$ (tag: identifier without $).
      let k = i + 1;
      if (isIdentStart(text.charCodeAt(k))) {
        k++;
        while (k < n && isIdentPart(text.charCodeAt(k)) && text.charCodeAt(k) !== 36) k++;
      }
      if (text.charCodeAt(k) === 36) {
        const tag = text.slice(i, k + 1);
        const close = text.indexOf(tag, k + 1);
        if (close >= 0) {
          i = close + tag.length;
          push(start, i, 'SCONST');
        } else {
          i = n;
          add(start, n, 'SCONST', false, UNTERMINATED.dollar);
        }
        continue;
      }
      i++;
      push(start, i, asciiName(36));
      continue;
    }
    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      const word = text.slice(start, i);
      const kwName = KEYWORD_NAMES.get(word.toLowerCase());
      add(start, i, kwName ?? 'IDENT', kwName !== undefined);
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(next))) {
      let isFloat = false;
      let radix = 10;
      if (c === 48 && (next === 120 || next === 88 || next === 111 || next === 79 || next === 98 || next === 66)) {
        radix = next === 120 || next === 88 ? 16 : next === 111 || next === 79 ? 8 : 2;
        i += 2;
        while (i < n && /[0-9a-fA-F_]/.test(text[i]!)) i++;
      } else {
        while (i < n && (isDigit(text.charCodeAt(i)) || text.charCodeAt(i) === 95)) i++;
        if (text.charCodeAt(i) === 46 && text.charCodeAt(i + 1) !== 46) {
          isFloat = true;
          i++;
          while (i < n && (isDigit(text.charCodeAt(i)) || text.charCodeAt(i) === 95)) i++;
        }
        const e = text.charCodeAt(i);
        if (e === 101 || e === 69) {
          const s = text.charCodeAt(i + 1);
          const d = s === 43 || s === 45 ? i + 2 : i + 1;
          if (isDigit(text.charCodeAt(d))) {
            isFloat = true;
            i = d;
            while (i < n && isDigit(text.charCodeAt(i))) i++;
          }
        }
      }
      // scan.l's process_integer_literal: an integer that does not fit in int4 is an FCONST.
      push(start, i, isFloat || !fitsInt4(text.slice(radix === 10 ? start : start + 2, i), radix) ? 'FCONST' : 'ICONST');
      continue;
    }
    if (c === 58 /* : */ || c === 46 /* . */) {
      const two = text.slice(i, i + 2);
      if (SPECIAL_OPS[two]) {
        i += 2;
        push(start, i, SPECIAL_OPS[two]!);
        continue;
      }
      i++;
      push(start, i, asciiName(c));
      continue;
    }
    if (OP_CHARS.includes(text[i]!)) {
      // An operator run stops where a comment starts (scan.l does the same).
      while (i < n && OP_CHARS.includes(text[i]!) && !(text[i] === '-' && text[i + 1] === '-') && !(text[i] === '/' && text[i + 1] === '*')) i++;
      if (i === start) i++;
      let op = text.slice(start, i);
      // scan.l: a multi-char operator may not end in + or - unless it contains ~ ! @ # % ^ & | ` ?
      while (op.length > 1 && /[+-]$/.test(op) && !/[~!@#%^&|`?]/.test(op)) {
        op = op.slice(0, -1);
        i--;
      }
      if (op.length === 1 && SELF.includes(op)) push(start, i, asciiName(op.charCodeAt(0)));
      else push(start, i, SPECIAL_OPS[op] ?? 'Op');
      continue;
    }
    i++;
    push(start, i, asciiName(c));
  }
}

const INT4_MAX = 2147483647;

function fitsInt4(digits: string, radix: number): boolean {
  const clean = digits.includes('_') ? digits.replace(/_/g, '') : digits;
  // Short decimal literals (the common case) cannot overflow.
  if (radix === 10 && clean.length < 10) return true;
  const value = radix === 10 ? Number(clean) : parseInt(clean, radix);
  return value <= INT4_MAX;
}

/** The offset just past the closing quote of the literal opened at `open`, or -1 when it is not closed. */
function quoted(text: string, open: number, q: number, backslash: boolean): number {
  let k = open + 1;
  const n = text.length;
  while (k < n) {
    const c = text.charCodeAt(k);
    if (backslash && c === 92) {
      k += 2;
      continue;
    }
    if (c === q) {
      if (text.charCodeAt(k + 1) === q) {
        k += 2;
        continue;
      }
      const more = q === 39 ? continuation(text, k + 1) : -1;
      if (more < 0) return k + 1;
      k = more + 1;
      continue;
    }
    k++;
  }
  return -1;
}

/**
 * scan.l's quotecontinue: a string literal goes on in the next quote when only whitespace with at
 * least one line break separates them ('a'\n'b' is 'ab'; comments in between end the literal).
 * Returns the offset of that quote, or -1.
 */
function continuation(text: string, from: number): number {
  let k = from;
  let c = text.charCodeAt(k);
  while (c === 32 || c === 9 || c === 12 || c === 11) c = text.charCodeAt(++k);
  if (c !== 10 && c !== 13) return -1;
  while (c === 32 || c === 9 || c === 12 || c === 11 || c === 10 || c === 13) c = text.charCodeAt(++k);
  return c === 39 ? k : -1;
}
