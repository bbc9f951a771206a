// Whether a fix may change a column's type (int -> bigint, timestamp -> timestamptz, char -> varchar):
// only when nothing later in the history depends on the type the column had. Changing the type in
// an old migration changes it for every statement after it, and PostgreSQL rejects some of them:
// a PL/pgSQL function's RETURN QUERY whose declared column is integer (lemmy's
// community_aggregates_activity once post.community_id is bigint), an index expression that is no
// longer immutable (created_at::date on timestamptz), a partition whose type no longer equals its
// parent's. A fix with such dependents is offered as a suggestion that names them instead.
//
// What counts, conservatively (a false dependent costs a suggestion instead of a fix; a missed one
// breaks the history): any later function, procedure or view whose text names the column and its
// table, any index expression or generated column of the table naming the column, and foreign keys
// from or to the column whose other side the same fix does not change.
import type { Statement } from '../../parse/document.js';
import type { Range } from '../../parse/positions.js';
import { tableKey, type ColumnModel, type ConstraintModel, type SchemaModel, type TableModel } from '../../model/schema.js';
import type { FixSpec, HistoryFile, RelatedInfo, Report, RuleContext } from '../types.js';
import { gatherHistory } from '../../history-spans.js';
import { pushTo } from './collections.js';
import { originKey } from './history.js';

type Ctx = RuleContext<unknown>;

/** A later object whose text reads a column. */
interface Dependent {
  file: HistoryFile;
  statement: Statement;
  what: string;
  /** The identifiers of its text, normalized as PostgreSQL folds them. */
  words: Set<string>;
}

interface DependentsIndex {
  /** Functions, procedures and views, by each identifier their text holds. */
  byWord: Map<string, Dependent[]>;
  /** Index expressions and generated columns, by the table (as written) they belong to. */
  byTable: Map<string, Dependent[]>;
}

const IDENTIFIER = /"((?:[^"]|"")+)"|([A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)/g;

function wordsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(IDENTIFIER)) out.add(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!.toLowerCase());
  return out;
}

/** Every object of the files that may read a column's type, indexed once per span of the history. */
function gatherDependents(files: readonly HistoryFile[]): DependentsIndex {
  const index: DependentsIndex = { byWord: new Map(), byTable: new Map() };
  for (const file of files) {
    if (file.isDown) continue;
    const text = file.parsed.text;
    for (const s of file.parsed.statements) {
      const add = (what: string, range: Range, table?: string): void => {
        const d: Dependent = { file, statement: s, what, words: wordsOf(text.slice(range.start, range.end)) };
        if (table) pushTo(index.byTable, table, d);
        else for (const w of d.words) pushTo(index.byWord, w, d);
      };
      for (const f of s.facts) {
        if (f.kind === 'createFunction') add(`${f.procedure ? 'procedure' : 'function'} ${f.name.name}`, s.range);
        else if (f.kind === 'createView') add(`${f.materialized ? 'materialized view' : 'view'} ${f.name.name}`, s.range);
        else if (f.kind === 'createIndex') {
          const key = tableKey(f.table.schema, f.table.name);
          for (const e of f.elements) if (e.column === undefined) add(`the expression of index ${f.name?.name ?? `on ${f.table.name}`}`, e.range, key);
        } else if (f.kind === 'createTable' || f.kind === 'alterTable') {
          const key = tableKey(f.table.schema, f.table.name);
          const defs = f.kind === 'createTable' ? f.columns : f.actions.flatMap((a) => (a.type === 'addColumn' ? [a.column] : []));
          for (const c of defs) if (c.generated) add(`generated column ${c.name.name}`, c.range, key);
        }
      }
    }
  }
  return index;
}

/** The history's dependents, span by span, in history order: one list per span (never copied into one). */
function dependentsIndex(history: readonly HistoryFile[]): { byWord(word: string): Dependent[][]; byTable(table: string): Dependent[][] } {
  const spans = gatherHistory(history, gatherDependents);
  return {
    byWord: (word) => spans.map((s) => s.byWord.get(word) ?? []),
    byTable: (table) => spans.map((s) => s.byTable.get(table) ?? []),
  };
}

const total = (lists: readonly Dependent[][]): number => lists.reduce((n, l) => n + l.length, 0);

/**
 * The dependents of `lists` (each in history order) at or after `statement` of `file`: the ones
 * before it are skipped by binary search, since a schema dump has thousands of views and functions
 * naming `id` and a fix is looked for on thousands of its columns.
 */
function* laterIn(lists: readonly Dependent[][], file: HistoryFile, statement: Statement): Generator<Dependent> {
  for (const list of lists) {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (later(list[mid]!, file, statement)) hi = mid;
      else lo = mid + 1;
    }
    for (let i = lo; i < list.length; i++) yield list[i]!;
  }
}

/** One column a fix changes the type of. */
export interface ChangedColumn {
  /** The statement that defines (or alters) the column, and its file. */
  file: HistoryFile;
  statement: Statement;
  /** The table's key and the column's name as written there. */
  table: string;
  column: string;
  /** The same column in the final schema, when it is still there. */
  final?: { table: TableModel; column: ColumnModel };
}

/** Something later in the history that needs the columns' current types. */
export interface TypeDependent {
  file: string;
  range: Range;
  message: string;
}

interface ForeignKeyEnd {
  table: TableModel;
  constraint: ConstraintModel;
  /** The referencing column and the column it references. */
  column: ColumnModel;
  referenced: ColumnModel;
}

