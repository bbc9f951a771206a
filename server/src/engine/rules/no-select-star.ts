import type { Statement } from '../parse/document.js';
import type { CreateFunctionFact, RelationRef, SelectStarFact } from '../parse/facts.js';
import type { TableModel } from '../model/schema.js';
import { tableKey } from '../model/schema.js';
import { historyFile } from '../history-spans.js';
import { defineRule, type RuleContext } from './types.js';

/**
 * Words PostgreSQL's grammar does not take as a bare column reference in a select list (reserved and
 * type/function-name keywords, plus the SQL value functions such as current_user that would be read
 * as calls). Checked against the parser for every keyword by test/rules/no-select-star.test.ts.
 */
export const NEEDS_QUOTES = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column ' +
    'concurrently constraint create cross current_catalog current_date current_role current_schema current_time current_timestamp ' +
    'current_user default deferrable desc distinct do else end except false fetch for foreign freeze from full grant group having ' +
    'ilike in initially inner intersect into is isnull join lateral leading left like limit localtime localtimestamp natural not ' +
    'notnull null offset on only or order outer overlaps placing primary references returning right select session_user similar ' +
    'some symmetric system_user table tablesample then to trailing true union unique user using variadic verbose when where window with'
  ).split(' '),
);

/** The identifier as it must be written to be read back unchanged. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !NEEDS_QUOTES.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** Result types that are not a table's row type: a star feeding them is not the function's declared shape. */
const BASE_TYPES = new Set(
  (
    'int2 int4 int8 float4 float8 numeric money text varchar bpchar name bool date time timetz timestamp timestamptz interval ' +
    'json jsonb xml uuid bytea inet cidr macaddr macaddr8 oid regclass regtype regproc tsvector tsquery bit varbit point ' +
    'record void trigger event_trigger anyelement anyarray anynonarray anyenum anyrange anymultirange anycompatible ' +
    'anycompatiblearray refcursor cstring internal language_handler fdw_handler table_am_handler index_am_handler tsm_handler'
  ).split(' '),
);

const SYSTEM_COLUMNS = new Set(['tableoid', 'xmin', 'cmin', 'xmax', 'cmax', 'ctid']);

type Ctx = RuleContext<Record<string, never>>;

/** A string-bodied function declared to return a table's row type (`RETURNS t`, `RETURNS SETOF t`). */
function returnsRowType(fn: CreateFunctionFact | undefined): boolean {
  const r = fn?.returns;
  return !!r && !r.table && !BASE_TYPES.has(r.type);
}

const PLACE: Record<SelectStarFact['context'], string> = {
  view: '',
  query: '',
  insert: '',
  createTableAs: '',
  function: '',
  cte: ' in a CTE',
  subquery: ' in a subquery',
};

