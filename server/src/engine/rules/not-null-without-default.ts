import type { ColumnDef } from '../parse/facts.js';
import type { Range } from '../parse/positions.js';
import { tableKey } from '../model/schema.js';
import type { SchemaModel } from '../model/schema.js';
import { LPAREN, RPAREN } from '../parse/tokens.js';
import { defineRule, type FixSpec, type RuleContext } from './types.js';
import { insertAfter, notNullCheckName, notNullSteps, quoteIdent, sourceText, tableExistedBeforeFile, writtenTable } from './unsafe-set-not-null.js';
import { setNotNullOf } from '../parse/alter-actions.js';

const PLACEHOLDERS: Record<string, string> = {
  int2: '0',
  int4: '0',
  int8: '0',
  numeric: '0',
  float4: '0',
  float8: '0',
  money: '0',
  text: "''",
  varchar: "''",
  bpchar: "''",
  citext: "''",
  bytea: "''",
  bool: 'false',
  // now() is STABLE: evaluated once, so PostgreSQL 11+ stores it as a fast default without rewriting.
  timestamptz: 'now()',
  timestamp: 'now()',
  date: 'CURRENT_DATE',
  time: "'00:00'",
  timetz: "'00:00'",
  interval: "'0'",
  json: "'{}'",
  jsonb: "'{}'",
  // A constant, not gen_random_uuid(): a volatile default rewrites the whole table even on PostgreSQL 11+.
  uuid: "'00000000-0000-0000-0000-000000000000'",
};

/** A constant of the column's type to start from, or undefined when there is no obvious one. */
function placeholder(c: ColumnDef, model: SchemaModel): string | undefined {
  if (c.type.isArray) return "'{}'";
  if (!c.type.schema && PLACEHOLDERS[c.type.name]) return PLACEHOLDERS[c.type.name];
  const en = model.enums.get(tableKey(c.type.schema, c.type.name));
  if (en?.values.length) return `'${en.values[0]!.replace(/'/g, "''")}'`;
  return undefined;
}

/** The `[CONSTRAINT name] NOT NULL` clauses written in a column definition (not inside parentheses). */
function notNullClauses<O>(ctx: RuleContext<O>, c: ColumnDef): { keyword: Range; clause: Range }[] {
  const t = ctx.file.parsed.tokens;
  const out: { keyword: Range; clause: Range }[] = [];
  let depth = 0;
  for (let i = t.indexAt(c.range.start); i < t.length && t.at(i)!.start < c.range.end; i++) {
    const tk = t.at(i)!;
    if (tk.name === LPAREN) depth++;
    else if (tk.name === RPAREN) depth--;
    else if (depth === 0 && tk.text.toUpperCase() === 'NOT' && t.at(i + 1)?.text.toUpperCase() === 'NULL' && t.at(i - 1)?.text.toUpperCase() !== 'IS') {
      const named = t.at(i - 2)?.text.toUpperCase() === 'CONSTRAINT';
      const first = named ? i - 2 : i;
      const keyword = { start: tk.start, end: t.at(i + 1)!.end };
      // Take the whitespace before the clause with it, so that `c int NOT NULL` becomes `c int`.
      out.push({ keyword, clause: { start: t.at(first - 1)!.end, end: keyword.end } });
    }
  }
  return out;
}

export const notNullWithoutDefault = defineRule<Record<string, never>>({
  id: 'not-null-without-default',
  meta: {
    description: 'Disallow adding a NOT NULL column without a DEFAULT to an existing table.',
    category: 'migration safety',
    defaultSeverity: 'error',
    messages: {
      notNullWithoutDefault:
        'Column "{{column}}" is added to {{table}} as NOT NULL without a DEFAULT: the table already exists, so this ALTER TABLE fails with "column "{{column}}" of relation "{{relation}}" contains null values" as soon as it holds a single row, and the deploy stops. Give the column a DEFAULT, or add it as nullable, backfill it in batches and then enforce NOT NULL through a validated CHECK constraint.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: true,
  },
  check(ctx) {
    for (const { fact, statement } of ctx.facts('alterTable')) {
      // `ADD COLUMN c int, ALTER COLUMN c SET NOT NULL` in one statement is the same thing written in two actions.
      const setNotNull = (column: string) => setNotNullOf(fact, column);
      const candidates = fact.actions.filter(
        (a) =>
          a.type === 'addColumn' &&
          (a.column.notNull || setNotNull(a.column.name.name)) &&
          (!a.column.default || a.column.default.isNull) &&
          !a.column.identity &&
          !a.column.generated &&
          !a.column.type.serial,
      );
      if (!candidates.length) continue;
      const model = ctx.modelAt(statement);
      if (!tableExistedBeforeFile(ctx, statement, fact.table, model)) continue;
      const tableText = writtenTable(ctx, fact.table);
      for (const action of candidates) {
        if (action.type !== 'addColumn') continue;
        const c = action.column;
        const columnText = sourceText(ctx, c.name.range) || quoteIdent(c.name.name);
        const clauses = notNullClauses(ctx, c);
        const suggestions: FixSpec[] = [];
        // A primary key column is NOT NULL through its constraint: one shared DEFAULT would violate it, and it cannot stay nullable.
        const primaryKey = action.constraints.some((k) => k.kind === 'primaryKey');
        const value = primaryKey ? undefined : placeholder(c, model);
        if (value) {
          const edit = c.default ? { range: c.default.range, newText: value } : { range: { start: c.type.range.end, end: c.type.range.end }, newText: ` DEFAULT ${value}` };
          const rewrite = ctx.postgresVersion < 11 ? `; on PostgreSQL ${ctx.postgresVersion} adding a column with a DEFAULT rewrites the whole table under an ACCESS EXCLUSIVE lock` : '';
          suggestions.push({ title: `Add DEFAULT ${value} to "${c.name.name}" (a placeholder: pick the real value existing rows should get${rewrite})`, edits: [edit] });
        }
        if (!primaryKey && clauses.length) {
          const steps = notNullSteps(tableText, columnText, notNullCheckName(model, fact.table, c.name.name), ctx.postgresVersion);
          const lines = [
            `-- Backfill ${columnText} in batches (UPDATE ${tableText} SET ${columnText} = ... WHERE ${columnText} IS NULL AND <key range>, one transaction per batch), then:`,
            ...steps.check,
            ...steps.setNotNull,
          ];
          suggestions.push({
            title: `Add "${c.name.name}" as nullable, backfill it, then enforce NOT NULL with a validated CHECK constraint`,
            edits: [...clauses.map((k) => ({ range: k.clause, newText: '' })), insertAfter(ctx.file.parsed.text, statement, lines)],
          });
        }
        ctx.report({
          messageId: 'notNullWithoutDefault',
          data: { table: tableText, column: c.name.name, relation: fact.table.name },
          range: clauses[0]?.keyword ?? (c.notNull ? c.name.range : setNotNull(c.name.name)!.range),
          suggestions,
        });
      }
    }
  },
});
