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

/** Token names by id, shared by every stream: PostgreSQL's token names and keywords, a few hundred. */
const NAME_IDS = new Map<string, number>();
const NAMES: string[] = [];

function nameId(name: string): number {
  let id = NAME_IDS.get(name);
  if (id === undefined) {
    id = NAMES.length;
    NAMES.push(name);
    NAME_IDS.set(name, id);
  }
  return id;
}

/** Where the lexer puts tokens (see lexer.ts `lexInto`). */
export interface TokenSink {
  add(start: number, end: number, name: string, keyword: boolean, error?: string): void;
}

/**
 * Tokens kept as columns of numbers: 11 bytes a token instead of a ~75-byte object and its string
 * (a 9.5 MB dump has 1.2 million tokens). Texts are sliced from the stream's text when asked for.
 */
export class TokenColumns implements TokenSink {
  starts: Int32Array;
  ends: Int32Array;
  names: Uint16Array;
  keywords: Uint8Array;
  length = 0;
  /** Scanner errors of unterminated tokens, by index (at most one: it runs to the end). */
  errors: Map<number, string> | undefined;

  constructor(capacity = 64) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.names = new Uint16Array(capacity);
    this.keywords = new Uint8Array(capacity);
  }

  add(start: number, end: number, name: string, keyword: boolean, error?: string): void {
    if (this.length === this.starts.length) this.grow(this.length * 2);
    const i = this.length++;
    this.starts[i] = start;
    this.ends[i] = end;
    this.names[i] = nameId(name);
    this.keywords[i] = keyword ? 1 : 0;
    if (error !== undefined) (this.errors ??= new Map()).set(i, error);
  }

  /** Appends tokens [from, to) of `other`, moved by `delta`. */
  append(other: TokenColumns, from: number, to: number, delta: number): void {
    const n = to - from;
    if (n <= 0) return;
    if (this.length + n > this.starts.length) this.grow(Math.max(this.length + n, this.length * 2));
    const at = this.length;
    this.starts.set(other.starts.subarray(from, to), at);
    this.ends.set(other.ends.subarray(from, to), at);
    this.names.set(other.names.subarray(from, to), at);
    this.keywords.set(other.keywords.subarray(from, to), at);
    if (delta !== 0)
      for (let i = at; i < at + n; i++) {
        this.starts[i]! += delta;
        this.ends[i]! += delta;
      }
    if (other.errors) for (const [k, e] of other.errors) if (k >= from && k < to) (this.errors ??= new Map()).set(k - from + at, e);
    this.length += n;
  }

  /**
   * The columns as data another thread can rebuild them from (`fromData`): token names go by text,
   * since their ids are numbered per thread. The arrays' buffers can be transferred, not copied.
   */
  toData(): TokenColumnsData {
    const table: string[] = [];
    const local = new Map<number, number>();
    const names = new Uint16Array(this.length);
    for (let i = 0; i < this.length; i++) {
      const id = this.names[i]!;
      let l = local.get(id);
      if (l === undefined) local.set(id, (l = table.push(NAMES[id]!) - 1));
      names[i] = l;
    }
    const trimmed = this.trim();
    return { starts: trimmed.starts, ends: trimmed.ends, keywords: trimmed.keywords, names, nameTable: table, ...(this.errors ? { errors: [...this.errors] } : {}) };
  }

  static fromData(data: TokenColumnsData): TokenColumns {
    const cols = new TokenColumns(0);
    const ids = data.nameTable.map(nameId);
    const names = new Uint16Array(data.names.length);
    for (let i = 0; i < names.length; i++) names[i] = ids[data.names[i]!]!;
    cols.starts = data.starts;
    cols.ends = data.ends;
    cols.keywords = data.keywords;
    cols.names = names;
    cols.length = names.length;
    if (data.errors) cols.errors = new Map(data.errors);
    return cols;
  }

  /** The tokens in columns of their exact size, views of one buffer (this one is left as it is, to be reused). */
  copy(): TokenColumns {
    const n = this.length;
    const buffer = new ArrayBuffer(11 * n);
    const out = new TokenColumns(0);
    (out.starts = new Int32Array(buffer, 0, n)).set(this.starts.subarray(0, n));
    (out.ends = new Int32Array(buffer, 4 * n, n)).set(this.ends.subarray(0, n));
    (out.names = new Uint16Array(buffer, 8 * n, n)).set(this.names.subarray(0, n));
    (out.keywords = new Uint8Array(buffer, 10 * n, n)).set(this.keywords.subarray(0, n));
    out.length = n;
    if (this.errors) out.errors = new Map(this.errors);
    return out;
  }

  /** Empties the columns, keeping their capacity. */
  clear(): void {
    this.length = 0;
    this.errors = undefined;
  }

  /** Gives back the capacity beyond the last token (a large file's columns are kept as long as it is). */
  trim(): this {
    if (this.starts.length > this.length) this.grow(this.length);
    return this;
  }

  private grow(capacity: number): void {
    const grown = (a: Int32Array | Uint16Array | Uint8Array): typeof a => {
      const b = new (a.constructor as new (n: number) => typeof a)(capacity);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.starts = grown(this.starts) as Int32Array;
    this.ends = grown(this.ends) as Int32Array;
    this.names = grown(this.names) as Uint16Array;
    this.keywords = grown(this.keywords) as Uint8Array;
  }
}

