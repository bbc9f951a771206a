// Shared by the schema-design, integrity and index rules: where the things a file defines ended up
// in the final schema (found by their origin: the file and offset that defined them), this file's
// column definitions and foreign keys with the types they resolve to, and SQL type text helpers.
// A finding about a definition is reported only while the final schema still has the problem: an
// old migration whose column a later migration fixed (timestamp -> timestamptz, int -> bigint) or
// dropped is history, not a finding.
import type { Statement } from '../../parse/document.js';
import type { ColumnDef, ConstraintDef, CreateIndexFact, CreateTableFact, QualifiedName, TypeRef } from '../../parse/facts.js';
import type { Range } from '../../parse/positions.js';
import { definitionsIn, type Definitions } from '../../model/origins.js';
import { tableKey, type ColumnModel, type ConstraintModel, type SchemaModel, type TableModel } from '../../model/schema.js';
import { gatherHistory, historyFile } from '../../history-spans.js';
import type { HistoryFile, RuleContext } from '../types.js';
import { pushTo } from './collections.js';
import { fileWords, firstFileWithWordAfter, isWord, keyWord, laterTextsMentioning, mentions } from './words.js';

type Ctx = RuleContext<unknown>;
export type Type = Omit<TypeRef, 'range'>;

export function originKey(file: string, start: number): string {
  return `${file}#${start}`;
}

export interface FinalIndex {
  /** The column defined at `start` of `file`, with its table (the source's table when LIKE or a partition copied it). */
  column(file: string, start: number): { table: TableModel; column: ColumnModel } | undefined;
  /** The constraint defined at `start` of `file`. */
  constraint(file: string, start: number): { table: TableModel; constraint: ConstraintModel } | undefined;
  /** The enum type created at `start` of `file` still exists. */
  hasEnum(file: string, start: number): boolean;
}

interface FileLookups {
  columns: Map<number, { table: TableModel; column: ColumnModel }>;
  constraints: Map<number, { table: TableModel; constraint: ConstraintModel }>;
  enums: Set<number>;
}

const lookupCache = new WeakMap<Definitions, FileLookups>();

function lookups(final: SchemaModel, file: string): FileLookups {
  const d = definitionsIn(final, file);
  let hit = lookupCache.get(d);
  if (!hit) {
    hit = { columns: new Map(), constraints: new Map(), enums: new Set() };
    for (const c of d.columns) {
      const k = c.column.origin.range.start;
      // Partitions and LIKE copies share their source's column origins: keep the source's table.
      if (!hit.columns.has(k) || hit.columns.get(k)!.table.origin.file !== file) hit.columns.set(k, c);
    }
    for (const c of d.constraints) hit.constraints.set(c.constraint.origin.range.start, c);
    for (const e of d.enums) hit.enums.add(e.origin.range.start);
    lookupCache.set(d, hit);
  }
  return hit;
}

/** The final schema's columns, constraints and enums by origin (looked up per file: see model/origins.ts). */
export function finalIndex(final: SchemaModel): FinalIndex {
  return {
    column: (file, start) => lookups(final, file).columns.get(start),
    constraint: (file, start) => lookups(final, file).constraints.get(start),
    hasEnum: (file, start) => lookups(final, file).enums.has(start),
  };
}

/** The final schema's column defined by this column definition of the file (undefined when dropped, or never created). */
export function finalColumnOf(ctx: Ctx, def: ColumnDef): { table: TableModel; column: ColumnModel } | undefined {
  const hit = finalIndex(ctx.final).column(ctx.file.path, def.name.range.start);
  return hit && hit.column.name === def.name.name ? hit : undefined;
}

/**
 * The final schema's version of a column an ALTER in this file changes: found through the column's
 * origin as the model knows it before the statement. `null`: the history knows the column but the
 * final schema no longer has it; `undefined`: the history never showed the table (a file linted
 * without its history).
 */
