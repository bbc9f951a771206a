// Shared by the schema-design, integrity and index rules: where the things a file defines ended up
// in the final schema (found by their origin: the file and offset that defined them), this file's
// column definitions and foreign keys with the types they resolve to, and SQL type text helpers.
// A finding about a definition is reported only while the final schema still has the problem: an
// old migration whose column a later migration fixed (timestamp -> timestamptz, int -> bigint) or
// dropped is history, not a finding.
import type { Statement } from '../../parse/document.js';
import type { ColumnDef, ConstraintDef, CreateIndexFact, CreateTableFact, QualifiedName, TypeRef } from '../../parse/facts.js';
import type { Range } from '../../parse/positions.js';
import { tableKey, type ColumnModel, type ConstraintModel, type IndexModel, type SchemaModel, type TableModel } from '../../model/schema.js';
import type { HistoryFile, RuleContext } from '../types.js';

type Ctx = RuleContext<unknown>;
export type Type = Omit<TypeRef, 'range'>;

export function originKey(file: string, start: number): string {
  return `${file}#${start}`;
}

export interface FinalIndex {
  columns: Map<string, { table: TableModel; column: ColumnModel }>;
  constraints: Map<string, { table: TableModel; constraint: ConstraintModel }>;
  indexes: Map<string, IndexModel>;
  enums: Set<string>;
}

const finalCache = new WeakMap<SchemaModel, FinalIndex>();

/** The final schema's columns, constraints, indexes and enums by origin. */
export function finalIndex(final: SchemaModel): FinalIndex {
  const hit = finalCache.get(final);
  if (hit) return hit;
  const out: FinalIndex = { columns: new Map(), constraints: new Map(), indexes: new Map(), enums: new Set() };
  for (const t of final.tables.values()) {
    for (const c of t.columns.values()) {
      const k = originKey(c.origin.file, c.origin.range.start);
      // Partitions and LIKE copies share their source's column origins: keep the source's table.
      if (!out.columns.has(k) || out.columns.get(k)!.table.origin.file !== c.origin.file) out.columns.set(k, { table: t, column: c });
    }
    for (const c of t.constraints) out.constraints.set(originKey(c.origin.file, c.origin.range.start), { table: t, constraint: c });
  }
  for (const ix of final.indexes.values()) out.indexes.set(originKey(ix.origin.file, ix.origin.range.start), ix);
  for (const e of final.enums.values()) out.enums.add(originKey(e.origin.file, e.origin.range.start));
  finalCache.set(final, out);
  return out;
}

/** The final schema's column defined by this column definition of the file (undefined when dropped, or never created). */
export function finalColumnOf(ctx: Ctx, def: ColumnDef): { table: TableModel; column: ColumnModel } | undefined {
  const hit = finalIndex(ctx.final).columns.get(originKey(ctx.file.path, def.name.range.start));
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
  if (col) return finalIndex(ctx.final).columns.get(originKey(col.origin.file, col.origin.range.start))?.column ?? null;
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

/** Later text of the history that may name an object: the rest of this file after `from`, and every later file. */
export function laterTexts(ctx: Ctx, from: number): string[] {
  const out = [ctx.file.parsed.text.slice(from)];
  for (const f of ctx.history) if (f.index > ctx.file.index) out.push(f.parsed.text);
  return out;
}

/** The name occurs as a word (case-insensitive, quoted or not) in one of the texts. */
export function mentions(texts: string[], name: string): boolean {
  const re = new RegExp(`(^|[^\\w$])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w$])`, 'i');
  return texts.some((t) => re.test(t));
}

/** History position of a file (for ordering origins). */
export function filePositions(history: readonly HistoryFile[]): Map<string, number> {
  return new Map(history.map((f) => [f.path, f.index]));
}

/** Index facts and constraint definitions of the whole history, by origin (for what the model does not keep: element texts). */
export interface IndexSource {
  file: string;
  statement: Statement;
  index?: CreateIndexFact;
  constraint?: ConstraintDef;
}

const sourceCache = new WeakMap<readonly HistoryFile[], Map<string, IndexSource>>();

export function indexSources(history: readonly HistoryFile[]): Map<string, IndexSource> {
  const hit = sourceCache.get(history);
  if (hit) return hit;
  const out = new Map<string, IndexSource>();
  for (const file of history) {
    if (file.isDown) continue;
    for (const s of file.parsed.statements)
      for (const f of s.facts) {
        if (f.kind === 'createIndex') out.set(originKey(file.path, (f.name?.range ?? f.range).start), { file: file.path, statement: s, index: f });
        const cs = f.kind === 'createTable' ? f.constraints : f.kind === 'alterTable' ? f.actions.flatMap((a) => (a.type === 'addConstraint' ? [a.constraint] : a.type === 'addColumn' ? a.constraints : [])) : [];
        for (const c of cs) if (c.kind === 'primaryKey' || c.kind === 'unique') out.set(originKey(file.path, (c.name?.range ?? c.range).start), { file: file.path, statement: s, constraint: c });
      }
  }
  sourceCache.set(history, out);
  return out;
}

const attachedCache = new WeakMap<readonly HistoryFile[], Set<string>>();

/** Tables attached as partitions anywhere in the history (ALTER TABLE parent ATTACH PARTITION child). */
export function attachedPartitions(history: readonly HistoryFile[]): Set<string> {
  const hit = attachedCache.get(history);
  if (hit) return hit;
  const out = new Set<string>();
  for (const file of history) {
    if (file.isDown) continue;
    for (const s of file.parsed.statements)
      for (const f of s.facts)
        if (f.kind === 'alterTable') for (const a of f.actions) if (a.type === 'attachPartition') out.add(tableKey(a.partition.schema, a.partition.name));
  }
  attachedCache.set(history, out);
  return out;
}

export interface DoBlock {
  /** History position of the file. */
  file: number;
  statement: number;
  text: string;
}

const doCache = new WeakMap<readonly HistoryFile[], DoBlock[]>();

/**
 * The history's DO blocks. What they do (often DDL guarded by an IF on the catalog) is invisible to
 * the model, so rules that would report a missing thing stay quiet when a DO block may have done it.
 */
export function doBlocks(history: readonly HistoryFile[]): DoBlock[] {
  const hit = doCache.get(history);
  if (hit) return hit;
  const out: DoBlock[] = [];
  for (const file of history) {
    if (file.isDown) continue;
    for (const s of file.parsed.statements) if (s.type === 'DoStmt') out.push({ file: file.index, statement: s.index, text: file.parsed.text.slice(s.range.start, s.range.end) });
  }
  doCache.set(history, out);
  return out;
}

/** A DO block of the history names the table and matches `what` (e.g. /alter\s+table/i). */
export function doBlockTouches(history: readonly HistoryFile[], table: string, what: RegExp): boolean {
  return doBlocks(history).some((d) => what.test(d.text) && mentions([d.text], table));
}