/** TokenColumns as plain data (see TokenColumns.toData). */
export interface TokenColumnsData {
  starts: Int32Array;
  ends: Int32Array;
  keywords: Uint8Array;
  /** Indexes into `nameTable`. */
  names: Uint16Array;
  nameTable: string[];
  errors?: [number, string][];
}

/** Size of the cache of materialized tokens (a power of two): `at(i)` is called again and again near the same i. */
const AT_CACHE = 256;

export class TokenStream {
  private readonly cols: TokenColumns;
  /** Texts of tokens whose text is not the slice of `text` they span (tokens placed from another text). */
  private readonly texts: string[] | undefined;
  /** The tokens as objects, built only for callers that want the array. */
  private list: Token[] | undefined;
  private readonly atCache: (Token | undefined)[] = new Array(AT_CACHE);

  constructor(
    readonly text: string,
    tokens: Token[] | TokenColumns,
  ) {
    if (tokens instanceof TokenColumns) {
      this.cols = tokens;
      return;
    }
    this.cols = new TokenColumns(Math.max(tokens.length, 1));
    for (const t of tokens) this.cols.add(t.start, t.end, t.name, t.keyword, t.error);
    this.texts = tokens.map((t) => t.text);
  }

  /**
   * The stream of `prev` with tokens [from, to) replaced by `window`'s (moved by `windowStart`) and
   * the tokens after them moved by `delta`: an editor's incremental re-parse.
   */
  static spliced(text: string, prev: TokenStream, from: number, to: number, window: TokenStream, windowStart: number, delta: number): TokenStream {
    if (prev.texts || window.texts) throw new Error('TokenStream.spliced: streams must slice their texts from their file');
    const cols = new TokenColumns(from + window.length + prev.length - to);
    cols.append(prev.cols, 0, from, 0);
    cols.append(window.cols, 0, window.length, windowStart);
    cols.append(prev.cols, to, prev.length, delta);
    return new TokenStream(text, cols);
  }

  get length(): number {
    return this.cols.length;
  }

  /** The stream's token columns (for handing a parse to another thread). */
  columns(): TokenColumns {
    return this.cols;
  }

  /** Tokens without comments, in order, as objects (built on first use; `at` and the other methods do not need them). */
  get tokens(): Token[] {
    if (!this.list) {
      const list = new Array<Token>(this.length);
      for (let i = 0; i < list.length; i++) list[i] = this.make(i);
      this.list = list;
    }
    return this.list;
  }

  /** Drops the token objects built for callers (an editor keeps every migration of a workspace parsed). */
  release(): void {
    this.list = undefined;
    this.atCache.fill(undefined);
  }

  startAt(i: number): number {
    return this.cols.starts[i]!;
  }

  endAt(i: number): number {
    return this.cols.ends[i]!;
  }

  nameAt(i: number): string {
    return NAMES[this.cols.names[i]!]!;
  }

  keywordAt(i: number): boolean {
    return this.cols.keywords[i] === 1;
  }

