import { defineRule } from './types.js';
import { indexLabel, tablesIndexedIn } from './util/indexes.js';

interface Options {
  max: number;
}

export const tooManyIndexes = defineRule<Options>({
  id: 'too-many-indexes',
  meta: {
    description: 'Disallow more indexes on one table than a set maximum.',
    category: 'indexing',
    defaultSeverity: 'warning',
    messages: {
      tooMany:
        'Table "{{table}}" ends up with {{count}} indexes (more than {{max}}); "{{name}}" is number {{position}}. Every INSERT and every UPDATE of an indexed column writes to each of them, so writes slow down and WAL grows with each index. Review them: drop unused ones (pg_stat_user_indexes.idx_scan = 0) and merge ones that share leading columns.',
    },
    defaultOptions: { max: 8 },
    schema: {
      type: 'object',
      properties: {
        max: { type: 'integer', minimum: 1, description: 'The most indexes (primary key and unique constraints included) a table may have in the final schema.' },
      },
      additionalProperties: false,
    },
    fixable: false,
    hasSuggestions: false,
  },
  check(ctx) {
    if (ctx.file.isDown) return;
    const max = ctx.options.max;
    for (const list of tablesIndexedIn(ctx.final, ctx.history, ctx.file.path)) {
      if (list.length <= max) continue;
      // Reported once per table: at the index that crosses the limit, in the file that creates it.
      const crossing = list[max]!;
      if (crossing.model.origin.file !== ctx.file.path) continue;
      const table = crossing.model.table.split('.').slice(1).join('.');
      ctx.report({
        messageId: 'tooMany',
        data: { table, count: list.length, max, name: crossing.model.name, position: max + 1 },
        range: indexLabel(crossing).range,
      });
    }
  },
});
