import { defineRule } from './types.js';
import { fileObjects } from './util/migration.js';

interface Options {
  utcSessionTimeZone: boolean;
}

export const unsafeColumnTypeChange = defineRule<Options>({
  id: 'unsafe-column-type-change',
  meta: {
    description: 'Disallow changing a column type on an existing table unless the change is binary compatible.',
    category: 'migration safety',
    defaultSeverity: 'warning',
    messages: {
      rewrite:
        'Changing column "{{column}}" of existing table "{{table}}" from {{from}} to {{to}} rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock: reads and writes wait for the whole rewrite. Add a new column with the new type, dual-write and backfill it in batches, switch reads, then drop the old column.',
      using:
        'Changing column "{{column}}" of existing table "{{table}}" with a USING expression rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock: reads and writes wait for the whole rewrite. Add a new column with the new type, dual-write and backfill it in batches, switch reads, then drop the old column.',
      unknownFrom:
        'Changing column "{{column}}" of existing table "{{table}}" to {{to}} rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock unless the change is binary compatible (e.g. raising a varchar limit), and the migration history does not show the column\'s current type. Check it; prefer adding a new column, backfilling it in batches and switching over.',
    },
    defaultOptions: { utcSessionTimeZone: false },
    schema: {
      type: 'object',
      properties: {
        utcSessionTimeZone: {
          type: 'boolean',
          description:
            'Migrations run with the session time zone set to UTC: timestamp → timestamptz is then binary compatible (PostgreSQL 12+) and not reported. Off by default, because with any other time zone the change rewrites the table; a SET timezone = \'UTC\' earlier in the file counts too.',
        },
      },
      additionalProperties: false,
    },
    fixable: false,
    hasSuggestions: false,
    readsLocks: true,
  },
  check(ctx) {
    // Whether a type change rewrites the table is the lock model's answer (locks/rewrite.ts); this
    // rule's utcSessionTimeZone option reaches it through the configuration.
    const objects = fileObjects(ctx);
    const locks = ctx.locks();
    for (const { fact, statement } of ctx.facts('alterTable')) {
      if (objects.isNewTable(statement, fact.table)) continue;
      const causes = locks.of(statement).relations.flatMap((r) => r.causes);
      for (const a of fact.actions) {
        // A column added earlier in this file is no exemption: the table's existing rows hold it
        // (NULL or its default), and a type change that is not binary compatible rewrites them all.
        if (a.type !== 'alterColumnType') continue;
        const rewrite = causes.find((c) => c.action === a)?.rewrite;
        const data = { column: a.column.name, table: fact.table.name, to: a.newType.text };
        const at = { range: a.newType.range, tableAtRisk: fact.table };
        if (rewrite?.kind === 'typeChangeUsing') ctx.report({ messageId: 'using', data, ...at });
        else if (rewrite?.kind === 'typeChangeUnknownFrom') ctx.report({ messageId: 'unknownFrom', data, ...at });
        else if (rewrite?.kind === 'typeChange') ctx.report({ messageId: 'rewrite', data: { ...data, from: rewrite.from }, ...at });
      }
    }
  },
});
