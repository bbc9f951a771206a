import { tableKey, type ColumnModel } from '../model/schema.js';
import type { Statement } from '../parse/document.js';
import type { QualifiedName, TypeRef } from '../parse/facts.js';
import { defineRule, type RuleContext } from './types.js';
import { fileObjects } from './util/migration.js';

interface Options {
  utcSessionTimeZone: boolean;
}

type Type = Omit<TypeRef, 'range'>;

/** Time zone names whose UTC offset is always zero (what TimestampTimestampTzRequiresRewrite checks). */
const UTC_ZONES = /^(utc|etc\/utc|gmt|etc\/gmt|utc0|gmt0|etc\/gmt0|zulu|etc\/zulu|universal|etc\/universal|z|0)$/i;

// Timestamps, intervals: the first modifier is the fractional-seconds precision (absent = 6).
const MAX_TIMESTAMP_PRECISION = 6;

/**
 * True when PostgreSQL changes the type without rewriting the table: binary-coercible casts
 * (RelabelType) and the length/precision changes its typmod support functions declare no-ops
 * (varchar_support, numeric_support, varbit_support, timestamp_support, interval_support; see
 * ATColumnChangeRequiresRewrite in src/backend/commands/tablecmds.c and the ALTER TABLE notes:
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES).
 */
function binaryCompatible(from: Type, to: Type, o: Options, pg: number): boolean {
  if (from.schema || to.schema) return from.schema === to.schema && from.name === to.name && sameMods(from, to) && from.isArray === to.isArray;
  if (from.isArray || to.isArray) return from.isArray && to.isArray && from.name === to.name && sameMods(from, to);
  const f = from.name;
  const t = to.name;
  if (f === t && sameMods(from, to)) return true;
  switch (`${f}->${t}`) {
    case 'varchar->varchar':
    case 'varbit->varbit':
      // Removing the limit, or raising it.
      return to.mods.length === 0 || (from.mods.length > 0 && to.mods[0]! >= from.mods[0]!);
    case 'varchar->text':
    case 'cidr->inet':
      return true;
    case 'text->varchar':
      return to.mods.length === 0;
    case 'numeric->numeric': {
      if (to.mods.length === 0) return true;
      if (from.mods.length === 0) return false;
      const [p1, s1 = 0] = from.mods;
      const [p2, s2 = 0] = to.mods;
      return s1 === s2 && p2! >= p1!;
    }
    case 'timestamp->timestamp':
    case 'timestamptz->timestamptz':
      return to.mods.length === 0 || to.mods[0]! >= MAX_TIMESTAMP_PRECISION || (from.mods.length > 0 && to.mods[0]! >= from.mods[0]!);
    case 'interval->interval':
      return to.mods.length === 0;
    case 'timestamp->timestamptz':
    case 'timestamptz->timestamp':
      // Binary compatible only when the session time zone is UTC (PostgreSQL 12+), in both directions.
      return o.utcSessionTimeZone && pg >= 12 && (to.mods.length === 0 || (from.mods.length > 0 && to.mods[0]! >= from.mods[0]!));
    default:
      return false;
  }
}

function sameMods(a: Type, b: Type): boolean {
  return a.mods.length === b.mods.length && a.mods.every((m, i) => m === b.mods[i]);
}

/** USING that only restates the column (`col`, or `col::<the new type>`) changes nothing. */
function trivialUsing(using: string, column: string, newType: string): boolean {
  const norm = (x: string): string => x.replace(/\s+/g, '').toLowerCase();
  const u = norm(using);
  const c = column.toLowerCase();
  return [c, `"${c}"`].some((col) => u === col || u === `${col}::${norm(newType)}`);
}

/** The type of a column this file added, before `statement`, to a table the history never created (the model replays no ALTER TABLE of it). */
function addedInFile(ctx: RuleContext<Options>, statement: Statement, table: QualifiedName, column: string): Pick<ColumnModel, 'type'> | undefined {
  let found: Pick<ColumnModel, 'type'> | undefined;
  for (const { fact, statement: s } of ctx.facts('alterTable')) {
    if (s.index >= statement.index) break;
    if (tableKey(fact.table.schema, fact.table.name) !== tableKey(table.schema, table.name)) continue;
    for (const a of fact.actions) if (a.type === 'addColumn' && a.column.name.name === column) found = { type: a.column.type };
  }
  return found;
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
  },
  check(ctx) {
    const objects = fileObjects(ctx);
    const recreatedTypes = new Set(ctx.facts('createEnum').map(({ fact }) => tableKey(fact.name.schema, fact.name.name)));
    // SET timezone / SET TIME ZONE earlier in the file: the last one before a statement decides.
    const zones = ctx.facts('set').filter(({ fact }) => fact.name === 'timezone');
    const utcBefore = (index: number): boolean => {
      const last = zones.filter(({ statement }) => statement.index < index).at(-1);
      return !!last && UTC_ZONES.test((last.fact.value ?? '').trim());
    };
    for (const { fact, statement } of ctx.facts('alterTable')) {
      if (objects.isNewTable(statement, fact.table)) continue;
      for (const a of fact.actions) {
        // A column added earlier in this file is no exemption: the table's existing rows hold it
        // (NULL or its default), and a type change that is not binary compatible rewrites them all.
        if (a.type !== 'alterColumnType') continue;
        const data = { column: a.column.name, table: fact.table.name, to: a.newType.text };
        if (a.using && !trivialUsing(a.using.text, a.column.name, a.newType.text)) {
          ctx.report({ messageId: 'using', data, range: a.newType.range });
          continue;
        }
        const old: Pick<ColumnModel, 'type'> | undefined =
          ctx.modelAt(statement).table(fact.table.schema, fact.table.name)?.columns.get(a.column.name) ?? addedInFile(ctx, statement, fact.table, a.column.name);
        if (!old) {
          ctx.report({ messageId: 'unknownFrom', data, range: a.newType.range });
          continue;
        }
        // A type of the same name created in this file (the enum swap: rename the old enum, create
        // the new one, ALTER COLUMN … TYPE) is a different type: the column is converted and rewritten.
        const recreated = recreatedTypes.has(tableKey(a.newType.schema, a.newType.name));
        const options = { utcSessionTimeZone: ctx.options.utcSessionTimeZone || utcBefore(statement.index) };
        if (!recreated && binaryCompatible(old.type, a.newType, options, ctx.postgresVersion)) continue;
        ctx.report({ messageId: 'rewrite', data: { ...data, from: old.type.text }, range: a.newType.range });
      }
    }
  },
});
