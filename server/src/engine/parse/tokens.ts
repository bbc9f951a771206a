// Token-level helpers shared by both parser adapters. Ends of names, types, constraints and list
// elements are computed from PostgreSQL's scanner tokens, never from an AST's end fields (pgsql-ast-parser's
// `_location.end` stops before a node's own `)` in a few percent of nodes).
import type { Range } from './positions.js';

export interface Token {
  /** UTF-16 offsets, relative to the text the token stream was built for. */
  start: number;
  end: number;
  text: string;
  /** PostgreSQL token name: IDENT, SCONST, ICONST, ASCII_40 ('('), or the upper-case keyword. */
  name: string;
  keyword: boolean;
  /**
   * PostgreSQL's scanner error for a literal or comment left open at the end of the text
   * ("unterminated quoted string"); the token then runs to the end.
   */
  error?: string;
}

export const LPAREN = 'ASCII_40';
export const RPAREN = 'ASCII_41';
export const COMMA = 'ASCII_44';
export const SEMICOLON = 'ASCII_59';
export const DOT = 'ASCII_46';
export const LBRACKET = 'ASCII_91';
export const RBRACKET = 'ASCII_93';

/** Words that continue a multi-word type name (double precision, character varying, timestamp with time zone, interval day to second). */
const TYPE_CONTINUATION = new Set(['PRECISION', 'VARYING', 'WITH', 'WITHOUT', 'TIME', 'ZONE', 'TO', 'YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND']);

export function isComment(t: Token): boolean {
  return t.name === 'SQL_COMMENT' || t.name === 'C_COMMENT';
}

export class TokenStream {
  private list: Token[] | undefined;

  constructor(
    readonly text: string,
    tokens: Token[],
    /** Rebuilds the tokens from `text` after release(); without it, release() keeps them. */
    private readonly relex?: () => Token[],
  ) {
    this.list = tokens;
  }

  /** Tokens without comments, in order. */
  get tokens(): Token[] {
    return (this.list ??= this.relex!());
  }

  /**
   * Frees the tokens of a file that is kept parsed only to be linted again later (an editor holds
   * every migration of a workspace: their tokens are a sixth of its memory). They are lexed again
   * from the text, in a few milliseconds, when next asked for.
   */
  release(): void {
    if (this.relex) this.list = undefined;
  }

  /** Index of the first token that ends after `offset` (the token at or after it). */
  indexAt(offset: number): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid]!.end <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  at(i: number): Token | undefined {
    return this.tokens[i];
  }

  slice(range: Range): string {
    return this.text.slice(range.start, range.end);
  }

  /** Index of the next token (from `from`) whose upper-case text is one of `words`, before `limit`. */
  findWord(from: number, words: string[], limit = this.tokens.length): number {
    for (let i = from; i < limit; i++) {
      const t = this.tokens[i]!;
      if (words.includes(t.text.toUpperCase())) return i;
    }
    return -1;
  }

  /** Index of the token closing the parenthesis opened at `open`. */
  matching(open: number): number {
    let depth = 0;
    for (let i = open; i < this.tokens.length; i++) {
      const n = this.tokens[i]!.name;
      if (n === LPAREN || n === LBRACKET) depth++;
      else if (n === RPAREN || n === RBRACKET) {
        depth--;
        if (depth === 0) return i;
      }
    }
    return this.tokens.length - 1;
  }

  /** A dotted name starting at token `i`: its parts as written and its range. */
  dottedName(i: number): { parts: Token[]; range: Range; next: number } | undefined {
    const first = this.tokens[i];
    if (!first || !isNameToken(first)) return undefined;
    const parts = [first];
    let k = i + 1;
    while (this.tokens[k]?.name === DOT && this.tokens[k + 1] && isNameToken(this.tokens[k + 1]!)) {
      parts.push(this.tokens[k + 1]!);
      k += 2;
    }
    return { parts, range: { start: first.start, end: parts[parts.length - 1]!.end }, next: k };
  }

  /**
   * The end of a list element starting at token `i`: the last token before a ',' or ')' at the
   * element's own nesting level, or before ';'.
   */
  elementEnd(i: number, limit = this.tokens.length): number {
    let depth = 0;
    let last = i;
    for (let k = i; k < limit; k++) {
      const n = this.tokens[k]!.name;
      if (n === LPAREN || n === LBRACKET) depth++;
      else if (n === RPAREN || n === RBRACKET) {
        if (depth === 0) break;
        depth--;
      } else if ((n === COMMA && depth === 0) || n === SEMICOLON) break;
      last = k;
    }
    return last;
  }

  /** Splits tokens [from, to) at depth-0 commas; returns [first, last] token index pairs. */
  splitTopLevel(from: number, to: number): [number, number][] {
    const parts: [number, number][] = [];
    let depth = 0;
    let start = from;
    for (let k = from; k < to; k++) {
      const n = this.tokens[k]!.name;
      if (n === LPAREN || n === LBRACKET) depth++;
      else if (n === RPAREN || n === RBRACKET) depth--;
      else if (n === COMMA && depth === 0) {
        if (k > start) parts.push([start, k - 1]);
        start = k + 1;
      }
    }
    if (to > start) parts.push([start, to - 1]);
    return parts;
  }

  /**
   * The last token of the type written at token `i` (before `limit`): dotted names, (modifiers),
   * [bounds], ARRAY and the later words of multi-word types. Both parser adapters end types here.
   */
  typeEnd(i: number, limit = this.tokens.length): number {
    const toks = this.tokens;
    let k = i;
    while (k + 1 < limit) {
      const next = toks[k + 1]!;
      const up = next.text.toUpperCase();
      if (next.name === DOT && toks[k + 2]) k += 2;
      else if (next.name === LPAREN) k = this.matching(k + 1);
      else if (next.name === LBRACKET) k = this.matching(k + 1);
      else if (up === 'ARRAY') k++;
      else if (TYPE_CONTINUATION.has(up) && !(up === 'WITH' && toks[k + 2]?.text.toUpperCase() === 'OPTIONS')) k++;
      else break;
    }
    return k;
  }

  rangeOf(first: number, last: number): Range {
    return { start: this.tokens[first]!.start, end: this.tokens[Math.max(first, last)]!.end };
  }
}

export function isNameToken(t: Token): boolean {
  return t.name === 'IDENT' || t.name === 'UIDENT' || (t.keyword && /^[A-Za-z_]/.test(t.text));
}

/** The identifier as PostgreSQL stores it: quoted names exact, unquoted folded to lower case. */
export function identName(text: string): { name: string; quoted: boolean } {
  if (text.startsWith('"')) return { name: text.slice(1, -1).replace(/""/g, '"'), quoted: true };
  return { name: text.toLowerCase(), quoted: false };
}
