// The one door to libpg-query (PostgreSQL's own parser compiled to WASM). It must be loaded once,
// asynchronously, before any synchronous call; every entry point of the product awaits `loadPostgresParser()`.
import type * as LibPgQuery from 'libpg-query';
import { SPECIAL_OPS } from './lexer.js';
import { isStackOverflow } from './tree-walk.js';

let pg: typeof LibPgQuery | undefined;
let loaded: Promise<void> | undefined;
let ready = false;

export function loadPostgresParser(): Promise<void> {
  // Required here, not imported: evaluating the module starts instantiating its WASM, which a CLI run
  // answered from its --cache never needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  pg ??= require('libpg-query') as typeof LibPgQuery;
  loaded ??= pg.loadModule().then(() => {
    ready = true;
  });
  return loaded;
}

function assertReady(): void {
  if (!ready) throw new Error('libpg-query is not loaded: await loadPostgresParser() first');
}

export interface PgToken {
  /** UTF-8 byte offsets into the scanned text. */
  start: number;
  end: number;
  text: string;
  name: string;
  keyword: boolean;
}

export interface PgSyntaxError {
  message: string;
  /** 0-based position in characters (code points, not bytes) of the parsed text: see codePointsToUtf16. */
  cursor: number;
  /**
   * Not a syntax error: the parser ran out of stack on a statement nested too deeply (about 10,000
   * `+` terms; PostgreSQL 15 with its default max_stack_depth stops earlier, at "stack depth limit exceeded").
   */
  tooDeep?: true;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PgNode = any;

export function pgParse(text: string): { stmts: PgNode[] } | { error: PgSyntaxError } {
  assertReady();
  try {
    const result = pg!.parseSync(text) as { stmts?: PgNode[] };
    return { stmts: result.stmts ?? [] };
  } catch (e) {
    if (isStackOverflow(e)) return { error: { message: 'the statement is nested too deeply for the parser (its stack ran out)', cursor: 0, tooDeep: true } };
    return { error: toSyntaxError(e) };
  }
}

export function pgParsePlpgsql(text: string): PgNode[] | undefined {
  assertReady();
  try {
    return pg!.parsePlPgSQLSync(text) as unknown as PgNode[];
  } catch {
    return undefined;
  }
}

export function pgScan(text: string): PgToken[] | { error: PgSyntaxError } {
  assertReady();
  try {
    const result = pg!.scanSync(text);
    return result.tokens.map((t) => ({
      start: t.start,
      end: t.end,
      text: t.text,
      name: tokenName(t),
      keyword: t.keywordKind !== 0,
    }));
  } catch (e) {
    return { error: toSyntaxError(e) };
  }
}


// The scanner names some tokens UNKNOWN (keywords, some operators); give them the ASCII_<code> name the others have.
function tokenName(t: { tokenName: string; text: string }): string {
  if (t.tokenName !== 'UNKNOWN') return t.tokenName;
  // scan.l's "self" characters are returned as themselves; other one-character operators are Op.
  if (t.text.length === 1 && ',()[].;:+-*/%^<>=$'.includes(t.text)) return `ASCII_${t.text.charCodeAt(0)}`;
  if (t.text.length === 1 && '~!@#&|`?'.includes(t.text)) return 'Op';
  // scan.l's "other" rule returns any other single character as itself (`{`, `}`).
  if (t.text.length === 1 && !/[A-Za-z_\u0080-\uffff]/.test(t.text)) return `ASCII_${t.text.charCodeAt(0)}`;
  if (/^[bB]'/.test(t.text)) return 'BCONST';
  if (/^[xX]'/.test(t.text)) return 'XCONST';
  if (/^[uU]&'/.test(t.text)) return 'USCONST';
  if (/^[uU]&"/.test(t.text)) return 'UIDENT';
  // N'…' is scanned as the NCHAR keyword followed by the string.
  if (t.text === 'N' || t.text === 'n') return 'NCHAR';
  if (/^[A-Za-z_\u0080-\uffff]/.test(t.text)) return t.text.toUpperCase();
  return SPECIAL_OPS[t.text] ?? 'Op';
}

function toSyntaxError(e: unknown): PgSyntaxError {
  const err = e as { message?: string; sqlDetails?: { message?: string; cursorPosition?: number } };
  return {
    message: shortenNear(err.sqlDetails?.message ?? err.message ?? String(e)),
    cursor: Math.max(0, err.sqlDetails?.cursorPosition ?? 0),
  };
}

const NEAR_LIMIT = 40;

/**
 * PostgreSQL quotes the rest of an unterminated literal or comment (`at or near "/* …"`): up to the
 * end of the file. A message keeps its first line, at most NEAR_LIMIT characters.
 */
function shortenNear(message: string): string {
  const m = /^(.*? at or near ")([\s\S]*)"$/.exec(message);
  if (!m) return message;
  const near = m[2]!;
  const line = near.split(/\r\n|\r|\n/, 1)[0]!;
  if (line.length === near.length && near.length <= NEAR_LIMIT) return message;
  return `${m[1]}${line.slice(0, NEAR_LIMIT)}…"`;
}
