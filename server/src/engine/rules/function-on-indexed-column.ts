import type { Statement } from '../parse/document.js';
import type { QueryFact, WrappedColumn } from '../parse/facts.js';
import { tableKey, type IndexModel, type SchemaModel, type TableModel } from '../model/schema.js';
import { defineRule } from './types.js';
import { quoteIdent } from './util/migration.js';

/** Casts between these types are relabelings: the planner sees through them and the index still applies. */
const BINARY_COERCIBLE_TEXT = new Set(['text', 'varchar']);

/** Functions (and casts) that bucket a timestamp: a range on the bare column says the same thing. */
const DATE_FUNCTIONS = new Set(['extract', 'date_part', 'date_trunc', 'date', 'to_char', 'timezone']);
const DATE_TYPES = new Set(['date', 'timestamp', 'timestamptz']);

/**
 * Queries the application runs again and again: views, materialized views, functions and
 * procedures, and standalone SELECTs (a migration's SELECT changes nothing: in .sql files it is a
 * view body kept apart, as Scenic does, or a query file). A one-off UPDATE, DELETE or DO block in a
 * migration reads the rows it must read once; it is not what this rule is about.
 */
function storesQuery(statement: Statement): boolean {
  switch (statement.type) {
    case 'ViewStmt':
    case 'CreateFunctionStmt':
    case 'SelectStmt':
      return true;
    case 'CreateTableAsStmt':
      return statement.facts.some((f) => f.kind === 'createView');
    default:
      return false;
  }
}

export const functionOnIndexedColumn = defineRule({
  id: 'function-on-indexed-column',
  meta: {
    description: 'Disallow wrapping an indexed column in a function or cast in a WHERE comparison of a view, function or query when no expression index matches.',
    category: 'query quality',
    defaultSeverity: 'warning',
    messages: {
      function:
        '`{{expression}}` applies {{what}} to "{{column}}" in a WHERE comparison, so the index {{index}} on "{{table}}"."{{column}}" cannot be used: PostgreSQL reads every row and computes the expression for each. Add an expression index on ({{expression}}), or store the value already normalized and compare the bare column.',
      dateFunction:
        '`{{expression}}` applies {{what}} to "{{column}}" in a WHERE comparison, so the index {{index}} on "{{table}}"."{{column}}" cannot be used: PostgreSQL reads every row and computes the expression for each. Compare the bare column with a range instead ({{columnSql}} >= start AND {{columnSql}} < end), or add an expression index on ({{expression}}).',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: false,
  },
  check(ctx) {
    for (const { fact, statement } of ctx.facts('query')) {
      if (!fact.wrappedColumns.length || !storesQuery(statement)) continue;
      const here = ctx.modelAt(statement);
      // A stored query runs against the schema the whole history builds: an index added later counts.
      const runtime = ctx.final;
      for (const w of fact.wrappedColumns) {
        const table = owner(here, fact, w);
        if (!table) continue;
        const column = table.columns.get(w.column.name);
        if (!column) continue;
        if (w.castTo && (w.castTo === column.type.name || (BINARY_COERCIBLE_TEXT.has(w.castTo) && BINARY_COERCIBLE_TEXT.has(column.type.name)))) continue;
        const indexes = runtime.indexesOf(table.key);
        if (indexes.some((ix) => ix.expressions?.includes(w.key))) continue;
        const plain = indexes.find((ix) => leadsWith(ix, w.column.name));
        if (!plain) continue;
        const text = ctx.file.parsed.text.slice(w.range.start, w.range.end);
        const dateLike = DATE_FUNCTIONS.has(w.function) || (w.function === 'cast' && DATE_TYPES.has(w.castTo ?? ''));
        ctx.report({
          messageId: dateLike ? 'dateFunction' : 'function',
          data: {
            expression: text.length > 60 ? text.slice(0, 57) + '…' : text,
            what: w.function === 'cast' ? `a cast to ${w.castTo ?? 'another type'}` : w.function === 'extract' ? 'EXTRACT' : `${writtenName(text) ?? w.function}()`,
            column: w.column.name,
            // As it must be written in SQL: "createdAt", not createdAt (which PostgreSQL folds to createdat).
            columnSql: quoteIdent(w.column.name),
            table: table.name,
            index: `"${plain.name}"`,
          },
          range: w.range,
          related: [{ file: plain.origin.file, range: plain.origin.range, message: `Index "${plain.name}" on "${table.name}"."${w.column.name}"` }],
        });
      }
    }
  },
});

/** The function name as written (`trim`, which PostgreSQL calls btrim), when the expression starts with a call. */
function writtenName(text: string): string | undefined {
  return /^(?:[A-Za-z_][\w$]*\s*\.\s*)?([A-Za-z_][\w$]*)\s*\(/.exec(text)?.[1]?.toLowerCase();
}

/** A B-tree (or hash) index whose first key is the plain column: the one the wrapped comparison would otherwise use. */
function leadsWith(ix: IndexModel, column: string): boolean {
  return (ix.method === 'btree' || ix.method === 'hash') && ix.columns[0] === column;
}

/** The table the column belongs to: by its qualifier, or the only relation, or the only relation that has such a column. */
function owner(model: SchemaModel, fact: QueryFact, w: WrappedColumn): TableModel | undefined {
  const lookup = (r: QueryFact['relations'][number]): TableModel | undefined => model.tables.get(tableKey(r.table.schema, r.table.name));
  if (w.column.qualifier !== undefined) {
    const r = fact.relations.find((x) => (x.alias ?? x.table.name) === w.column.qualifier);
    return r ? lookup(r) : undefined;
  }
  if (fact.otherRelations) return undefined;
  const candidates = fact.relations.map(lookup).filter((t): t is TableModel => !!t && t.columns.has(w.column.name));
  // With a relation the model does not know, the column could be that relation's.
  if (fact.relations.some((r) => !lookup(r))) return undefined;
  return candidates.length === 1 ? candidates[0] : undefined;
}
