import { definitionsIn } from '../model/origins.js';
import { defineRule } from './types.js';
import { attachedTo, doBlockTouches } from './util/history.js';

export const requirePrimaryKey = defineRule<Record<string, never>>({
  id: 'require-primary-key',
  meta: {
    description: 'Require every table to have a primary key.',
    category: 'schema design',
    defaultSeverity: 'warning',
    messages: {
      missing:
        'Table "{{table}}" has no primary key, here or in any later migration: rows cannot be addressed one by one, so duplicates creep in and cannot be cleaned up safely, logical replication cannot replicate its UPDATEs and DELETEs, and ORMs and tools that need a key refuse it. Add a primary key (e.g. id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, or the natural key columns).',
      uniqueNotNull:
        'Table "{{table}}" has no primary key, only a unique index on NOT NULL column(s) ({{columns}}): that identifies rows too, but logical replication (without REPLICA IDENTITY USING INDEX), ORMs and tools look for a primary key. Declare those columns the PRIMARY KEY instead (ALTER TABLE … ADD PRIMARY KEY USING INDEX turns the unique index into one).',
    },
    defaultOptions: {},
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: false,
  },
  check(ctx) {
    if (ctx.file.isDown) return;
    const tables = definitionsIn(ctx.final, ctx.file.path).tables;
    if (!tables.length) return;
    const temporary = new Set<number>();
    for (const { fact } of ctx.facts('createTable')) if (fact.temporary) temporary.add(fact.table.nameRange.start);
    for (const t of tables) {
      // Partitions get their key from the partitioned table; temporary tables live for one session.
      if (t.partitionOf || attachedTo(ctx.history, t.key) || temporary.has(t.origin.range.start)) continue;
      if (t.constraints.some((c) => c.kind === 'primaryKey')) continue;
      // A DO block that alters the table may have added the key (IF NOT EXISTS … ADD PRIMARY KEY).
      if (doBlockTouches(ctx.history, t.name, /\balter\s+table\b/i)) continue;
      const unique = ctx.final
        .indexesOf(t.key)
        .find((ix) => ix.unique && ix.where === undefined && ix.columns.length > 0 && ix.columns.every((n) => n !== undefined && t.columns.get(n)?.notNull));
      ctx.report(
        unique
          ? { messageId: 'uniqueNotNull', data: { table: t.name, columns: unique.columns.join(', ') }, range: t.origin.range }
          : { messageId: 'missing', data: { table: t.name }, range: t.origin.range },
      );
    }
  },
});
