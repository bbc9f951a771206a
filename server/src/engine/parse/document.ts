// Text -> statements -> facts. PostgreSQL's scanner (libpg-query) decides where statements begin and
// end, PostgreSQL's parser decides what is a syntax error; one statement's error never hides the rest
// because each statement is parsed on its own. Parsed statements are cached by their text, so an edit
// re-parses only the statements it touched.
import type { Fact } from './facts.js';
import { doBlockSql } from './do-block.js';
import { PgAdapter, type AdapterInput } from './pg-adapter.js';
import { pgParse, type PgNode } from './pg.js';
import { ByteOffsets, LineIndex, codePointsToUtf16, type Range } from './positions.js';
import { maskNonSql } from './mask.js';
import { lexInto } from './lexer.js';
import { LPAREN, RPAREN, SEMICOLON, TokenColumns, TokenStream } from './tokens.js';
import { parseDirectives, type Directive } from './directives.js';
import { astFacts, astParserRunsOnFile } from './ast-adapter.js';
import { withQueryFacts } from './query-facts.js';
import { isStatementBreak } from '../migration-tools/markers.js';
import { isStackOverflow } from './tree-walk.js';
import { StatementCache, jsonLength } from './statement-cache.js';

export interface SyntaxErrorInfo {
  message: string;
  /** PostgreSQL's error position (UTF-16 offset in the file). */
  offset: number;
}

export interface Statement {
  index: number;
  /** The statement without its terminating semicolon. */
  range: Range;
  /** The end of the statement including its semicolon (where to insert "after the statement"). */
  end: number;
  /** PostgreSQL's node type, e.g. CreateStmt, AlterTableStmt; '' when it did not parse. */
  type: string;
  facts: Fact[];
  error?: SyntaxErrorInfo;
  /**
   * The statement nests deeper than a stage could follow (its stack ran out): 'parser' when
   * PostgreSQL's parser itself did (no verdict, no facts), 'analysis' when turning its tree into facts
   * did (the facts are incomplete). Rules see such a statement as unchecked, never as an error in it.
   */
  tooDeep?: 'parser' | 'analysis';
  /** Which AST the facts came from. */
  parser: 'pgsql-ast-parser' | 'libpg-query' | 'none';
}

export interface Comment {
  range: Range;
  text: string;
}

export interface ParsedFile {
  text: string;
  lines: LineIndex;
  statements: Statement[];
  comments: Comment[];
  directives: Directive[];
  /** All non-comment tokens of the file (UTF-16 offsets), for editor features. */
  tokens: TokenStream;
}

interface CachedStatement {
  type: string;
  /** Facts with offsets as computed when the statement started at `base`; moved when it starts elsewhere. */
  facts: Fact[];
  base: number;
  error?: SyntaxErrorInfo;
  tooDeep?: Statement['tooDeep'];
  parser: Statement['parser'];
}

/** The corpus's 25,000 statements (3.2 MB of SQL) are estimated at 32 MB: a history that size stays cached whole. */
const CACHE_BYTES = 48 * 1024 * 1024;
const cache = new StatementCache<CachedStatement>(CACHE_BYTES);
/** Statements of files too long for pgsql-ast-parser (their facts come from PostgreSQL's tree only). */
const largeFileCache = new StatementCache<CachedStatement>(CACHE_BYTES);
export const parseStats = { statements: 0, cacheHits: 0, pgsqlAstParser: 0, libpgQuery: 0, errors: 0 };

/**
 * Whether parsed statements are cached. A run that parses each file once and keeps no cache between
 * runs (the CLI without --cache) turns it off: flattening each statement's text into a key and sizing
 * its facts cost a 9.6 MB dump 0.5 s and 10 MB it kept to the end, for no hit.
 */
let caching = true;

export function setStatementCaching(on: boolean): void {
  caching = on;
  if (!on) clearParseCache();
}

export function clearParseCache(): void {
  cache.clear();
  largeFileCache.clear();
}

/** A statement's text and its parse (plain data: JSON round-trips it); 1 when it is a large file's (no pgsql-ast-parser). */
export type CachedStatementEntry = [text: string, parsed: unknown, largeFile?: 1];

/**
 * The cached parses of these files' statements, for the CLI's --cache to keep between runs: a run
 * whose history gained one migration then parses only that migration's statements.
 */
