import type { Statement } from '../parse/document.js';
import type { QualifiedName } from '../parse/facts.js';
import type { Range } from '../parse/positions.js';
import { versionOf } from '../model/order.js';
import { DEFAULT_SCHEMA, tableKey, type SchemaModel } from '../model/schema.js';
import { defineRule, type HistoryFile } from './types.js';
import { gatherHistory } from '../history-spans.js';
import { doBlocksMentioning } from './util/history.js';

/** Where the history creates something: [file position, statement index]. */
type Position = [number, number];

/** Where a span of the history first creates each name. */
interface HistoryNames {
  /** Tables and views by key: the first position that creates the name (CREATE, RENAME … TO, SET SCHEMA). */
  relations: Map<string, Position>;
  /** Unqualified names of every relation the files create, in any schema. */
  names: Map<string, Position>;
  /** Schemas the files create relations in. */
  schemas: Set<string>;
  /** Columns by table key: the first CREATE TABLE column, ADD COLUMN or RENAME COLUMN … TO. */
  columns: Map<string, Map<string, Position>>;
  /** The first versioned up migration that has any statement. */
  firstFile: number;
}

function gatherNames(files: readonly HistoryFile[]): HistoryNames {
  const h: HistoryNames = { relations: new Map(), names: new Map(), schemas: new Set(), columns: new Map(), firstFile: Infinity };
  const first = <K>(map: Map<K, Position>, key: K, p: Position): void => {
    if (!map.has(key)) map.set(key, p);
  };
  const relation = (schema: string | undefined, name: string, p: Position): void => {
    first(h.relations, tableKey(schema, name), p);
    first(h.names, name, p);
    h.schemas.add(schema ?? DEFAULT_SCHEMA);
  };
  const column = (table: string, name: string, p: Position): void => {
    let m = h.columns.get(table);
    if (!m) h.columns.set(table, (m = new Map()));
    first(m, name, p);
  };
  for (const file of files) {
    if (file.isDown) continue;
    if (file.parsed.statements.length && versionOf(file.relPath) && file.index < h.firstFile) h.firstFile = file.index;
    for (const s of file.parsed.statements) {
      const p: Position = [file.index, s.index];
      for (const f of s.facts) {
        if (f.kind === 'createTable') {
          relation(f.table.schema, f.table.name, p);
          for (const c of f.columns) column(tableKey(f.table.schema, f.table.name), c.name.name, p);
        } else if (f.kind === 'createView') relation(f.name.schema, f.name.name, p);
        else if (f.kind === 'rename') {
          if (f.objectKind === 'table' || f.objectKind === 'view' || f.objectKind === 'other') relation(f.target.schema, f.to.name, p);
          else if (f.objectKind === 'column') column(tableKey(f.target.schema, f.target.name), f.to.name, p);
        } else if (f.kind === 'alterTable')
          for (const a of f.actions) {
            if (a.type === 'addColumn') column(tableKey(f.table.schema, f.table.name), a.column.name.name, p);
            else if (a.type === 'setSchema') relation(a.schema, f.table.name, p);
          }
      }
    }
  }
  return h;
}

/** The history's names, looked up span by span (the first span that creates a name has its first position). */
interface NameLookup {
  firstRelation(key: string): Position | undefined;
  firstNamed(name: string): Position | undefined;
  firstColumn(table: string, column: string): Position | undefined;
  hasSchema(schema: string): boolean;
  firstFile: number;
}

function historyNames(history: readonly HistoryFile[]): NameLookup {
  const spans = gatherHistory(history, gatherNames);
  const firstIn = (get: (h: HistoryNames) => Position | undefined): Position | undefined => {
    for (const h of spans) {
      const p = get(h);
      if (p) return p;
    }
    return undefined;
  };
  return {
    firstRelation: (key) => firstIn((h) => h.relations.get(key)),
    firstNamed: (name) => firstIn((h) => h.names.get(name)),
    firstColumn: (table, column) => firstIn((h) => h.columns.get(table)?.get(column)),
    hasSchema: (schema) => spans.some((h) => h.schemas.has(schema)),
    firstFile: Math.min(...spans.map((h) => h.firstFile)),
  };
}