const fkCache = new WeakMap<SchemaModel, Map<string, ForeignKeyEnd[]>>();

/** The final schema's foreign-key column pairs, by the referenced column's origin and by the referencing column's origin. */
function foreignKeyEnds(final: SchemaModel): Map<string, ForeignKeyEnd[]> {
  const hit = fkCache.get(final);
  if (hit) return hit;
  const out = new Map<string, ForeignKeyEnd[]>();
  for (const table of final.tables.values())
    for (const constraint of table.constraints) {
      if (constraint.kind !== 'foreignKey' || !constraint.references) continue;
      const target = final.tables.get(constraint.references.table);
      const names = constraint.references.columns ?? target?.constraints.find((c) => c.kind === 'primaryKey')?.columns;
      if (!target || !names || names.length !== constraint.columns.length) continue;
      constraint.columns.forEach((name, i) => {
        const column = table.columns.get(name);
        const referenced = target.columns.get(names[i]!);
        if (!column || !referenced) return;
        const end = { table, constraint, column, referenced };
        pushTo(out, originKey(referenced.origin.file, referenced.origin.range.start), end);
        pushTo(out, originKey(column.origin.file, column.origin.range.start), end);
      });
    }
  fkCache.set(final, out);
  return out;
}

function sameType(a: ColumnModel['type'], b: ColumnModel['type']): boolean {
  return a.name === b.name && a.schema === b.schema && a.isArray === b.isArray;
}

function later(d: Dependent, file: HistoryFile, statement: Statement): boolean {
  return d.file.index > file.index || (d.file.index === file.index && d.statement.index >= statement.index);
}

/**
 * What later in the history depends on the current types of `columns` (changed together by one
 * fix): at most a few, in history order, for the report to name.
 */
export function typeDependents(ctx: Ctx, columns: readonly ChangedColumn[], limit = 3): TypeDependent[] {
  const index = dependentsIndex(ctx.history);
  const changed = new Set(columns.flatMap((c) => (c.final ? [originKey(c.final.column.origin.file, c.final.column.origin.range.start)] : [])));
  const found = new Map<Dependent | ForeignKeyEnd, TypeDependent>();
  for (const c of columns) {
    const tables = new Set([c.table.slice(c.table.indexOf('.') + 1)]);
    const names = new Set([c.column]);
    const keys = new Set([c.table]);
    if (c.final) {
      tables.add(c.final.table.name);
      names.add(c.final.column.name);
      keys.add(c.final.table.key);
    }
    const reads = (d: Dependent): boolean => [...names].some((n) => d.words.has(n));
    // Functions and views: the rarest of the table's or the column's names narrows the search.
    for (const t of tables) {
      // The first of the shortest lists (names first, then the table).
      let candidates: Dependent[][] = [];
      let fewest = Infinity;
      for (const w of [...names, t]) {
        const lists = index.byWord(w);
        if (total(lists) < fewest) [candidates, fewest] = [lists, total(lists)];
      }
      for (const d of laterIn(candidates, c.file, c.statement))
        if (!found.has(d) && d.words.has(t) && reads(d)) {
          found.set(d, { file: d.file.path, range: d.statement.range, message: `${d.what} reads ${c.column} of ${t} with its current type` });
          // Later finds could only come after the first `limit`.
          if (found.size >= limit) return [...found.values()];
        }
    }
    for (const k of keys)
      for (const d of laterIn(index.byTable(k), c.file, c.statement))
        if (!found.has(d) && reads(d)) {
          found.set(d, { file: d.file.path, range: d.statement.range, message: `${d.what} reads ${c.column} with its current type` });
          if (found.size >= limit) return [...found.values()];
        }
    // Foreign keys whose other side keeps its type: the pair would no longer match.
    if (!c.final) continue;
    for (const end of foreignKeyEnds(ctx.final).get(originKey(c.final.column.origin.file, c.final.column.origin.range.start)) ?? []) {
      const other = end.column === c.final.column ? end.referenced : end.column;
      // A pair that does not match now (the fix of foreign-key-type-mismatch) cannot be broken by it.
      if (found.has(end) || !sameType(end.column.type, end.referenced.type) || changed.has(originKey(other.origin.file, other.origin.range.start))) continue;
      const text = end.column === c.final.column ? `references ${end.referenced.name}, which keeps its type` : `column ${end.column.name} of ${end.table.name} references it and keeps its type`;
      found.set(end, { file: end.constraint.origin.file, range: end.constraint.origin.range, message: `foreign key ${end.constraint.name}: ${text}` });
      if (found.size >= limit) return [...found.values()];
    }
  }
  return [...found.values()].slice(0, limit);
}

/**
 * The report's fix when nothing depends on the changed columns' current types; otherwise the same
 * edit as a suggestion, with the dependents as related information.
 */
export function typeChangeFix(ctx: Ctx, columns: readonly ChangedColumn[], fix: FixSpec): Pick<Report, 'fix' | 'suggestions' | 'related'> {
  const dependents = typeDependents(ctx, columns);
  if (!dependents.length) return { fix };
  const related: RelatedInfo[] = dependents.map((d) => ({ file: d.file, range: d.range, message: `Depends on the current type: ${d.message}.` }));
  return { suggestions: [{ ...fix, title: `${fix.title} (check what depends on it first)` }], related };
}