export function cachedStatementsOf(files: readonly ParsedFile[]): CachedStatementEntry[] {
  const out = new Map<string, CachedStatementEntry>();
  for (const f of files) {
    const masked = f.tokens.text;
    const large = !astParserRunsOnFile(f.text.length);
    for (const s of f.statements) {
      const text = masked.slice(s.range.start, s.range.end);
      const hit = (large ? largeFileCache : cache).get(text);
      if (hit) out.set(text, large ? [text, hit, 1] : [text, hit]);
    }
  }
  return [...out.values()];
}

/** Seeds the statement cache with parses an earlier run of the same build wrote (see cachedStatementsOf). */
export function seedStatementCache(entries: readonly CachedStatementEntry[]): void {
  for (const [text, parsed, large] of entries) {
    const target = large ? largeFileCache : cache;
    if (target.bytes >= target.maxBytes) continue;
    if (!target.has(text)) target.set(text, parsed as CachedStatement, estimateBytes(parsed as CachedStatement));
  }
}

/** Drops the cached statements of `old` that `current` (the same file after an edit) no longer has. */
export function forgetReplacedStatements(old: ParsedFile, current: ParsedFile): void {
  cache.forgetReplaced(old, current);
  largeFileCache.forgetReplaced(old, current);
}

/** The statement caches' size, for the editor's log and the bench. */
export function parseCacheSize(): { entries: number; bytes: number } {
  return { entries: cache.size + largeFileCache.size, bytes: cache.bytes + largeFileCache.bytes };
}

export interface ParseOptions {
  /** The length of the whole file when `text` is a piece of it (an editor's re-parse window). */
  fileLength?: number;
  /**
   * Try pgsql-ast-parser, the primary AST, on the statements it accepts (the default). Without it the
   * facts of every statement come from PostgreSQL's AST, about six times faster (as for large files,
   * with their own statement cache): the language server indexes a workspace's unopened files that
   * way, then parses them again in the background (withPrimaryAst). Both adapters give the same facts
   * (test/parse/parity.test.ts).
   */
  primaryAst?: boolean;
}

export function parseDocument(text: string, options: ParseOptions = {}): ParsedFile {
  const primaryAst = options.primaryAst ?? true;
  const masked = maskNonSql(text);
  const comments: Comment[] = [];
  const stream = tokenStream(masked, (start, end) => comments.push({ range: { start, end }, text: text.slice(start, end) }));
  const breaks = markerBreaks(text, comments);
  const statements: Statement[] = [];
  const useAst = primaryAst && astParserRunsOnFile(options.fileLength ?? text.length);
  for (const [first, last, semicolon] of splitStatements(stream, breaks)) {
    const range = { start: stream.startAt(first), end: stream.endAt(last) };
    const end = semicolon >= 0 ? stream.endAt(semicolon) : range.end;
    statements.push(parseStatement(masked, stream, range, end, statements.length, useAst));
  }
  const lines = new LineIndex(text);
  return { text, lines, statements, comments, directives: parseDirectives(comments, lines), tokens: stream };
}

/**
 * Where each statement of `masked` (a text already passed through `maskNonSql`) is, without its
 * semicolon, as the linter splits statements: at top-level semicolons and migration-tool markers,
 * BEGIN ATOMIC bodies kept whole. For code that must send a file's statements one by one (applying
 * a history to PostgreSQL) without parsing them.
 */
export function statementRanges(masked: string): Range[] {
  const comments: { range: Range; text: string }[] = [];
  const tokens = tokenStream(masked, (start, end) => comments.push({ range: { start, end }, text: masked.slice(start, end) }));
  return splitStatements(tokens, markerBreaks(masked, comments)).map(([first, last]) => ({ start: tokens.startAt(first), end: tokens.endAt(last) }));
}

/**
 * Columns lexing reuses, then copied out at their exact size: a file's own columns, grown while lexing
 * and trimmed after, cost three sets of arrays each, a tenth of indexing thousands of small files.
 */
let scratch: TokenColumns | undefined = new TokenColumns(4096);
/** A file with more tokens is lexed into columns of its own: the scratch columns are kept for good. */
const MAX_SCRATCH_TOKENS = 1 << 16;

