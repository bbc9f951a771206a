// Shared by the migration-safety rules: which tables and columns are new in this file, which
// transaction block a statement sits in, and small SQL text helpers for fixes. What statements lock,
// rewrite and scan is the lock model's (engine/locks). Everything here reads facts and the schema model only.
import type { ParsedFile, Statement } from '../../parse/document.js';
import type { QualifiedName } from '../../parse/facts.js';
import type { Range } from '../../parse/positions.js';
import { DEFAULT_SCHEMA, tableKey } from '../../model/schema.js';
import type { HistoryFile, RuleContext } from '../types.js';
import { lineBreakOf as eol } from '../../parse/line-break.js';
import { currentFileCache } from './current-file.js';

type Ctx = RuleContext<unknown>;

/** Half-open statement-index intervals [from, to) during which a name is new in this file. */
type Intervals = Map<string, [number, number][]>;

function open(map: Intervals, key: string, at: number): void {
  const list = map.get(key) ?? [];
  list.push([at, Infinity]);
  map.set(key, list);
}

function close(map: Intervals, key: string, at: number): void {
  const last = map.get(key)?.at(-1);
  if (last && last[1] === Infinity) last[1] = at;
}

function within(map: Intervals, key: string, at: number): boolean {
  return (map.get(key) ?? []).some(([from, to]) => from < at && at <= to);
}

export interface FileObjects {
  /**
   * The table was created earlier in this file (and not dropped since), or the history never
   * created it and this file creates it later (the file owns the table: a `DROP TABLE IF EXISTS`
   * before its CREATE, as in pg_dump --clean output and setup scripts, is a guard). Every other
   * table counts as existing: a table the history never created (e.g. one file linted alone) is
   * assumed to exist and to hold data, the conservative reading.
   */
  isNewTable(statement: Statement, name: QualifiedName | { schema?: string; name: string }): boolean;
  /** The column was added earlier in this file (or its table is new). */
  isNewColumn(statement: Statement, table: QualifiedName, column: string): boolean;
  /** The table of an index: from the history, else from this file's CREATE INDEX of that name; undefined when unknown. */
  indexTable(statement: Statement, index: QualifiedName): { schema: string; name: string } | undefined;
  /** The name is a known index or view, not a table (ALTER TABLE accepts both). */
  isIndexOrView(statement: Statement, name: QualifiedName): boolean;
}

/**
 * Per lint run (its history array), for the file being linted (see currentFileCache). Keyed by the
 * parse alone, an editor's next lint reused answers computed against the previous history.
 */
const cache = currentFileCache<FileObjects>();

export function fileObjects(ctx: Pick<Ctx, 'history' | 'file' | 'before'>): FileObjects {
  return cache(ctx, () => computeFileObjects(ctx));
}

