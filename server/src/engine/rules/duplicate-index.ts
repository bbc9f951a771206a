import { defineRule, type FixSpec } from './types.js';
import { mentionedLater } from './util/history.js';
import { indexLabel, isDuplicate, tablesIndexedIn, type IndexInfo } from './util/indexes.js';
import { statementRemoval } from './util/migration.js';

function describe(info: IndexInfo): string {
  const c = info.source?.constraint;
  if (c) return `the index of ${c.kind === 'primaryKey' ? 'primary key' : 'unique constraint'} "${info.model.constraint ?? info.model.name}"`;
  return `index "${info.model.name}"`;
}

/** PostgreSQL merges identical PRIMARY KEY / UNIQUE constraints written in one statement into one index. */
function mergedByPostgres(a: IndexInfo, b: IndexInfo): boolean {
  return !!a.source?.constraint && !!b.source?.constraint && a.source.file === b.source.file && a.source.statement.index === b.source.statement.index;
}

export const duplicateIndex = defineRule<Record<string, never>>({
  id: 'duplicate-index',
  meta: {
    description: 'Disallow an index identical to another index of the same table.',
    category: 'indexing',
    defaultSeverity: 'warning',
    messages: {
      duplicate:
        'Index "{{name}}" on "{{table}}" duplicates {{other}} (same columns, options, predicate, method and uniqueness): every INSERT and UPDATE maintains both, the table carries twice the index size, and the planner never needs the second one. Drop this index.',
      constraint:
        '{{kind}} "{{name}}" on "{{table}}" builds an index identical to {{other}}: every write maintains both. Attach the constraint to the existing index instead (ALTER TABLE … ADD CONSTRAINT … {{keyword}} USING INDEX …), or drop one of them.',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: true,
    hasSuggestions: true,
  },
  check(ctx) {
    if (ctx.file.isDown) return;
    const text = ctx.file.parsed.text;
    for (const list of tablesIndexedIn(ctx.final, ctx.history, ctx.file.path)) {
      list.forEach((b, j) => {
        if (b.model.origin.file !== ctx.file.path || !b.source) return;
        const a = list.slice(0, j).find((x) => isDuplicate(x, b) && !mergedByPostgres(x, b));
        if (!a) return;
        const label = indexLabel(b);
        const table = b.model.table.split('.').slice(1).join('.');
        const related = [{ file: a.model.origin.file, range: indexLabel(a).range, message: `${describe(a)} is defined here` }];
        const c = b.source.constraint;
        if (c) {
          ctx.report({
            messageId: 'constraint',
            data: { kind: c.kind === 'primaryKey' ? 'Primary key' : 'Unique constraint', name: b.model.constraint ?? b.model.name, table, other: describe(a), keyword: c.kind === 'primaryKey' ? 'PRIMARY KEY' : 'UNIQUE' },
            range: c.name?.range ?? c.range,
            related,
          });
          return;
        }
        // Removing a CREATE INDEX that only duplicates is safe, unless a later statement names the index.
        const st = b.source.statement;
        const edit: FixSpec = { title: `Remove the duplicate index "${b.model.name}"`, edits: [{ range: statementRemoval(text, st), newText: '' }] };
        const named = mentionedLater(ctx, st.end, b.model.name);
        ctx.report({
          messageId: 'duplicate',
          data: { name: b.model.name, table, other: describe(a) },
          range: label.range,
          related,
          ...(named ? { suggestions: [edit] } : { fix: edit }),
        });
      });
    }
  },
});