function before(a: Position, b: Position): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

/** Columns every table has. */
const SYSTEM_COLUMNS = new Set(['ctid', 'xmin', 'xmax', 'cmin', 'cmax', 'tableoid', 'oid']);
/** Schemas of the system catalogs: never created by migrations. */
const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema', 'pg_toast']);

interface TableRef {
  table: QualifiedName;
  /** What names it, for the message: "This foreign key references", … */
  what: string;
  /** Columns of the table that the statement names, with where. */
  columns: { name: string; range: Range }[];
}

export const unknownReference = defineRule<Record<string, never>>({
  id: 'unknown-reference',
  meta: {
    description: 'Disallow references to tables and columns the migration history never creates.',
    category: 'schema design',
    defaultSeverity: 'info',
    messages: {
      unknownTable:
        '{{what}} "{{name}}", which no migration of the history creates: the statement fails with "relation does not exist" unless the table comes from outside these migrations. Check the name (and schema), or add the migration that creates it.',
      createdLater:
        '{{what}} "{{name}}", which is created only later, in {{file}}: run in order, the migrations fail here with "relation does not exist". Move this statement after the one that creates it, or fix the migration order.',
      unknownColumn:
        'Table "{{table}}" has no column "{{column}}": no migration of the history creates it, so the statement fails with "column does not exist". Check the name.',
      columnCreatedLater:
        'Column "{{column}}" of "{{table}}" is created only later, in {{file}}: run in order, the migrations fail here with "column does not exist". Move this statement after the one that adds the column.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: false,
  },
  check(ctx) {
    const h = historyNames(ctx.history);
    // A history is complete enough to know what exists only when it is a sequence of versioned
    // migrations (V1__x.sql, 20240101_x/up.sql, …) and this file is not its first: the first file (or
    // a file linted alone) may build on anything, and unversioned files (schema dumps, test fixtures,
    // scripts) are not known to run in this order or together.
    if (!versionOf(ctx.file.relPath) || !(ctx.file.index > h.firstFile)) return;
    const fileOf = (p: Position): string => ctx.history[p[0]]?.relPath ?? 'a later migration';
    // What a DO block creates is invisible to the model: a name one mentions earlier is not reported.
    const inDoBlockBefore = (here: Position, name: string): boolean => doBlocksMentioning(ctx.history, name).some((d) => before([d.file, d.statement], here));

    const relationExists = (model: SchemaModel, t: QualifiedName): boolean => {
      const key = tableKey(t.schema, t.name);
      if (model.tables.has(key) || model.views.has(key) || model.indexes.has(key)) return true;
      // Unqualified names follow search_path: a table of that name in another schema may be meant.
      return !t.schema && model.hasRelationNamed(t.name);
    };

    const checkTable = (statement: Statement, ref: TableRef, createdHere: Set<string>): void => {
      const t = ref.table;
      const schema = t.schema ?? DEFAULT_SCHEMA;
      // Schemas the history never creates a table in belong to something else (extensions, auth.*, the platform).
      if (SYSTEM_SCHEMAS.has(schema) || (schema !== DEFAULT_SCHEMA && !h.hasSchema(schema))) return;
      const key = tableKey(t.schema, t.name);
      const model = ctx.modelAt(statement);
      if (createdHere.has(key)) return checkColumns(statement, ref, undefined);
      if (relationExists(model, t)) return checkColumns(statement, ref, model);
      const here: Position = [ctx.file.index, statement.index];
      const created = t.schema ? h.firstRelation(key) : h.firstNamed(t.name);
      if (created && !before(here, created)) return; // created earlier (dropped or renamed since): not this rule's call
      if (inDoBlockBefore(here, t.name)) return;
      const data = { what: ref.what, name: t.schema ? `${t.schema}.${t.name}` : t.name };
      if (created) ctx.report({ messageId: 'createdLater', data: { ...data, file: fileOf(created) }, range: t.range });
      else ctx.report({ messageId: 'unknownTable', data, range: t.range });
    };

    const checkColumns = (statement: Statement, ref: TableRef, model: SchemaModel | undefined): void => {
      if (!model || !ref.columns.length) return;
      const key = tableKey(ref.table.schema, ref.table.name);
      const table = model.tables.get(key);
      if (!table || table.columnsIncomplete) return;
      const here: Position = [ctx.file.index, statement.index];
      for (const c of ref.columns) {
        if (table.columns.has(c.name) || SYSTEM_COLUMNS.has(c.name)) continue;
        const created = h.firstColumn(key, c.name);
        if ((created && !before(here, created)) || inDoBlockBefore(here, c.name)) continue;
        const data = { table: ref.table.name, column: c.name };
        if (created) ctx.report({ messageId: 'columnCreatedLater', data: { ...data, file: fileOf(created) }, range: c.range });
        else ctx.report({ messageId: 'unknownColumn', data, range: c.range });
      }
    };

    for (const statement of ctx.file.parsed.statements) {
      const refs: TableRef[] = [];
      const createdHere = new Set<string>();
      for (const f of statement.facts) {
        if (f.kind === 'createTable') {
          createdHere.add(tableKey(f.table.schema, f.table.name));
          if (f.partitionOf) refs.push({ table: f.partitionOf, what: 'This partition belongs to', columns: [] });
          for (const l of f.like) refs.push({ table: l.table, what: 'LIKE copies', columns: [] });
          for (const i of f.inherits) refs.push({ table: i, what: 'INHERITS names', columns: [] });
          for (const c of f.constraints) if (c.kind === 'foreignKey' && c.references) refs.push({ table: c.references.table, what: 'This foreign key references', columns: (c.references.columns ?? []).map((name) => ({ name, range: c.references!.table.range })) });
        } else if (f.kind === 'alterTable') {
          if (f.ifExists) continue;
          const columns: TableRef['columns'] = [];
          let checked = false;
          for (const a of f.actions) {
            if (a.type === 'other') continue;
            checked = true;
            if (a.type === 'alterColumnType' || a.type === 'setNotNull' || a.type === 'dropNotNull' || a.type === 'setDefault' || a.type === 'dropDefault') columns.push({ name: a.column.name, range: a.column.range });
            else if (a.type === 'dropColumn' && !a.ifExists) columns.push({ name: a.column.name, range: a.column.range });
            const cs = a.type === 'addColumn' ? a.constraints : a.type === 'addConstraint' ? [a.constraint] : [];
            for (const c of cs) {
              if (a.type === 'addConstraint' && (c.kind === 'primaryKey' || c.kind === 'unique' || c.kind === 'foreignKey') && !c.usingIndex)
                for (const name of c.columns) if (!f.actions.some((x) => x.type === 'addColumn' && x.column.name.name === name)) columns.push({ name, range: c.range });
              if (c.kind === 'foreignKey' && c.references) refs.push({ table: c.references.table, what: 'This foreign key references', columns: (c.references.columns ?? []).map((name) => ({ name, range: c.references!.table.range })) });
            }
            if (a.type === 'attachPartition') refs.push({ table: a.partition, what: 'ATTACH PARTITION names', columns: [] });
          }
          // ALTER TABLE … OWNER TO, SET (…) and the like also apply to sequences and foreign tables, which the model does not keep.
          if (checked) refs.unshift({ table: f.table, what: 'ALTER TABLE names', columns });
        } else if (f.kind === 'createIndex') {
          refs.push({ table: f.table, what: 'This index is on', columns: f.elements.flatMap((e) => (e.column !== undefined ? [{ name: e.column, range: e.range }] : [])) });
        } else if (f.kind === 'createView') {
          for (const r of f.references ?? []) refs.push({ table: r, what: `View "${f.name.name}" reads`, columns: [] });
        }
      }
      for (const ref of refs) checkTable(statement, ref, createdHere);
    }
  },
});