function computeFileObjects(ctx: Pick<Ctx, 'history' | 'file' | 'before'>): FileObjects {
  // The schema before this file; the closures below must not hold the whole rule context.
  const before = ctx.before;
  const tables: Intervals = new Map();
  const columns: Intervals = new Map();
  const isNewAt = (key: string, at: number): boolean => within(tables, key, at);
  for (const s of ctx.file.parsed.statements) {
    // A fact takes effect after its statement: "new" applies to statements with a greater index.
    for (const f of s.facts) {
      if (f.kind === 'createTable') {
        const key = tableKey(f.table.schema, f.table.name);
        const existed = before.tables.has(key) && !(tables.get(key)?.length);
        if (f.ifNotExists && (existed || isNewAt(key, s.index + 1))) continue;
        open(tables, key, s.index);
      } else if (f.kind === 'createView') {
        // A view or materialized view created here is as new as a table (indexes on it, renames).
        open(tables, tableKey(f.name.schema, f.name.name), s.index);
      } else if (f.kind === 'drop' && (f.objectKind === 'table' || f.objectKind === 'view' || f.objectKind === 'materializedView')) {
        for (const n of f.names) close(tables, tableKey(n.schema, n.name), s.index);
      } else if (f.kind === 'rename' && f.objectKind === 'table') {
        const from = tableKey(f.target.schema, f.target.name);
        if (isNewAt(from, s.index)) {
          close(tables, from, s.index);
          open(tables, tableKey(f.target.schema, f.to.name), s.index);
        }
      } else if (f.kind === 'alterTable') {
        const key = tableKey(f.table.schema, f.table.name);
        for (const a of f.actions) {
          if (a.type === 'addColumn') open(columns, `${key}\u0000${a.column.name.name}`, s.index);
          else if (a.type === 'dropColumn') close(columns, `${key}\u0000${a.column.name}`, s.index);
          else if (a.type === 'setSchema' && isNewAt(key, s.index)) {
            close(tables, key, s.index);
            open(tables, tableKey(a.schema, f.table.name), s.index);
          }
        }
      }
    }
  }
  // Tables the history does not know and this file creates: new from the top of the file until
  // their first CREATE (the intervals above take over from there).
  const ownedFrom = new Map<string, number>();
  const fileIndexes = new Map<string, { schema: string; name: string }>();
  const views = new Set<string>();
  for (const s of ctx.file.parsed.statements)
    for (const f of s.facts) {
      if (f.kind === 'createTable') {
        const key = tableKey(f.table.schema, f.table.name);
        if (!before.tables.has(key) && !ownedFrom.has(key)) ownedFrom.set(key, s.index);
      } else if (f.kind === 'createView') views.add(tableKey(f.name.schema, f.name.name));
      else if (f.kind === 'createIndex' && f.name) {
        const key = tableKey(f.table.schema, f.name.name);
        if (!fileIndexes.has(key)) fileIndexes.set(key, { schema: f.table.schema ?? DEFAULT_SCHEMA, name: f.table.name });
      }
    }
  const isNew = (key: string, at: number): boolean => isNewAt(key, at) || (ownedFrom.get(key) ?? -1) >= at;
  const result: FileObjects = {
    isNewTable: (st, n) => isNew(tableKey(n.schema, n.name), st.index),
    indexTable: (st, ix) => {
      const key = tableKey(ix.schema, ix.name);
      const known = before.indexes.get(key);
      if (known) {
        const [schema, ...rest] = known.table.split('.');
        return { schema: schema!, name: rest.join('.') };
      }
      return fileIndexes.get(key);
    },
    isIndexOrView: (st, n) => {
      const key = tableKey(n.schema, n.name);
      if (before.tables.has(key)) return false;
      return before.indexes.has(key) || before.views.has(key) || fileIndexes.has(key) || views.has(key);
    },
    isNewColumn: (st, t, c) => isNew(tableKey(t.schema, t.name), st.index) || within(columns, `${tableKey(t.schema, t.name)}\u0000${c}`, st.index),
  };
  return result;
}

/** The table is partitioned (PARTITION BY), as far as the history and this file tell. */
export function isPartitioned(ctx: Ctx, statement: Statement, table: QualifiedName): boolean {
  const key = tableKey(table.schema, table.name);
  if (ctx.before.tables.get(key)?.partitioned) return true;
  for (const s of ctx.file.parsed.statements) {
    if (s.index >= statement.index) break;
    for (const f of s.facts) if (f.kind === 'createTable' && f.partitioned && tableKey(f.table.schema, f.table.name) === key) return true;
  }
  return false;
}

// ---- transactions ---------------------------------------------------------------------------------

export interface TransactionBlock {
  begin: Statement;
  /** The COMMIT (or ROLLBACK) that closes the block; undefined when the file leaves it open. */
  end?: Statement;
}

/** Per statement index, the open BEGIN before it and the first COMMIT or ROLLBACK after it: built once per parsed file. */
interface Blocks {
  any: boolean;
  openBegin: (Statement | undefined)[];
  nextEnd: (Statement | undefined)[];
}

const blocksCache = new WeakMap<ParsedFile, Blocks>();

