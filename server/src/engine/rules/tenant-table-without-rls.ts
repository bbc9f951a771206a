import { definitionsIn } from '../model/origins.js';
import { DEFAULT_SCHEMA, tableKey, type TableModel } from '../model/schema.js';
import { defineRule } from './types.js';
import { attachedTo, doBlockTouches } from './util/history.js';
import { quoteIdent } from './util/migration.js';

interface Options {
  columns: string[];
}

/** snake_case form of a column name, so that "organizationId" (Prisma) matches organization_id. */
function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

export const tenantTableWithoutRls = defineRule<Options>({
  id: 'tenant-table-without-rls',
  meta: {
    description: 'Require row level security on tables that hold a tenant column.',
    category: 'security',
    defaultSeverity: 'warning',
    messages: {
      noRls:
        'Table "{{table}}" holds per-tenant rows (column "{{column}}") but no migration enables row level security on it: one query that forgets its WHERE {{columnSql}} = … filter returns or changes every tenant\'s data. Run ALTER TABLE {{tableSql}} ENABLE ROW LEVEL SECURITY and add a policy such as USING ({{columnSql}} = current_setting(\'app.tenant_id\')::{{type}}).',
    },
    defaultOptions: { columns: ['tenant_id', 'organization_id'] },
    schema: {
      type: 'object',
      properties: {
        columns: {
          type: 'array',
          items: { type: 'string' },
          description: 'Column names that mark a table as multi-tenant (compared in snake_case, so organizationId matches organization_id).',
        },
      },
      additionalProperties: false,
    },
    fixable: false,
    hasSuggestions: false,
  },
  check(ctx) {
    if (ctx.file.isDown) return;
    const wanted = new Set(ctx.options.columns.map(snake));
    const temporary = new Set(ctx.facts('createTable').filter(({ fact }) => fact.temporary).map(({ fact }) => tableKey(fact.table.schema, fact.table.name)));
    const reported = new Set<number>();
    const seen = new Set<TableModel>();
    // The final schema's tables that hold a tenant column this file defined, in table order.
    for (const { table: t, column: defined } of definitionsIn(ctx.final, ctx.file.path).columns) {
      if (!wanted.has(snake(defined.name))) continue;
      if (seen.has(t)) continue;
      seen.add(t);
      // Partitions are reached through their parent, whose policies apply; a temporary table is one session's.
      if (t.rowLevelSecurity || t.partitionOf || attachedTo(ctx.history, t.key)) continue;
      // Reported where the tenant column was defined: in the CREATE TABLE or the ADD COLUMN.
      const column = [...t.columns.values()].find((c) => c.origin.file === ctx.file.path && wanted.has(snake(c.name)));
      // A table copied with LIKE shares the source's column origins: one finding per column.
      if (!column || temporary.has(t.key) || reported.has(column.origin.range.start)) continue;
      // A DO block may enable it (guarded by a catalog check), out of the model's sight.
      if (doBlockTouches(ctx.history, t.name, /\brow\s+level\s+security\b/i)) continue;
      reported.add(column.origin.range.start);
      // The SQL in the message must run as written: quoted names ("Workspace", "organizationId") and the column's own type.
      const tableSql = (t.schema === DEFAULT_SCHEMA ? '' : quoteIdent(t.schema) + '.') + quoteIdent(t.name);
      const type = column.type.text.trim() || column.type.name;
      ctx.report({ messageId: 'noRls', data: { table: t.name, column: column.name, tableSql, columnSql: quoteIdent(column.name), type }, range: column.origin.range });
    }
  },
});