/** The tokens of `masked` without its comments (given to `onComment`), lexed into columns. */
export function tokenStream(masked: string, onComment?: (start: number, end: number) => void): TokenStream {
  // About one token per eight characters in DDL.
  const reuse = scratch && masked.length >> 3 < MAX_SCRATCH_TOKENS ? scratch : undefined;
  const columns = reuse ?? new TokenColumns(Math.max(64, masked.length >> 3));
  // Taken while in use: onComment must not find it.
  if (reuse) scratch = undefined;
  try {
    lexInto(masked, {
      add(start, end, name, keyword, error) {
        if (name === 'SQL_COMMENT' || name === 'C_COMMENT') onComment?.(start, end);
        else columns.add(start, end, name, keyword, error);
      },
    });
    return new TokenStream(masked, reuse ? columns.copy() : columns.trim());
  } finally {
    if (reuse) {
      columns.clear();
      if (columns.starts.length <= MAX_SCRATCH_TOKENS) scratch = columns;
    }
  }
}

/** Where migration-tool markers end a statement (see splitStatements), from the file's line comments. */
export function markerBreaks(text: string, comments: readonly { range: Range; text: string }[]): number[] {
  const out: number[] = [];
  for (const c of comments) if (c.text.startsWith('--') && isStatementBreak(text, c.range.start, c.text)) out.push(c.range.start);
  return out;
}

/**
 * [first, last, semicolon] token indexes per statement; semicolon is -1 at end of file or before a
 * break. Breaks are migration-tool markers that end a statement without a semicolon (goose's
 * `-- +goose StatementEnd` sends its block whole; a section marker ends what the tool runs).
 */
export function splitStatements(tokens: TokenStream, breaks: readonly number[] = []): [number, number, number][] {
  const out: [number, number, number][] = [];
  let start = -1;
  let depth = 0;
  let atomic = 0;
  let b = 0;
  for (let i = 0; i < tokens.length; i++) {
    const at = tokens.startAt(i);
    if (b < breaks.length && at > breaks[b]!) {
      while (b < breaks.length && at > breaks[b]!) b++;
      if (start >= 0) out.push([start, i - 1, -1]);
      start = -1;
      depth = 0;
      atomic = 0;
    }
    const name = tokens.nameAt(i);
    if (name === SEMICOLON && depth <= 0 && atomic === 0) {
      if (start >= 0) out.push([start, i - 1, i]);
      start = -1;
      depth = 0;
      continue;
    }
    if (start < 0) start = i;
    if (name === LPAREN) depth++;
    else if (name === RPAREN) depth--;
    else if (tokens.keywordAt(i)) {
      const up = tokens.textAt(i).toUpperCase();
      // BEGIN ATOMIC … END bodies contain semicolons; CASE … END nests inside them.
      if (up === 'ATOMIC' && tokens.textAt(i - 1).toUpperCase() === 'BEGIN') atomic++;
      else if (atomic > 0 && up === 'CASE') atomic++;
      else if (atomic > 0 && up === 'END') atomic--;
    }
  }
  if (start >= 0) out.push([start, tokens.length - 1, -1]);
  return out;
}

function parseStatement(masked: string, stream: TokenStream, range: Range, end: number, index: number, useAst: boolean): Statement {
  const chunk = masked.slice(range.start, range.end);
  parseStats.statements++;
  const statementCache = useAst ? cache : largeFileCache;
  let cached = caching ? statementCache.get(chunk) : undefined;
  if (cached) parseStats.cacheHits++;
  else {
    cached = parseChunk(chunk, stream, range, useAst);
    if (caching) statementCache.set(chunk, cached, estimateBytes(cached));
  }
  const st: Statement = {
    index,
    range,
    end,
    type: cached.type,
    facts: range.start === cached.base ? cached.facts : shift(cached.facts, range.start - cached.base),
    parser: cached.parser,
  };
  if (cached.error) st.error = { message: cached.error.message, offset: cached.error.offset + range.start - cached.base };
  if (cached.tooDeep) st.tooDeep = cached.tooDeep;
  return st;
}

function parseChunk(chunk: string, tokens: TokenStream, range: Range, useAst: boolean): CachedStatement {
  const base = range.start;
  const result = pgParse(chunk);
  if ('error' in result && result.error.tooDeep) return { type: '', facts: [], base, tooDeep: 'parser', parser: 'none' };
  if ('error' in result) {
    parseStats.errors++;
    return { type: '', facts: [], base, error: { message: result.error.message, offset: base + codePointsToUtf16(chunk, result.error.cursor) }, parser: 'none' };
  }
  const stmts = result.stmts;
  if (stmts.length === 0) return { type: '', facts: [], base, parser: 'libpg-query' };
  const bytes = new ByteOffsets(chunk);
  const node: PgNode = stmts[0].stmt;
  const type = Object.keys(node)[0] ?? '';
  const input = { tokens, range, loc: (b: number) => base + bytes.toUtf16(b) };
  const fromAst = useAst ? astFacts(chunk, type, tokens, range) : undefined;
  const parser = fromAst ? 'pgsql-ast-parser' : 'libpg-query';
  if (fromAst) parseStats.pgsqlAstParser++;
  else parseStats.libpgQuery++;
  // The walkers keep their own stacks; a stack that still runs out costs this statement its facts
  // (or its query facts), never the file's other statements.
  let facts: Fact[] = [];
  try {
    facts = fromAst ?? PgAdapter.facts(node, input);
    // Query facts (SELECT *, WHERE, OR, OFFSET, function bodies) always come from PostgreSQL's tree.
    facts = withDoBlockFacts(withQueryFacts(facts, node, input), node, input);
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    return { type, facts, base, tooDeep: 'analysis', parser };
  }
  return { type, facts: compact(facts), base, parser };
}

