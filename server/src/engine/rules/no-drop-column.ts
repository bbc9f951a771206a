import { defineRule } from './types.js';
import { fileObjects } from './util/migration.js';

export const noDropColumn = defineRule<Record<string, never>>({
  id: 'no-drop-column',
  meta: {
    description: 'Disallow dropping a column of an existing table in an up migration.',
    category: 'migration safety',
    defaultSeverity: 'warning',
    messages: {
      drop:
        'Dropping column "{{column}}" of existing table "{{table}}" breaks every running application instance that still reads or writes it, and the data is gone for good. First deploy code that no longer uses "{{column}}" (for ORMs, mark it ignored), then drop it in a later migration; disable this rule on that line once the code is clean.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: false,
  },
  check(ctx) {
    // A down migration undoes its up migration: dropping what the up migration added is its job.
    if (ctx.file.isDown) return;
    const objects = fileObjects(ctx);
    for (const { fact, statement } of ctx.facts('alterTable')) {
      if (objects.isNewTable(statement, fact.table)) continue;
      for (const a of fact.actions) {
        if (a.type !== 'dropColumn' || objects.isNewColumn(statement, fact.table, a.column.name)) continue;
        ctx.report({ messageId: 'drop', data: { column: a.column.name, table: fact.table.name }, range: a.column.range });
      }
    }
  },
});
