import { defineRule } from './types.js';
import { notValidFindings } from './util/not-valid.js';

export const foreignKeyNotValid = defineRule<Record<string, never>>({
  id: 'foreign-key-not-valid',
  meta: {
    description: 'Require NOT VALID when adding a foreign key to an existing table, and a separate VALIDATE CONSTRAINT.',
    category: 'migration safety',
    defaultSeverity: 'warning',
    messages: {
      addConstraint:
        'Adding foreign key {{name}} to existing table "{{table}}" checks every row at once while holding a SHARE ROW EXCLUSIVE lock on "{{table}}" and on "{{referenced}}": writes to both tables wait for the whole scan. Add it NOT VALID (only new rows are checked), then run ALTER TABLE … VALIDATE CONSTRAINT in a separate transaction, which does not block reads or writes.',
      addColumn:
        'Column "{{column}}" is added to existing table "{{table}}" with REFERENCES "{{referenced}}": the new foreign key is checked against every row while ADD COLUMN holds its ACCESS EXCLUSIVE lock, so reads and writes wait for the scan. Add the column first, then the constraint NOT VALID, then VALIDATE CONSTRAINT in a separate transaction.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: true,
    readsLocks: true,
  },
  check(ctx) {
    for (const f of notValidFindings(ctx, 'foreignKey')) {
      const data = { name: f.name, table: f.fact.table.name, referenced: f.constraint.references?.table.name ?? '?', column: f.column?.name.name ?? '' };
      ctx.report({ messageId: f.column ? 'addColumn' : 'addConstraint', data, range: f.constraint.range, suggestions: f.suggestion ? [f.suggestion] : [], tableAtRisk: f.fact.table });
    }
  },
});
