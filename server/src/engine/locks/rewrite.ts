// When PostgreSQL rewrites a table: type changes that are not binary compatible, ADD COLUMN defaults
// it must compute per row. Moved here from the rules that used to know it each on their own.
import type { TypeRef } from '../parse/facts.js';

type Type = Omit<TypeRef, 'range'>;

/** Time zone names whose UTC offset is always zero (what TimestampTimestampTzRequiresRewrite checks). */
export const UTC_ZONES = /^(utc|etc\/utc|gmt|etc\/gmt|utc0|gmt0|etc\/gmt0|zulu|etc\/zulu|universal|etc\/universal|z|0)$/i;

// Timestamps, intervals: the first modifier is the fractional-seconds precision (absent = 6).
const MAX_TIMESTAMP_PRECISION = 6;

/**
 * True when PostgreSQL changes the type without rewriting the table: binary-coercible casts
 * (RelabelType) and the length/precision changes its typmod support functions declare no-ops
 * (varchar_support, numeric_support, varbit_support, timestamp_support, interval_support; see
 * ATColumnChangeRequiresRewrite in src/backend/commands/tablecmds.c and the ALTER TABLE notes:
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES).
 */
export function binaryCompatible(from: Type, to: Type, utcSessionTimeZone: boolean, pg: number): boolean {
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
      return utcSessionTimeZone && pg >= 12 && (to.mods.length === 0 || (from.mods.length > 0 && to.mods[0]! >= from.mods[0]!));
    default:
      return false;
  }
}

function sameMods(a: Type, b: Type): boolean {
  return a.mods.length === b.mods.length && a.mods.every((m, i) => m === b.mods[i]);
}

/** USING that only restates the column (`col`, or `col::<the new type>`) changes nothing. */
export function trivialUsing(using: string, column: string, newType: string): boolean {
  const norm = (x: string): string => x.replace(/\s+/g, '').toLowerCase();
  const u = norm(using);
  const c = column.toLowerCase();
  return [c, `"${c}"`].some((col) => u === col || u === `${col}::${norm(newType)}`);
}

// Built-in and common extension functions marked VOLATILE (pg_proc.provolatile = 'v'). now(),
// current_timestamp, statement_timestamp() and transaction_timestamp() are STABLE: since
// PostgreSQL 11 ADD COLUMN evaluates them once and stores the value in the catalog, no rewrite.
export const VOLATILE_FUNCTIONS: readonly string[] = [
  'random', 'random_normal', 'setseed', 'clock_timestamp', 'timeofday', 'nextval', 'currval', 'lastval', 'setval',
  'gen_random_uuid', 'uuidv4', 'uuidv7', 'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4', 'uuid_generate_v7',
  'gen_random_bytes', 'gen_salt', 'txid_current', 'txid_current_if_assigned', 'pg_current_xact_id', 'pg_current_xact_id_if_assigned',
  'pg_sleep', 'dblink',
];