export function finalColumnAt(ctx: Ctx, statement: Statement, table: QualifiedName, column: string): ColumnModel | null | undefined {
  const known = ctx.modelAt(statement).table(table.schema, table.name);
  const col = known?.columns.get(column);
  if (col) return finalIndex(ctx.final).column(col.origin.file, col.origin.range.start)?.column ?? null;
  // Added by this very statement (ADD COLUMN x …, ALTER COLUMN x TYPE …), or never seen.
  const finalTable = ctx.final.table(table.schema, table.name);
  const fin = finalTable?.columns.get(column);
  if (fin) return fin;
  if (known || finalTable) return known?.columnsIncomplete || finalTable?.columnsIncomplete ? undefined : null;
  return undefined;
}

// ---- this file's column definitions ----------------------------------------------------------------

export interface ColumnSite {
  statement: Statement;
  table: QualifiedName;
  column: ColumnDef;
  /** Inline constraints of the column (ADD COLUMN) or the CREATE TABLE's constraints. */
  create?: CreateTableFact;
}

/** Every column definition of the file: CREATE TABLE columns and ALTER TABLE … ADD COLUMN. */
export function columnSites(ctx: Ctx): ColumnSite[] {
  const out: ColumnSite[] = [];
  for (const s of ctx.file.parsed.statements)
    for (const f of s.facts) {
      if (f.kind === 'createTable') for (const c of f.columns) out.push({ statement: s, table: f.table, column: c, create: f });
      else if (f.kind === 'alterTable') for (const a of f.actions) if (a.type === 'addColumn') out.push({ statement: s, table: f.table, column: a.column });
    }
  return out;
}

export interface TypeChangeSite {
  statement: Statement;
  table: QualifiedName;
  column: string;
  newType: TypeRef;
  using: boolean;
  range: Range;
}

/** Every ALTER TABLE … ALTER COLUMN … TYPE of the file. */
export function typeChangeSites(ctx: Ctx): TypeChangeSite[] {
  const out: TypeChangeSite[] = [];
  for (const { fact, statement } of ctx.facts('alterTable'))
    for (const a of fact.actions)
      if (a.type === 'alterColumnType') out.push({ statement, table: fact.table, column: a.column.name, newType: a.newType, using: !!a.using, range: a.range });
  return out;
}

// ---- foreign keys -----------------------------------------------------------------------------------

export interface ForeignKeySite {
  statement: Statement;
  table: QualifiedName;
  constraint: ConstraintDef;
  /** Column definitions of the same statement (CREATE TABLE columns, ADD COLUMN). */
  defs: ColumnDef[];
  /** The CREATE TABLE the key is written in. */
  create?: CreateTableFact;
}

export function foreignKeySites(ctx: Ctx): ForeignKeySite[] {
  const out: ForeignKeySite[] = [];
  for (const s of ctx.file.parsed.statements)
    for (const f of s.facts) {
      if (f.kind === 'createTable') {
        for (const c of f.constraints) if (c.kind === 'foreignKey' && c.references) out.push({ statement: s, table: f.table, constraint: c, defs: f.columns, create: f });
      } else if (f.kind === 'alterTable') {
        const defs = f.actions.flatMap((a) => (a.type === 'addColumn' ? [a.column] : []));
        for (const a of f.actions) {
          const cs = a.type === 'addColumn' ? a.constraints : a.type === 'addConstraint' ? [a.constraint] : [];
          for (const c of cs) if (c.kind === 'foreignKey' && c.references) out.push({ statement: s, table: f.table, constraint: c, defs });
        }
      }
    }
  return out;
}

export interface ResolvedColumn {
  name: string;
  type: Type;
  /** Defined in this statement (a fix can change it here). */
  def?: ColumnDef;
}

export interface ResolvedForeignKey {
  columns: ResolvedColumn[];
  referenced: ResolvedColumn[];
  referencedTable: string;
}

