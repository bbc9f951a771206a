import type { Statement } from '../parse/document.js';
import { tableKey } from '../model/schema.js';
import { defineRule } from './types.js';

export const requireWhere = defineRule({
  id: 'require-where',
  meta: {
    description: 'Require a WHERE clause on UPDATE and DELETE in migrations.',
    category: 'migration safety',
    defaultSeverity: 'warning',
    messages: {
      update:
        'UPDATE of "{{table}}" without WHERE rewrites every row in one transaction: on a large table it holds a row lock on all of them until the migration commits, blocks concurrent writers, and leaves a dead copy of each row for VACUUM. Backfill in batches (`WHERE id BETWEEN … AND …`, or a DO loop that commits per batch), or add the WHERE that limits it.',
      delete:
        'DELETE from "{{table}}" without WHERE removes every row in one transaction: on a large table it locks all of them until the migration commits and leaves every row dead for VACUUM. Add the WHERE that limits it; if emptying the table is the point, TRUNCATE is instant (but takes an ACCESS EXCLUSIVE lock).',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: false,
  },
  check(ctx) {
    // Tables created in this file have only the rows this file put there: no lock or bloat to fear.
    const created = new Map<string, number>();
    const createdBefore = (st: Statement, key: string): boolean => (created.get(key) ?? Infinity) < st.index;
    for (const st of ctx.file.parsed.statements)
      for (const f of st.facts)
        if (f.kind === 'createTable') {
          const key = tableKey(f.table.schema, f.table.name);
          if (!created.has(key)) created.set(key, st.index);
        }
    for (const statement of ctx.file.parsed.statements)
      for (const fact of statement.facts) {
        if ((fact.kind !== 'update' && fact.kind !== 'delete') || fact.hasWhere) continue;
        if (createdBefore(statement, tableKey(fact.table.schema, fact.table.name))) continue;
        ctx.report({ messageId: fact.kind, data: { table: fact.table.name }, range: { start: fact.range.start, end: fact.table.range.end } });
      }
  },
});
