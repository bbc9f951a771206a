import { tableKey } from '../model/schema.js';
import { defineRule } from './types.js';
import { fileObjects } from './util/migration.js';

export const noRenameTable = defineRule<Record<string, never>>({
  id: 'no-rename-table',
  meta: {
    description: 'Disallow renaming an existing table.',
    category: 'migration safety',
    defaultSeverity: 'warning',
    messages: {
      rename:
        'Renaming existing table "{{table}}" to "{{to}}" breaks every running application instance that still queries "{{table}}": queries fail from the moment the migration commits until all code is redeployed. Rename in steps (create "{{to}}", dual-write, backfill, switch reads, drop "{{table}}" later), or keep the old name working with CREATE VIEW "{{table}}" AS SELECT * FROM "{{to}}" in the same migration.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: false,
  },
  check(ctx) {
    const objects = fileObjects(ctx);
    const views = ctx.facts('createView');
    for (const { fact, statement } of ctx.facts('rename')) {
      // ALTER TABLE … RENAME also renames indexes and views: only tables are this rule's business.
      if (fact.objectKind !== 'table' || objects.isNewTable(statement, fact.target) || objects.isIndexOrView(statement, fact.target)) continue;
      // A view under the old name, created later in the same migration, keeps old code working.
      const old = tableKey(fact.target.schema, fact.target.name);
      if (views.some((v) => v.statement.index > statement.index && !v.fact.materialized && tableKey(v.fact.name.schema, v.fact.name.name) === old)) continue;
      ctx.report({ messageId: 'rename', data: { table: fact.target.name, to: fact.to.name }, range: fact.target.range });
    }
  },
});