/**
 * The key's columns and the referenced columns with their types, as of the statement (the statement's
 * own column definitions first, then the model just before it). Referenced columns omitted in the
 * source are the referenced table's primary key. Undefined when anything is unknown.
 */
export function resolveForeignKey(ctx: Ctx, site: ForeignKeySite): ResolvedForeignKey | undefined {
  const model = ctx.modelAt(site.statement);
  const ref = site.constraint.references!;
  const refKey = tableKey(ref.table.schema, ref.table.name);
  const ownKey = tableKey(site.table.schema, site.table.name);
  const own = model.tables.get(ownKey);
  const local = (name: string): ResolvedColumn | undefined => {
    const def = site.defs.find((d) => d.name.name === name);
    if (def) return { name, type: def.type, def };
    const c = own?.columns.get(name);
    return c ? { name, type: c.type } : undefined;
  };
  let refColumns: ResolvedColumn[] | undefined;
  const selfCreate = site.create && refKey === ownKey ? site.create : undefined;
  if (selfCreate) {
    const names = ref.columns ?? selfCreate.constraints.find((c) => c.kind === 'primaryKey')?.columns;
    if (!names) return undefined;
    refColumns = names.map((n) => local(n)).filter((c): c is ResolvedColumn => !!c);
    if (refColumns.length !== names.length) return undefined;
  } else {
    const t = model.tables.get(refKey);
    if (!t) return undefined;
    const names = ref.columns ?? t.constraints.find((c) => c.kind === 'primaryKey')?.columns;
    if (!names) return undefined;
    refColumns = [];
    for (const n of names) {
      const c = t.columns.get(n);
      if (!c) return undefined;
      refColumns.push({ name: n, type: c.type });
    }
    // The key's own table being the referenced one (ALTER TABLE t ADD FOREIGN KEY … REFERENCES t):
    // columns added by this statement count.
    if (refKey === ownKey) refColumns = refColumns.map((c) => local(c.name) ?? c);
  }
  const columns = site.constraint.columns.map(local);
  if (columns.some((c) => !c) || columns.length !== refColumns.length) return undefined;
  return { columns: columns as ResolvedColumn[], referenced: refColumns, referencedTable: refKey };
}

// ---- types ------------------------------------------------------------------------------------------

const INTEGER_SQL: Record<string, string> = { int2: 'smallint', int4: 'integer', int8: 'bigint' };

/** The type as it should be written for a column that must equal it (serial types become their integer type). */
export function typeSql(t: Type): string {
  if (!t.schema && INTEGER_SQL[t.name] && !t.isArray) return INTEGER_SQL[t.name]!;
  return t.text;
}

