// Whose naming conventions a file follows. Hand-written SQL follows the seed's (snake_case, is_
// booleans, _at timestamps, idx_/fk_/chk_ names); a schema Prisma writes follows Prisma's, by design:
// quoted PascalCase model tables, camelCase field columns, `_AToB` tables for implicit many-to-many
// relations with columns "A" and "B", and PostgreSQL-style key and index names written out in full
// (`User_pkey`, `User_email_key`, `Post_authorId_fkey`, `Post_authorId_idx`). Sources:
// https://www.prisma.io/docs/orm/prisma-schema/data-model/database-mapping (model and field names,
// "Prisma ORM's default naming convention" for constraints and indexes) and
// https://www.prisma.io/docs/orm/prisma-schema/data-model/relations/many-to-many-relations
// ("conventions for relation tables in implicit m-n relations").
import type { SchemaModel } from '../../model/schema.js';
import type { JsonSchemaProperty, RuleContext } from '../types.js';
import { isSnakeCase, toSnakeCase } from './shared.js';

export type NamingPreset = 'prisma' | 'sql';
export type PresetSetting = 'auto' | NamingPreset;

/** The `preset` option every naming rule has; its docs page says what the Prisma preset means for that rule. */
export const PRESET_OPTION: JsonSchemaProperty = {
  type: 'string',
  enum: ['auto', 'prisma', 'sql'],
  description:
    'Whose naming conventions to check: "sql" (hand-written SQL: the seed\'s conventions), "prisma" (the names Prisma Migrate writes), or "auto" (default): Prisma\'s in files Prisma Migrate runs (as the migration-tool model detects it), the seed\'s elsewhere.',
};

/** The conventions the file being linted follows: the rule's `preset` option, or its migration tool's. */
export function presetOf(ctx: RuleContext<{ preset?: PresetSetting }>): NamingPreset {
  const p = ctx.options.preset ?? 'auto';
  if (p !== 'auto') return p;
  return ctx.file.run.tool === 'prisma' ? 'prisma' : 'sql';
}

// ---- case ---------------------------------------------------------------------------------------

/** A lower-case first letter, then letters and digits (firstName, userID, id). */
export function isCamelCase(name: string): boolean {
  return /^\p{Ll}[\p{L}\p{Nd}]*$/u.test(name);
}

/** An upper-case first letter, then letters and digits (User, OrderItem, APIKey). */
export function isPascalCase(name: string): boolean {
  return /^\p{Lu}[\p{L}\p{Nd}]*$/u.test(name);
}

/** first_name -> firstName, "Order Items" -> orderItems; a leading underscore is kept. */
export function toCamelCase(name: string): string {
  const lead = /^_*/.exec(name)![0];
  const parts = toSnakeCase(name).slice(lead.length).split('_').filter(Boolean);
  return lead + parts.map((p, i) => (i === 0 ? p : p[0]!.toUpperCase() + p.slice(1))).join('');
}

/** order_items -> OrderItems. */
export function toPascalCase(name: string): string {
  return toSnakeCase(name)
    .split('_')
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
}

/**
 * Columns of this name are written in camelCase: Prisma's fields, unless the column is snake_case
 * already (mapped with @map, or written by hand into a Prisma migration).
 */
function camelColumn(preset: NamingPreset, original: string): boolean {
  return preset === 'prisma' && !(original.includes('_') && isSnakeCase(original));
}

/** A snake_case column name written as the preset writes the column `original` (created_at, or createdAt). */
export function columnName(snake: string, preset: NamingPreset, original: string): string {
  return camelColumn(preset, original) ? toCamelCase(snake) : snake;
}

/** A column name's prefix or suffix as the preset writes the column `original`: _at -> At, is_ -> is. */
export function affix(text: string, preset: NamingPreset, original: string): string {
  if (!camelColumn(preset, original)) return text;
  const camel = toCamelCase(text.replace(/^_+|_+$/g, ''));
  return text.startsWith('_') ? camel[0]!.toUpperCase() + camel.slice(1) : camel;
}

// ---- Prisma's implicit many-to-many tables ------------------------------------------------------

/**
 * The relation table of an implicit m-n relation: `_` and the relation's name (`_CategoryToPost`, or
 * the name given in @relation), with exactly the columns "A" and "B".
 */
export function isPrismaRelationTable(name: string, columns: Iterable<string>): boolean {
  if (!/^_[\p{L}\p{Nd}]+$/u.test(name)) return false;
  const cs = [...columns].sort();
  return cs.length === 2 && cs[0] === 'A' && cs[1] === 'B';
}

