import { defineRule, type FixSpec } from './types.js';
import { mentionedLater } from './util/history.js';
import { indexLabel, isDuplicate, isPrefixOf, tablesIndexedIn, type IndexInfo } from './util/indexes.js';
import { statementRemoval } from './util/migration.js';

function describe(info: IndexInfo): string {
  const c = info.source?.constraint;
  if (c) return `the index of ${c.kind === 'primaryKey' ? 'primary key' : 'unique constraint'} "${info.model.constraint ?? info.model.name}"`;
  return `index "${info.model.name}"`;
}

function columnsText(info: IndexInfo): string {
  return (info.elements ?? []).map((e) => e.key.slice(2)).join(', ');
}

export const redundantIndex = defineRule<Record<string, never>>({
  id: 'redundant-index',
  meta: {
    description: 'Disallow a non-unique index whose columns are a leading prefix of another index on the same table.',
    category: 'indexing',
    defaultSeverity: 'warning',
    messages: {
      redundant:
        'Index "{{name}}" on "{{table}}" ({{columns}}) is redundant: {{other}} ({{otherColumns}}) starts with the same columns and the same predicate, so it serves every lookup, range scan and sort this one serves. Each extra index slows every INSERT and UPDATE and takes space; drop this one.',
      makesRedundant:
        '{{this}} on "{{table}}" ({{columns}}) starts with the columns of existing index "{{name}}" ({{otherColumns}}), which becomes redundant: it serves nothing this index does not, but every INSERT and UPDATE still maintains it. Drop "{{name}}" (DROP INDEX CONCURRENTLY in its own migration).',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: true,
  },
  check(ctx) {
    if (ctx.file.isDown) return;
    const text = ctx.file.parsed.text;
    for (const list of tablesIndexedIn(ctx.final, ctx.history, ctx.file.path)) {
      if (list.length < 2) continue;
      const reported = new Set<IndexInfo>();
      list.forEach((later, j) => {
        if (later.model.origin.file !== ctx.file.path) return;
        for (const earlier of list.slice(0, j)) {
          for (const [a, b] of [
            [earlier, later],
            [later, earlier],
          ] as const) {
            // Identical indexes are duplicate-index's.
            if (reported.has(a) || !isPrefixOf(a, b) || isDuplicate(a, b)) continue;
            reported.add(a);
            const table = a.model.table.split('.').slice(1).join('.');
            if (a === later) {
              const st = a.source!.statement;
              const suggestions: FixSpec[] = a.source?.index
                ? [{ title: `Remove the redundant index "${a.model.name}"`, edits: [{ range: statementRemoval(text, st), newText: '' }] }]
                : [];
              // A later statement naming the index would fail without it.
              if (mentionedLater(ctx, st.end, a.model.name)) suggestions.length = 0;
              ctx.report({
                messageId: 'redundant',
                data: { name: a.model.name, table, columns: columnsText(a), other: describe(b), otherColumns: columnsText(b) },
                range: indexLabel(a).range,
                related: [{ file: b.model.origin.file, range: indexLabel(b).range, message: `${describe(b)} is defined here` }],
                suggestions,
              });
            } else {
              const d = describe(b);
              ctx.report({
                messageId: 'makesRedundant',
                data: { this: d.charAt(0).toUpperCase() + d.slice(1), name: a.model.name, table, columns: columnsText(b), otherColumns: columnsText(a) },
                range: indexLabel(b).range,
                related: [{ file: a.model.origin.file, range: indexLabel(a).range, message: `index "${a.model.name}" is defined here` }],
              });
            }
          }
        }
      });
    }
  },
});
