import { defineRule } from './types.js';
import { fileObjects } from './util/migration.js';

export const noRenameColumn = defineRule<Record<string, never>>({
  id: 'no-rename-column',
  meta: {
    description: 'Disallow renaming a column of an existing table.',
    category: 'migration safety',
    defaultSeverity: 'warning',
    messages: {
      rename:
        'Renaming column "{{column}}" of existing table "{{table}}" to "{{to}}" breaks every running application instance that still reads or writes "{{column}}": queries fail from the moment the migration commits until all code is redeployed. Rename in steps: add "{{to}}", dual-write both columns, backfill, switch reads to "{{to}}", and drop "{{column}}" in a later migration.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: false,
  },
  check(ctx) {
    const objects = fileObjects(ctx);
    for (const { fact, statement } of ctx.facts('rename')) {
      if (fact.objectKind !== 'column' || !fact.from) continue;
      if (objects.isNewColumn(statement, fact.target, fact.from.name)) continue;
      ctx.report({ messageId: 'rename', data: { column: fact.from.name, table: fact.target.name, to: fact.to.name }, range: fact.from.range });
    }
  },
});