  textAt(i: number): string {
    if (i < 0 || i >= this.length) return '';
    return this.texts ? this.texts[i]! : this.text.slice(this.cols.starts[i]!, this.cols.ends[i]!);
  }

  /** The upper-case texts of tokens [from, to). */
  upperTexts(from: number, to: number): string[] {
    const out: string[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.length); i++) out.push(this.textAt(i).toUpperCase());
    return out;
  }

  /** Index of the first token that ends after `offset` (the token at or after it). */
  indexAt(offset: number): number {
    const ends = this.cols.ends;
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  at(i: number): Token | undefined {
    if (i < 0 || i >= this.length || !Number.isInteger(i)) return undefined;
    if (this.list) return this.list[i];
    const slot = i & (AT_CACHE - 1);
    const hit = this.atCache[slot];
    if (hit && hit.start === this.cols.starts[i] && hit.end === this.cols.ends[i]) return hit;
    return (this.atCache[slot] = this.make(i));
  }

  private make(i: number): Token {
    const t: Token = { start: this.cols.starts[i]!, end: this.cols.ends[i]!, text: this.textAt(i), name: this.nameAt(i), keyword: this.cols.keywords[i] === 1 };
    const error = this.cols.errors?.get(i);
    if (error !== undefined) t.error = error;
    return t;
  }

  slice(range: Range): string {
    return this.text.slice(range.start, range.end);
  }

  /** Index of the next token (from `from`) whose upper-case text is one of `words`, before `limit`. */
  findWord(from: number, words: string[], limit = this.length): number {
    const end = Math.min(limit, this.length);
    for (let i = from; i < end; i++) if (words.includes(this.textAt(i).toUpperCase())) return i;
    return -1;
  }

  /** Index of the token closing the parenthesis opened at `open`. */
  matching(open: number): number {
    let depth = 0;
    for (let i = open; i < this.length; i++) {
      const n = this.nameAt(i);
      if (n === LPAREN || n === LBRACKET) depth++;
      else if (n === RPAREN || n === RBRACKET) {
        depth--;
        if (depth === 0) return i;
      }
    }
    return this.length - 1;
  }

  /** A dotted name starting at token `i`: its parts as written and its range. */
  dottedName(i: number): { parts: Token[]; range: Range; next: number } | undefined {
    const first = this.at(i);
    if (!first || !isNameToken(first)) return undefined;
    const parts = [first];
    let k = i + 1;
    while (k + 1 < this.length && this.nameAt(k) === DOT && isNameToken(this.at(k + 1)!)) {
      parts.push(this.at(k + 1)!);
      k += 2;
    }
    return { parts, range: { start: first.start, end: parts[parts.length - 1]!.end }, next: k };
  }

  /**
   * The end of a list element starting at token `i`: the last token before a ',' or ')' at the
   * element's own nesting level, or before ';'.
   */
  elementEnd(i: number, limit = this.length): number {
    let depth = 0;
    let last = i;
    const end = Math.min(limit, this.length);
    for (let k = i; k < end; k++) {
      const n = this.nameAt(k);
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
    const end = Math.min(to, this.length);
    for (let k = from; k < end; k++) {
      const n = this.nameAt(k);
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
  typeEnd(i: number, limit = this.length): number {
    let k = i;
    const end = Math.min(limit, this.length);
    while (k + 1 < end) {
      const next = this.nameAt(k + 1);
      const up = this.textAt(k + 1).toUpperCase();
      if (next === DOT && k + 2 < this.length) k += 2;
      else if (next === LPAREN) k = this.matching(k + 1);
      else if (next === LBRACKET) k = this.matching(k + 1);
      else if (up === 'ARRAY') k++;
      else if (TYPE_CONTINUATION.has(up) && !(up === 'WITH' && k + 2 < this.length && this.textAt(k + 2).toUpperCase() === 'OPTIONS')) k++;
      else break;
    }
    return k;
  }

  rangeOf(first: number, last: number): Range {
    const l = Math.max(first, last);
    if (!(first >= 0 && l < this.length)) throw new RangeError(`no token ${first < 0 ? first : l} (of ${this.length})`);
    return { start: this.cols.starts[first]!, end: this.cols.ends[l]! };
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