export const noSelectStar = defineRule({
  id: 'no-select-star',
  meta: {
    description: 'Disallow `SELECT *` and `alias.*` in views, queries and function bodies.',
    category: 'query quality',
    defaultSeverity: 'warning',
    messages: {
      view:
        '`{{star}}`{{place}} in the definition of {{object}}: PostgreSQL expands the star once, when the view is created, so columns added to {{tables}} later never appear in it, and dropping a column it captured fails. List the columns the view should expose.',
      insert:
        '`{{star}}` in INSERT … SELECT{{routine}} copies columns by position: when either table gains, loses or reorders a column, the statement fails or writes values into the wrong columns. List the columns.',
      createTableAs:
        '`{{star}}`{{place}} in CREATE TABLE … AS copies every column of {{tables}}, including ones you did not mean to duplicate (large payloads, secrets), with the shape the source has at that moment. List the columns to copy.',
      atomic:
        '`{{star}}`{{place}} in the body of {{routine}}: a BEGIN ATOMIC body is parsed once, at CREATE time, so the star is frozen like a view\'s: columns added to {{tables}} later never appear and dropping one fails. List the columns.',
      routine:
        '`{{star}}`{{place}} in {{routine}} fetches every column on each call and ties the result to the current shape of {{tables}}: a column added or dropped later changes or breaks what it returns. List the columns it needs.',
      query:
        '`{{star}}`{{place}} fetches every column of {{tables}}: the query reads and ships data it does not use, cannot be answered by an index-only scan on a covering index, and changes shape whenever the table does. List the columns.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: true,
    hasSuggestions: false,
  },
  check(ctx) {
    const order = new Map<string, boolean>();
    for (const { fact, statement } of ctx.facts('selectStar')) {
      const fn = statement.facts.find((f): f is CreateFunctionFact => f.kind === 'createFunction');
      // `RETURNS SETOF t AS $$ SELECT * FROM t … $$`: the star *is* the declared row type, and a
      // string body is planned at call time, so it follows t's columns; a column list would break
      // the function the day t gains a column. Only the star that feeds the result is exempt.
      // A star over CTEs and subqueries of the same query only passes on columns the query itself
      // names; a star inside them that reads a table is reported where it is.
      if (fact.localSource) continue;
      if (fact.stringBody && returnsRowType(fn) && fact.context !== 'insert' && fact.context !== 'createTableAs' && fact.context !== 'view') continue;
      const written = ctx.file.parsed.text.slice(fact.range.start, fact.range.end);
      const star = fact.tableCommand ? written.replace(/\s+/g, ' ') : written.replace(/\s+/g, '');
      const named = fact.qualifier !== undefined ? (fact.qualifiedRelation ? [fact.qualifiedRelation] : []) : (fact.relations ?? []);
      const tables = named.length ? named.map((r) => r.table.name).join(', ') : 'its tables';
      const place = PLACE[fact.context];
      const data: Record<string, string> = { star, place, tables, object: '', routine: '' };
      let messageId: string;
      const view = statement.facts.find((f) => f.kind === 'createView');
      if (fact.context === 'insert') {
        messageId = 'insert';
        if (fact.inFunctionBody) data.routine = ` (in ${routineName(fn, statement)})`;
      } else if (view && view.kind === 'createView') {
        messageId = 'view';
        data.object = `${view.materialized ? 'materialized view' : 'view'} "${view.name.name}"`;
      } else if (statement.type === 'CreateTableAsStmt' || fact.context === 'createTableAs') messageId = 'createTableAs';
      else if (fact.inFunctionBody && statement.type !== 'DoStmt') {
        messageId = fact.stringBody ? 'routine' : 'atomic';
        data.routine = routineName(fn, statement);
        if (messageId === 'routine') data.routine = `the body of ${data.routine}`;
      } else messageId = 'query';
      const columns = fact.stringBody === 'quoted' ? undefined : expansion(ctx, statement, fact, order);
      ctx.report({
        messageId,
        data,
        range: fact.range,
        ...(columns
          ? {
              fix: {
                title: `Replace ${star} with the ${columns.count} column${columns.count === 1 ? '' : 's'} it stands for`,
                edits: [{ range: fact.range, newText: fact.tableCommand ? `SELECT ${columns.text} FROM ${written.replace(/^TABLE\s+/i, '')}` : columns.text }],
              },
            }
          : {}),
      });
    }
  },
});

function routineName(fn: CreateFunctionFact | undefined, statement: Statement): string {
  if (statement.type === 'DoStmt' || !fn) return 'the DO block';
  return `${fn.procedure ? 'procedure' : 'function'} "${fn.name.name}"`;
}

/**
 * The column list the star stands for, as PostgreSQL expands it at this point of the history: each
 * relation's columns in order, qualified when the select has several relations or the star was.
 * Undefined when any relation's columns are not known exactly.
 */
function expansion(ctx: Ctx, statement: Statement, fact: SelectStarFact, order: Map<string, boolean>): { text: string; count: number } | undefined {
  let picked: RelationRef[];
  if (fact.qualifier !== undefined) {
    // `t.*` is t's columns whatever else the FROM holds and however it is joined.
    if (!fact.qualifiedRelation) return undefined;
    picked = [fact.qualifiedRelation];
  } else {
    if (!fact.relations?.length || fact.mergedJoin) return undefined;
    const exposed = fact.relations.map((r) => r.alias ?? r.table.name);
    if (new Set(exposed).size !== exposed.length) return undefined;
    picked = fact.relations;
  }
  const qualify = fact.qualifier !== undefined || picked.length > 1;
  const model = ctx.modelAt(statement);
  const parts: string[] = [];
  for (const r of picked) {
    const key = tableKey(r.table.schema, r.table.name);
    const table = model.tables.get(key);
    if (!table || model.views.has(key) || table.columnsIncomplete || table.partitionOf || table.columns.size === 0) return undefined;
    if (!columnOrderKnown(ctx, table, order)) return undefined;
    // A system column's name in the model means the model went wrong (a statement PostgreSQL rejected).
    if ([...table.columns.keys()].some((c) => SYSTEM_COLUMNS.has(c))) return undefined;
    const q = quoteIdent(r.alias ?? r.table.name);
    for (const col of table.columns.keys()) parts.push(qualify ? `${q}.${quoteIdent(col)}` : quoteIdent(col));
  }
  return { text: parts.join(', '), count: parts.length };
}

/**
 * The model keeps columns in creation order, which is PostgreSQL's attribute order except for tables
 * built with INHERITS or with a LIKE clause after other columns (PostgreSQL puts inherited columns
 * first and LIKE columns where the clause is). Those tables get no fix.
 */
function columnOrderKnown(ctx: Ctx, table: TableModel, cache: Map<string, boolean>): boolean {
  const hit = cache.get(table.key);
  if (hit !== undefined) return hit;
  let known = false;
  const file = historyFile(ctx.history, table.origin.file);
  for (const st of file?.parsed.statements ?? []) {
    for (const f of st.facts) {
      if (f.kind !== 'createTable' || f.table.nameRange.start !== table.origin.range.start) continue;
      const firstColumn = f.columns[0]?.range.start ?? Infinity;
      known = !f.asQuery && !f.partitionOf && f.inherits.length === 0 && f.like.every((l) => l.table.range.start < firstColumn);
    }
  }
  cache.set(table.key, known);
  return known;
}