/** The column "A" or "B" of a relation table (Prisma names them so). */
export function isPrismaRelationColumn(table: string, column: string, model: SchemaModel, schema?: string): boolean {
  if (column !== 'A' && column !== 'B') return false;
  const t = model.table(schema, table);
  return /^_[\p{L}\p{Nd}]+$/u.test(table) && (!t || isPrismaRelationTable(table, t.columns.keys()));
}

// ---- the history's column style -----------------------------------------------------------------

export type ColumnStyle = 'snake_case' | 'camelCase';

/** The style a column name shows: undefined when it fits both (one lower-case word) or neither. */
export function columnStyleOf(name: string): ColumnStyle | undefined {
  const snake = isSnakeCase(name);
  const camel = isCamelCase(name);
  if (snake && camel) return undefined;
  return snake ? 'snake_case' : camel ? 'camelCase' : undefined;
}

export interface DominantStyle {
  style: ColumnStyle;
  count: number;
  total: number;
}

const dominantCache = new WeakMap<SchemaModel, DominantStyle>();

/**
 * The column style most of the final schema's columns show (one-word names count for neither);
 * snake_case, the seed's, when they are even. Counted once per final model.
 */
export function dominantColumnStyle(final: SchemaModel): DominantStyle {
  const hit = dominantCache.get(final);
  if (hit) return hit;
  let snake = 0;
  let camel = 0;
  for (const t of final.tables.values())
    for (const c of t.columns.keys()) {
      const s = columnStyleOf(c);
      if (s === 'snake_case') snake++;
      else if (s === 'camelCase') camel++;
    }
  const out: DominantStyle = camel > snake ? { style: 'camelCase', count: camel, total: snake + camel } : { style: 'snake_case', count: snake, total: snake + camel };
  dominantCache.set(final, out);
  return out;
}

// ---- Prisma's boolean habit ---------------------------------------------------------------------

/** Past participles that do not end in -ed. */
const IRREGULAR_PARTICIPLES = new Set([
  'hidden', 'done', 'undone', 'shown', 'seen', 'unseen', 'known', 'unknown', 'given', 'taken', 'written', 'broken', 'frozen', 'chosen',
  'overridden', 'forgotten', 'sent', 'built', 'paid', 'unpaid', 'held', 'kept', 'lost', 'made', 'bound', 'found', 'drawn', 'spent', 'shut', 'won', 'begun',
]);
/** Adjectives that name a state and do not end in a telling suffix. */
const STATE_ADJECTIVES = new Set([
  'active', 'ready', 'private', 'public', 'internal', 'external', 'manual', 'automatic', 'optional', 'global', 'default', 'primary', 'open', 'live',
  'online', 'offline', 'dirty', 'stale', 'valid', 'invalid', 'latest', 'current', 'pending', 'stable', 'free', 'empty', 'unique', 'local', 'remote',
  'secure', 'safe', 'temporary', 'permanent', 'urgent', 'silent', 'mandatory', 'complete', 'incomplete', 'final', 'due', 'busy', 'idle', 'beta',
  'experimental', 'official', 'anonymous', 'verified', 'premium', 'exclusive', 'dry', 'muted', 'blocked',
]);
/** Nouns ending in -ed, which are no participles. */
const ED_NOUNS = new Set(['feed', 'seed', 'need', 'speed', 'bed', 'embed', 'shed', 'hundred', 'breed', 'deed', 'weed', 'reed', 'thread', 'bread', 'head', 'red']);

/**
 * The name's last word names a state, the way Prisma's own schemas name booleans (`published
 * Boolean`, `active`, `emailVerified`, `previewDeploymentsEnabled`): a past participle or an
 * adjective. Judged on the snake_case form.
 */
export function namesAState(snake: string): boolean {
  const last = snake.split('_').filter(Boolean).at(-1) ?? '';
  if (IRREGULAR_PARTICIPLES.has(last) || STATE_ADJECTIVES.has(last)) return true;
  if (last.length >= 4 && last.endsWith('ed') && !last.endsWith('eed') && !ED_NOUNS.has(last)) return true;
  return last.length >= 6 && /(able|ible|ive|ful|less|ous)$/.test(last);
}

/**
 * The name is a question with its verb inside (`output_is_error`, `user_has_access`): it reads as
 * yes/no as well as one that starts with the verb does.
 */
export function asksInside(snake: string, prefixes: readonly string[]): boolean {
  const words = prefixes.map((p) => p.replace(/^_+|_+$/g, '')).filter(Boolean);
  return snake.split('_').slice(1, -1).some((w) => words.includes(w));
}