/**
 * The facts with every array copied at its length. An array grown by push keeps room for 16 more
 * items, and most of the facts' arrays hold one or two (names, columns, actions, type modifiers):
 * on a 10 MB dump their spare room was 10 MB of the file's facts, kept until its lint ended.
 */
function compact<T>(value: T): T {
  if (Array.isArray(value)) {
    const out = value.slice();
    for (let i = 0; i < out.length; i++) {
      const v: unknown = out[i];
      if (v !== null && typeof v === 'object') out[i] = compact(v);
    }
    return out as T;
  }
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const k in obj) {
      const v = obj[k];
      if (v !== null && typeof v === 'object') obj[k] = compact(v);
    }
  }
  return value;
}

/**
 * A file parsed without the primary AST (ParseOptions.primaryAst: false), parsed with it. When every
 * statement's facts come out the same (as the parity test requires), the same object is returned,
 * its statements now saying which parser their facts are from, so that what was computed from it
 * stays valid; otherwise the new parse.
 */
export function withPrimaryAst(parsed: ParsedFile): ParsedFile {
  const full = parseDocument(parsed.text);
  const same =
    full.statements.length === parsed.statements.length &&
    full.statements.every((st, i) => {
      const old = parsed.statements[i]!;
      return st.type === old.type && st.error?.message === old.error?.message && sameValue(st.facts, old.facts);
    });
  if (!same) return full;
  const masked = maskNonSql(parsed.text);
  full.statements.forEach((st, i) => {
    const old = parsed.statements[i]!;
    old.parser = st.parser;
    // The cache keeps the facts it shares with the file it first parsed: the old ones, still in use.
    const cached = cache.get(masked.slice(st.range.start, st.range.end));
    if (cached?.base === st.range.start) cached.facts = old.facts;
  });
  return parsed;
}

/** Deep equality of plain data, as JSON sees it: key order and keys holding undefined do not count. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => sameValue(x, (b as unknown[])[i]));
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k in x) if (x[k] !== undefined && !sameValue(x[k], y[k])) return false;
  for (const k in y) if (y[k] !== undefined && x[k] === undefined) return false;
  return true;
}

/** A DO block's facts with a `doBlock` fact holding the facts of the SQL it runs (see do-block.ts). */
function withDoBlockFacts(facts: Fact[], node: PgNode, input: AdapterInput): Fact[] {
  if (!node.DoStmt) return facts;
  const nested: Fact[] = [];
  for (const sql of doBlockSql(node.DoStmt, input))
    for (const st of parseDocument(sql.text).statements)
      // Query shapes in the body are already the DO statement's own facts (query-facts.ts).
      for (const f of st.facts) if (f.kind !== 'selectStar' && f.kind !== 'query') nested.push(shift(f, sql.offset));
  return nested.length ? [...facts, { kind: 'doBlock', range: input.range, facts: nested }] : facts;
}

/** What a cached statement keeps alive, roughly: its facts as JSON are about what they take as objects. */
function estimateBytes(c: CachedStatement): number {
  return 2 * jsonLength(c.facts) + (c.error?.message.length ?? 0);
}

/** A deep copy of facts with every range moved by `delta`. */
export function shift<T>(value: T, delta: number): T {
  if (Array.isArray(value)) return value.map((v) => shift(v, delta)) as T;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj.start === 'number' && typeof obj.end === 'number') return { start: obj.start + delta, end: (obj.end as number) + delta } as T;
    const out: Record<string, unknown> = {};
    for (const k in obj) {
      const v = obj[k];
      out[k] = v !== null && typeof v === 'object' ? shift(v, delta) : v;
    }
    return out as T;
  }
  return value;
}