/** The `[]` / `[3]` / ` ARRAY` suffix of an array type as written ('' for other types). */
export function arraySuffix(t: { text: string; isArray: boolean }): string {
  if (!t.isArray) return '';
  const m = /(\s*\[[\s\S]*|\s+array\b[\s\S]*)$/i.exec(t.text);
  return m ? m[0] : '[]';
}

/** A later statement of this file, or a later file of the history, names `name` (as a word). */
export function mentionedLater(ctx: Ctx, from: number, name: string): boolean {
  if (isWord(name)) {
    const word = name.toLowerCase();
    return (fileWords(ctx.file.parsed).get(word) ?? []).some((o) => o >= from) || firstFileWithWordAfter(ctx.history, word, ctx.file.index) !== undefined;
  }
  return mentions(laterTextsMentioning(ctx.history, ctx.file, from, name), name);
}

/** History position of a file (for ordering origins); -1 when the history has no such file. */
export function filePosition(history: readonly HistoryFile[], path: string): number {
  return historyFile(history, path)?.index ?? -1;
}

/** An index fact or a constraint definition of the history (for what the model does not keep: element texts). */
export interface IndexSource {
  file: string;
  statement: Statement;
  index?: CreateIndexFact;
  constraint?: ConstraintDef;
}

const sourceCache = new WeakMap<HistoryFile, Map<number, IndexSource>>();

/** The CREATE INDEX, PRIMARY KEY or UNIQUE written at `start` of the history's file `path` (an index's origin). */
export function indexSource(history: readonly HistoryFile[], path: string, start: number): IndexSource | undefined {
  const file = historyFile(history, path);
  if (!file || file.isDown) return undefined;
  let sources = sourceCache.get(file);
  if (!sources) {
    sources = new Map();
    for (const s of file.parsed.statements)
      for (const f of s.facts) {
        if (f.kind === 'createIndex') sources.set((f.name?.range ?? f.range).start, { file: file.path, statement: s, index: f });
        const cs = f.kind === 'createTable' ? f.constraints : f.kind === 'alterTable' ? f.actions.flatMap((a) => (a.type === 'addConstraint' ? [a.constraint] : a.type === 'addColumn' ? a.constraints : [])) : [];
        for (const c of cs) if (c.kind === 'primaryKey' || c.kind === 'unique') sources.set((c.name?.range ?? c.range).start, { file: file.path, statement: s, constraint: c });
      }
    sourceCache.set(file, sources);
  }
  return sources.get(start);
}

/** Tables attached as partitions by the files (ALTER TABLE parent ATTACH PARTITION child), each with its first parent. */
function gatherAttached(files: readonly HistoryFile[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of files) {
    if (file.isDown) continue;
    for (const s of file.parsed.statements)
      for (const f of s.facts)
        if (f.kind === 'alterTable')
          for (const a of f.actions) {
            if (a.type !== 'attachPartition') continue;
            const key = tableKey(a.partition.schema, a.partition.name);
            if (!out.has(key)) out.set(key, tableKey(f.table.schema, f.table.name));
          }
  }
  return out;
}

/** The table the history first attaches `table` to as a partition (ALTER TABLE parent ATTACH PARTITION table), if any. */
export function attachedTo(history: readonly HistoryFile[], table: string): string | undefined {
  for (const attached of gatherHistory(history, gatherAttached)) {
    const parent = attached.get(table);
    if (parent) return parent;
  }
  return undefined;
}

export interface DoBlock {
  /** History position of the file. */
  file: number;
  statement: number;
  text: string;
}

interface SpanDoBlocks {
  all: DoBlock[];
  /** By lower-case word of their text. */
  byWord: Map<string, DoBlock[]>;
}

function gatherDoBlocks(files: readonly HistoryFile[]): SpanDoBlocks {
  const out: SpanDoBlocks = { all: [], byWord: new Map() };
  for (const file of files) {
    if (file.isDown) continue;
    for (const s of file.parsed.statements) {
      if (s.type !== 'DoStmt') continue;
      const block = { file: file.index, statement: s.index, text: file.parsed.text.slice(s.range.start, s.range.end) };
      out.all.push(block);
      for (const w of new Set(Array.from(block.text.matchAll(/[A-Za-z0-9_$]+/g), (m) => m[0].toLowerCase()))) pushTo(out.byWord, w, block);
    }
  }
  return out;
}

/**
 * The history's DO blocks that mention `name` as a word, in history order. What they do (often DDL
 * guarded by an IF on the catalog) is invisible to the model, so rules that would report a missing
 * thing stay quiet when a DO block may have done it.
 */
export function doBlocksMentioning(history: readonly HistoryFile[], name: string): DoBlock[] {
  const word = keyWord(name);
  const candidates = gatherHistory(history, gatherDoBlocks).flatMap((s) => (word === undefined ? s.all : s.byWord.get(word) ?? []));
  return candidates.filter((d) => mentions([d.text], name));
}

/** A DO block of the history names the table and matches `what` (e.g. /alter\s+table/i). */
export function doBlockTouches(history: readonly HistoryFile[], table: string, what: RegExp): boolean {
  return doBlocksMentioning(history, table).some((d) => what.test(d.text));
}
