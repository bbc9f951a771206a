import type { ColumnDef } from '../parse/facts.js';
import { gatherHistory } from '../history-spans.js';
import { defineRule, type FixSpec, type HistoryFile } from './types.js';
import { pushTo } from './util/collections.js';
import { afterStatement, fileObjects } from './util/migration.js';

interface Options {
  volatileFunctions: string[];
}

export const volatileDefault = defineRule<Options>({
  id: 'volatile-default',
  meta: {
    description: 'Disallow adding a column to an existing table with a default that forces a table rewrite.',
    category: 'migration safety',
    defaultSeverity: 'warning',
    messages: {
      volatile:
        'Column "{{column}}" is added to existing table "{{table}}" with a volatile default ({{function}}()): PostgreSQL must compute it for every existing row, so it rewrites the whole table under an ACCESS EXCLUSIVE lock and reads and writes wait. Add the column without a default, set the default in a second statement (it then applies to new rows only), and backfill existing rows in batches.',
      serial:
        'Column "{{column}}" is added to existing table "{{table}}" as {{type}}: its nextval() default is volatile, so PostgreSQL rewrites the whole table under an ACCESS EXCLUSIVE lock to number the existing rows. Add a plain bigint column, attach a sequence default in a second statement, and backfill existing rows in batches.',
      identity:
        'Identity column "{{column}}" is added to existing table "{{table}}": PostgreSQL numbers every existing row, rewriting the whole table under an ACCESS EXCLUSIVE lock. Add a plain bigint column, backfill it in batches, then make it an identity column (ALTER COLUMN … ADD GENERATED … AS IDENTITY).',
      generated:
        'Stored generated column "{{column}}" is added to existing table "{{table}}": PostgreSQL computes it for every row, rewriting the whole table under an ACCESS EXCLUSIVE lock. Add a plain column, backfill it in batches and keep it up to date with a trigger, or use a virtual generated column (PostgreSQL 18).',
      beforeEleven:
        'Column "{{column}}" is added to existing table "{{table}}" with a default: before PostgreSQL 11 (postgresVersion is {{version}}) any non-null default rewrites the whole table under an ACCESS EXCLUSIVE lock. Add the column without a default, set the default in a second statement, and backfill existing rows in batches.',
    },
    defaultOptions: { volatileFunctions: [] },
    schema: {
      type: 'object',
      properties: {
        volatileFunctions: {
          type: 'array',
          items: { type: 'string' },
          description:
            'More function names (lower case) to treat as volatile, e.g. functions of your extensions. Functions created by the migration history are known: those not declared IMMUTABLE or STABLE are volatile.',
        },
      },
      additionalProperties: false,
    },
    fixable: false,
    hasSuggestions: true,
    readsLocks: true,
  },
  check(ctx) {
    // Whether ADD COLUMN rewrites the table is the lock model's answer (locks/analyze.ts); this rule's
    // volatileFunctions option reaches it through the configuration.
    const objects = fileObjects(ctx);
    const locks = ctx.locks();
    const text = ctx.file.parsed.text;
    for (const { fact, statement } of ctx.facts('alterTable')) {
      if (objects.isNewTable(statement, fact.table)) continue;
      const table = fact.table.name;
      const causes = locks.of(statement).relations.flatMap((r) => r.causes);
      for (const a of fact.actions) {
        if (a.type !== 'addColumn') continue;
        const c: ColumnDef = a.column;
        const data = { column: c.name.name, table };
        const rewrite = causes.find((x) => x.action === a)?.rewrite;
        if (rewrite?.kind === 'serialColumn') {
          ctx.report({ messageId: 'serial', data: { ...data, type: rewrite.type }, range: c.type.range, tableAtRisk: fact.table });
          continue;
        }
        if (rewrite?.kind === 'identityColumn') {
          ctx.report({ messageId: 'identity', data, range: c.range, tableAtRisk: fact.table });
          continue;
        }
        if (rewrite?.kind === 'storedGeneratedColumn') {
          ctx.report({ messageId: 'generated', data, range: c.range, tableAtRisk: fact.table });
          continue;
        }
        if (!c.default || c.default.isNull) continue;
        const suggestion = (): FixSpec[] => {
          // Only a nullable column can be added without its default; existing rows then stay NULL.
          if (c.notNull) return [];
          let start = c.default!.range.start;
          // Remove "DEFAULT <expr>" with the blank before it.
          const before = text.slice(0, start);
          const m = /\s+DEFAULT\s+$/i.exec(before);
          if (!m) return [];
          start -= m[0].length;
          const tableSql = text.slice(fact.table.range.start, fact.table.range.end);
          const set = `ALTER TABLE ${tableSql} ALTER COLUMN ${text.slice(c.name.range.start, c.name.range.end)} SET DEFAULT ${c.default!.text};`;
          return [
            {
              title: 'Add the column without a default and set the default in a second statement (existing rows stay NULL: backfill them in batches)',
              edits: [{ range: { start, end: c.default!.range.end }, newText: '' }, afterStatement(text, statement, set)],
            },
          ];
        };
        const at = { range: c.default.range, tableAtRisk: fact.table };
        if (rewrite?.kind === 'defaultBeforePg11') ctx.report({ messageId: 'beforeEleven', data: { ...data, version: rewrite.version }, ...at, suggestions: suggestion() });
        else if (rewrite?.kind === 'volatileDefault') ctx.report({ messageId: 'volatile', data: { ...data, function: rewrite.function }, ...at, suggestions: suggestion() });
      }
    }
  },
});
