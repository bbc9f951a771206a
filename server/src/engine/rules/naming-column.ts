import type { Ident } from '../parse/facts.js';
import { compileIgnore, introducedEarlier, isSnakeCase, sqlIdent, toSnakeCase } from './naming/shared.js';
import { defineRule } from './types.js';

interface Options {
  ignore: string[];
}

export const namingColumn = defineRule<Options>({
  id: 'naming-column',
  meta: {
    description: 'Require snake_case column names (first_name, not "firstName").',
    category: 'schema design',
    defaultSeverity: 'warning',
    messages: {
      snakeCase:
        'Column "{{name}}" of {{table}} is not snake_case: every query must double-quote it with this exact case, and an unquoted reference folds to {{folded}} and fails with "column does not exist". Reports, ORMs and hand-written SQL keep tripping over it. Rename it to {{suggestion}}.',
    },
    defaultOptions: { ignore: [] },
    schema: {
      type: 'object',
      properties: {
        ignore: { type: 'array', items: { type: 'string' }, description: 'Regular expressions: column names matching one are not checked.' },
      },
      additionalProperties: false,
    },
    fixable: false,
    hasSuggestions: true,
  },
  check(ctx) {
    if (ctx.file.isDown) return;
    const ignored = compileIgnore(ctx.options.ignore);
    const check = (table: string, column: Ident, existing: ReadonlySet<string>): void => {
      const name = column.name;
      if (isSnakeCase(name) || ignored(name) || introducedEarlier(ctx, 'columns', `${table}.${name}`)) return;
      const snake = toSnakeCase(name);
      const ok = isSnakeCase(snake);
      ctx.report({
        messageId: 'snakeCase',
        data: { name, table, folded: name.toLowerCase(), suggestion: ok ? sqlIdent(snake) : 'a snake_case name' },
        range: column.range,
        suggestions:
          ok && !existing.has(snake)
            ? [{ title: `Rename column "${name}" to ${sqlIdent(snake)} (update code that uses it)`, edits: [{ range: column.range, newText: sqlIdent(snake) }] }]
            : [],
      });
    };
    const columnsOf = (schema: string | undefined, table: string, statement: Parameters<typeof ctx.modelAt>[0]): Set<string> =>
      new Set([...(ctx.modelAt(statement).table(schema, table)?.columns.keys() ?? []), ...(ctx.final.table(schema, table)?.columns.keys() ?? [])]);

    for (const { fact } of ctx.facts('createTable')) {
      if (fact.temporary) continue;
      const names = new Set(fact.columns.map((c) => c.name.name));
      for (const c of fact.columns) check(fact.table.name, c.name, names);
    }
    for (const { fact, statement } of ctx.facts('alterTable'))
      for (const a of fact.actions) if (a.type === 'addColumn') check(fact.table.name, a.column.name, columnsOf(fact.table.schema, fact.table.name, statement));
    for (const { fact, statement } of ctx.facts('rename'))
      if (fact.objectKind === 'column') check(fact.target.name, fact.to, columnsOf(fact.target.schema, fact.target.name, statement));
  },
});
