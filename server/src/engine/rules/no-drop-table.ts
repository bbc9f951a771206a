import { defineRule } from './types.js';
import { fileObjects } from './util/migration.js';

export const noDropTable = defineRule<Record<string, never>>({
  id: 'no-drop-table',
  meta: {
    description: 'Disallow dropping an existing table in an up migration.',
    category: 'migration safety',
    defaultSeverity: 'warning',
    messages: {
      drop:
        'Dropping existing table "{{table}}" breaks every running application instance that still queries it, and its data is gone for good. First deploy code that no longer uses "{{table}}" (and back the data up or rename the table aside), then drop it in a later migration; disable this rule on that line once the code is clean.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: false,
  },
  check(ctx) {
    // A down migration undoes its up migration: dropping the tables the up migration created is its job.
    if (ctx.file.isDown) return;
    const objects = fileObjects(ctx);
    for (const { fact, statement } of ctx.facts('drop')) {
      if (fact.objectKind !== 'table') continue;
      for (const n of fact.names) {
        if (objects.isNewTable(statement, n)) continue;
        ctx.report({ messageId: 'drop', data: { table: n.name }, range: n.range });
      }
    }
  },
});