function blocksOf(parsed: ParsedFile): Blocks {
  const hit = blocksCache.get(parsed);
  if (hit) return hit;
  const statements = parsed.statements;
  const b: Blocks = { any: false, openBegin: new Array(statements.length), nextEnd: new Array(statements.length + 1) };
  let begin: Statement | undefined;
  for (const s of statements) {
    b.openBegin[s.index] = begin;
    for (const f of s.facts)
      if (f.kind === 'transaction') {
        if (f.op === 'begin') begin = s;
        else if (f.op === 'commit' || f.op === 'rollback') begin = undefined;
        if (f.op === 'begin') b.any = true;
      }
  }
  let end: Statement | undefined;
  for (let i = statements.length - 1; i >= 0; i--) {
    const s = statements[i]!;
    if (s.facts.some((f) => f.kind === 'transaction' && (f.op === 'commit' || f.op === 'rollback'))) end = s;
    b.nextEnd[i] = end;
  }
  blocksCache.set(parsed, b);
  return b;
}

/** The explicit BEGIN … COMMIT block the statement sits in, if any. */
export function transactionBlock(ctx: Ctx, statement: Statement): TransactionBlock | undefined {
  const b = blocksOf(ctx.file.parsed);
  const begin = b.openBegin[statement.index];
  if (!begin) return undefined;
  const end = b.nextEnd[statement.index + 1];
  return end ? { begin, end } : { begin };
}

/** The file has an explicit transaction block anywhere. */
export function hasTransactionBlock(ctx: Ctx): boolean {
  return fileHasTransactionBlock(ctx.file.parsed);
}

export function fileHasTransactionBlock(parsed: ParsedFile): boolean {
  return blocksOf(parsed).any;
}

// ---- SQL text -------------------------------------------------------------------------------------

const RESERVED = new Set(
  ('all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column concurrently ' +
    'constraint create cross current_catalog current_date current_role current_schema current_time current_timestamp current_user default ' +
    'deferrable desc distinct do else end except false fetch for foreign freeze from full grant group having ilike in initially inner ' +
    'intersect into is isnull join lateral leading left like limit localtime localtimestamp natural not notnull null offset on only or ' +
    'order outer overlaps placing primary references returning right select session_user similar some symmetric system_user table tablesample ' +
    'then to trailing true union unique user using variadic verbose when where window with').split(' '),
);

/** The identifier as it must be written in SQL. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** Token index of the first of `words` (upper case) inside the statement, or -1. */
export function findKeyword(ctx: Ctx, statement: Statement, words: string[], from = statement.range.start): number {
  const t = ctx.file.parsed.tokens;
  return t.findWord(t.indexAt(from), words, t.indexAt(statement.range.end));
}

export function tokenRange(ctx: Ctx, index: number): Range {
  const tk = ctx.file.parsed.tokens.at(index)!;
  return { start: tk.start, end: tk.end };
}

/** Where to insert text "before the statement": the start of its line when only blanks precede it. */
export function lineStartBefore(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i === 0 || text[i - 1] === '\n' ? i : offset;
}

/**
 * The range that removes a whole statement (with its semicolon): whole lines when the statement
 * has its lines to itself, so no blank line is left behind.
 */
export function statementRemoval(text: string, st: Statement): Range {
  const start = lineStartBefore(text, st.range.start);
  let end = st.end;
  let k = end;
  while (k < text.length && (text[k] === ' ' || text[k] === '\t')) k++;
  if (start !== st.range.start || start === 0 || text[start - 1] === '\n') {
    if (text[k] === '\r' && text[k + 1] === '\n') end = k + 2;
    else if (text[k] === '\n') end = k + 1;
    else if (k === text.length) end = k;
  }
  return { start, end };
}

export { eol };

/** Text inserted after a statement so that `sql` starts on a line of its own. */
export function afterStatement(text: string, st: Statement, sql: string): { range: Range; newText: string } {
  const nl = eol(text);
  const at = st.end;
  const terminated = text.slice(st.range.end, st.end).includes(';');
  return { range: { start: at, end: at }, newText: (terminated ? '' : ';') + nl + sql };
}
