// Shared by the naming-* rules: snake_case, English inflection of table names, identifier quoting
// and length, "was this name introduced by an earlier migration", and the rename edits that decide
// between a safe fix and a suggestion.
import pluralize from 'pluralize';
import { generatedName } from '../../model/names.js';
import type { Range } from '../../parse/positions.js';
import type { FixSpec, HistoryFile, RuleContext, TextEdit } from '../types.js';
import { gatherHistory } from '../../history-spans.js';
import { downFilesWithWord, filesWithWordAfter, firstDownFileWithWord, firstFileWithWordAfter, isWord, keyWord, occurrencesIn } from '../util/words.js';

export { occurrences, occurrencesIn } from '../util/words.js';

/** PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes. */
export const MAX_IDENTIFIER_BYTES = 63;

// ---- case ---------------------------------------------------------------------------------------

/** Lower-case letters, digits and underscores, with at least one letter; a leading underscore is allowed (_prisma_migrations). */
export function isSnakeCase(name: string): boolean {
  // Scripts without case (Arabic, CJK, …) have nothing to fold: their letters count as lower case.
  return /^[\p{Ll}\p{Lo}_][\p{Ll}\p{Lo}\p{Nd}_]*$/u.test(name) && /[\p{Ll}\p{Lo}]/u.test(name);
}

/** firstName -> first_name, OrderHeaders -> order_headers, HTTPRequests -> http_requests, userIDs -> user_ids, "Order Items" -> order_items. */
const snakeCache = new Map<string, string>();

/** Naming rules ask for the same names over and over (every rule, every reference): remembered. */
export function toSnakeCase(name: string): string {
  let hit = snakeCache.get(name);
  if (hit === undefined) {
    if (snakeCache.size >= 100_000) snakeCache.clear();
    hit = computeSnakeCase(name);
    snakeCache.set(name, hit);
  }
  return hit;
}

function computeSnakeCase(name: string): string {
  const lead = /^_*/.exec(name)![0];
  const s = name
    .slice(lead.length)
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    // An acronym followed by a word (HTTPRequest), but not a plural acronym (URLs, IDs).
    .replace(/([A-Z]+)([A-Z](?:[a-z]{2,}|[a-rt-z]))/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^_+|_+$/g, '');
  return lead + s;
}

/** The words of a name, for message text and checks that compare words (snake_case or camelCase). */
export function words(name: string): string[] {
  return toSnakeCase(name).split('_').filter(Boolean);
}

// ---- inflection ---------------------------------------------------------------------------------

/** Words that are the same in singular and plural, which `pluralize` gets wrong or does not know. */
const INVARIANT = new Set([
  'data', 'metadata', 'media', 'news', 'series', 'species', 'chaos', 'means', 'kudos',
  // Formats and languages, mass nouns in table names (previously_run_sql, events_json).
  'sql', 'ddl', 'dml', 'html', 'json', 'jsonb', 'xml', 'yaml',
  // Acronyms that end in s.
  'sms', 'mms', 'gps', 'dns', 'os', 'ios', 'cms', 'aws', 'tos', 'rss', 'css', 'ms', 'ses', 'sns', 'sqs', 'kms', 'iops', 'https',
]);
/** Singular words `pluralize` takes for plurals (or for neither). */
const SINGULAR = new Set(['canvas', 'lens', 'bias', 'basis', 'axis', 'oasis', 'ellipsis', 'iris', 'atlas', 'alias', 'gas']);
/** Plural words `pluralize` takes for singulars. */
const PLURAL = new Set(['skus', 'gurus', 'haikus', 'tutus', 'emus', 'uris', 'taxis']);
const PLURAL_OF: Record<string, string> = {
  schema: 'schemas',
  virus: 'viruses',
  canvas: 'canvases',
  lens: 'lenses',
  bias: 'biases',
  index: 'indexes',
  matrix: 'matrices',
  sku: 'skus',
  uri: 'uris',
  taxi: 'taxis',
};
const SINGULAR_OF: Record<string, string> = {
  caches: 'cache',
  niches: 'niche',
  cliches: 'cliche',
  headaches: 'headache',
  cookies: 'cookie',
  calories: 'calorie',
  canvases: 'canvas',
  biases: 'bias',
  lenses: 'lens',
  oases: 'oasis',
  skus: 'sku',
  gurus: 'guru',
  haikus: 'haiku',
  uris: 'uri',
  taxis: 'taxi',
  indexes: 'index',
};
/** Trailing words that qualify a table rather than name it: users_old, events_2026, orders_v2. */
const QUALIFIER = /^(old|new|tmp|temp|bak|backup|copy|legacy|staging|archived|deprecated|default|fast|v\d+|\d+)$/;
/** Nouns ending in -ed that are not participles. */
const ED_NOUNS = new Set(['hundred', 'embed', 'kindred', 'shed', 'sled', 'sped', 'bred', 'fled', 'bled']);

export type PluralStyle = 'plural' | 'singular' | 'any';

/** The word of a table name that carries its number, and where it is: the last word, skipping qualifiers and participles (search_combined). */
function numberWord(name: string): { parts: string[]; index: number; stem: string; digits: string } | undefined {
  const parts = name.split('_');
  let candidate = -1;
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i]!;
    if (!/[a-z]/.test(p)) continue;
    const earlier = parts.slice(0, i).some((x) => /[a-z]/.test(x));
    const participle = p.length >= 4 && p.endsWith('ed') && !p.endsWith('eed') && !ED_NOUNS.has(p);
    if (earlier && (QUALIFIER.test(p) || participle)) continue;
    candidate = i;
    break;
  }
  if (candidate < 0) return undefined;
  const m = /^([a-z]+)(\d*)$/.exec(parts[candidate]!);
  // One-letter words (t, t1) and words with inner digits (oauth2x) are not English: no judgement.
  if (!m || m[1]!.length < 2) return undefined;
  return { parts, index: candidate, stem: m[1]!, digits: m[2]! };
}

function isPluralWord(w: string, uncountable: ReadonlySet<string>): boolean {
  if (INVARIANT.has(w) || uncountable.has(w) || PLURAL.has(w)) return true;
  if (SINGULAR.has(w)) return false;
  return pluralize.isPlural(w);
}

function isSingularWord(w: string, uncountable: ReadonlySet<string>): boolean {
  if (INVARIANT.has(w) || uncountable.has(w) || SINGULAR.has(w)) return true;
  if (PLURAL.has(w)) return false;
  return pluralize.isSingular(w);
}

export function pluralOf(w: string): string {
  return PLURAL_OF[w] ?? pluralize.plural(w);
}

export function singularOf(w: string): string {
  return SINGULAR_OF[w] ?? pluralize.singular(w);
}

/**
 * Checks the grammatical number of a snake_case table name. Only the word that carries the number is
 * inflected (order_item -> order_items, person -> people); returns the name in the wanted style when it
 * is not already in it.
 */
export function checkNumber(name: string, style: PluralStyle, uncountable: ReadonlySet<string>): { word: string; suggestion: string } | undefined {
  if (style === 'any') return undefined;
  const nw = numberWord(name);
  if (!nw) return undefined;
  const { parts, index, stem, digits } = nw;
  const ok = style === 'plural' ? isPluralWord(stem, uncountable) : isSingularWord(stem, uncountable);
  if (ok) return undefined;
  const inflected = style === 'plural' ? pluralOf(stem) : singularOf(stem);
  if (inflected === stem) return undefined;
  const out = [...parts];
  out[index] = inflected + digits;
  return { word: parts[index]!, suggestion: out.join('_') };
}

/** The singular of a (snake_case) table name: only the last word is inflected (order_items -> order_item). */
export function singularTableName(name: string): string {
  const snake = toSnakeCase(name);
  const nw = numberWord(snake);
  if (!nw) return snake;
  const { parts, index, stem, digits } = nw;
  if (INVARIANT.has(stem) || SINGULAR.has(stem)) return snake;
  const out = [...parts];
  out[index] = singularOf(stem) + digits;
  return out.join('_');
}

// ---- identifiers --------------------------------------------------------------------------------

// PostgreSQL's reserved and type/function-name keywords (Appendix C): these need quotes as column names.
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column ' +
    'concurrently constraint create cross current_catalog current_date current_role current_schema current_time current_timestamp ' +
    'current_user default deferrable desc distinct do else end except false fetch for foreign freeze from full grant group having ' +
    'ilike in initially inner intersect into is isnull join lateral leading left like limit localtime localtimestamp natural not ' +
    'notnull null offset on only or order outer overlaps placing primary references returning right select session_user similar ' +
    'some symmetric system_user table tablesample then to trailing true union unique user using variadic verbose when where window with'
  ).split(' '),
);

/** The name as SQL: bare when PostgreSQL would read it back unchanged, double-quoted otherwise. */
export function sqlIdent(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name)) return name;
  return '"' + name.replace(/"/g, '""') + '"';
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Cuts a name to PostgreSQL's identifier length (63 bytes), never inside a character, without a trailing underscore. */
export function truncateIdentifier(name: string): string {
  if (byteLength(name) <= MAX_IDENTIFIER_BYTES) return name;
  let out = '';
  for (const ch of name) {
    if (byteLength(out + ch) > MAX_IDENTIFIER_BYTES) break;
    out += ch;
  }
  return out.replace(/_+$/, '');
}

/** `<prefix><table>_<rest>`, shortened to 63 bytes by cutting the rest first and the table part next, as PostgreSQL does for its own names. */
export function composeName(prefix: string, table: string, rest: string[]): string {
  const tail = rest.filter(Boolean).join('_');
  if (!tail) return truncateIdentifier(prefix + table);
  const budget = MAX_IDENTIFIER_BYTES - byteLength(prefix) - 1;
  let t = table;
  let r = tail;
  while (byteLength(t) + byteLength(r) > budget && (t.length > 1 || r.length > 1)) {
    if (byteLength(r) >= byteLength(t) && r.length > 1) r = r.slice(0, -1);
    else t = t.slice(0, -1);
  }
  return prefix + t.replace(/_+$/, '') + '_' + r.replace(/_+$/, '');
}

/** The forms of a table name accepted inside index and constraint names: as stored, lower-cased and snake_case. */
export function tableForms(table: string): string[] {
  return [...new Set([table, table.toLowerCase(), toSnakeCase(table)])];
}

/** Does `name` start with `<prefix><table>_` for one of the prefixes and table forms? Also true when that start alone would not fit in 63 bytes and the name starts with the prefix. */
export function hasTablePrefix(name: string, prefixes: readonly string[], table: string, exact = false): boolean {
  for (const p of prefixes)
    for (const t of tableForms(table)) {
      const head = p + t;
      if (exact && name === head) return true;
      if (name.startsWith(head + '_') && name.length > head.length + 1) return true;
      if (byteLength(head) + 2 > MAX_IDENTIFIER_BYTES && name.startsWith(p)) return true;
    }
  return false;
}

/** A name PostgreSQL itself would give (<table>_<columns>_<suffix>, possibly with a digit for collisions), written out as pg_dump does. */
export function isPostgresDefaultName(name: string, table: string, columns: string[], suffix: string): boolean {
  if (name === generatedName(table, columns, suffix)) return true;
  const forms = tableForms(table);
  // A name written longer than 63 bytes is cut by PostgreSQL, suffix and all (Prisma writes such names).
  if (byteLength(name) >= MAX_IDENTIFIER_BYTES && forms.some((t) => name.startsWith(t + '_'))) return true;
  if (!new RegExp(`_${suffix}\\d*$`).test(name)) return false;
  return forms.some((t) => {
    if (name.startsWith(t + '_')) return true;
    // PostgreSQL shortens the table part of a long generated name.
    if (byteLength(name) < MAX_IDENTIFIER_BYTES - 8) return false;
    for (let k = t.length - 1; k >= Math.min(t.length, 8); k--) if (name.startsWith(t.slice(0, k) + '_')) return true;
    return false;
  });
}

export function compileIgnore(patterns: readonly string[] | undefined): (name: string) => boolean {
  const res: RegExp[] = [];
  for (const p of patterns ?? []) {
    try {
      res.push(new RegExp(p));
    } catch {
      // An invalid pattern matches nothing; loading the config file rejects it (config.ts), so only a caller that bypasses it gets here.
    }
  }
  return (name) => res.some((r) => r.test(name));
}

export function list(xs: readonly string[]): string {
  const q = xs.map((x) => `"${x}"`);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

// ---- earlier migrations -------------------------------------------------------------------------

interface Introductions {
  /** schema.table -> index of the first file that created (or renamed something to) it. */
  tables: Map<string, number>;
  /** table.column */
  columns: Map<string, number>;
  /** schema.index */
  indexes: Map<string, number>;
  /** table.constraint */
  constraints: Map<string, number>;
  /** schema.table of tables attached as partitions (ALTER TABLE … ATTACH PARTITION, as pg_dump writes them). */
  partitions: Set<string>;
}

/** Where each name first appears in the files (up migrations only). */
function gatherIntroductions(files: readonly HistoryFile[]): Introductions {
  const intro: Introductions = { tables: new Map(), columns: new Map(), indexes: new Map(), constraints: new Map(), partitions: new Set() };
  const note = (m: Map<string, number>, key: string, i: number): void => {
    if (!m.has(key)) m.set(key, i);
  };
  for (const file of files) {
    if (file.isDown) continue;
    const i = file.index;
    for (const s of file.parsed.statements)
      for (const f of s.facts) {
        if (f.kind === 'createTable') {
          note(intro.tables, qualified(f.table.schema, f.table.name), i);
          for (const c of f.columns) note(intro.columns, `${f.table.name}.${c.name.name}`, i);
          for (const c of f.constraints) if (c.name) note(intro.constraints, `${f.table.name}.${c.name.name}`, i);
        } else if (f.kind === 'alterTable') {
          for (const a of f.actions) {
            if (a.type === 'addColumn') {
              note(intro.columns, `${f.table.name}.${a.column.name.name}`, i);
              for (const c of a.constraints) if (c.name) note(intro.constraints, `${f.table.name}.${c.name.name}`, i);
            } else if (a.type === 'addConstraint' && a.constraint.name) note(intro.constraints, `${f.table.name}.${a.constraint.name.name}`, i);
            else if (a.type === 'attachPartition') intro.partitions.add(qualified(a.partition.schema ?? f.table.schema, a.partition.name));
          }
        } else if (f.kind === 'createIndex' && f.name) note(intro.indexes, qualified(f.table.schema, f.name.name), i);
        else if (f.kind === 'rename') {
          if (f.objectKind === 'table') note(intro.tables, qualified(f.target.schema, f.to.name), i);
          else if (f.objectKind === 'column') note(intro.columns, `${f.target.name}.${f.to.name}`, i);
          else if (f.objectKind === 'index') note(intro.indexes, qualified(f.target.schema, f.to.name), i);
          else if (f.objectKind === 'constraint') note(intro.constraints, `${f.target.name}.${f.to.name}`, i);
        }
      }
  }
  return intro;
}

type IntroducedKind = 'tables' | 'columns' | 'indexes' | 'constraints';

/**
 * The history position of the (up) migration that first introduced a name. A name is checked where
 * it is introduced; a migration that drops and re-creates a table, column, index or constraint under
 * the same name is not reported again.
 */
export function firstIntroduced(history: readonly HistoryFile[], kind: IntroducedKind, key: string): number | undefined {
  for (const intro of gatherHistory(history, gatherIntroductions)) {
    const first = intro[kind].get(key);
    if (first !== undefined) return first;
  }
  return undefined;
}

/** The history attaches the table (schema.table) as a partition somewhere. */
export function isAttachedPartition(history: readonly HistoryFile[], key: string): boolean {
  return gatherHistory(history, gatherIntroductions).some((intro) => intro.partitions.has(key));
}

export function qualified(schema: string | undefined, name: string): string {
  return `${schema ?? 'public'}.${name}`;
}

/** The name was introduced by an earlier (up) migration than the file being linted. */
export function introducedEarlier(ctx: RuleContext<unknown>, kind: IntroducedKind, key: string): boolean {
  const first = firstIntroduced(ctx.history, kind, key);
  return first !== undefined && first < ctx.file.index;
}

// ---- renames ------------------------------------------------------------------------------------

/** Later migrations and down migrations: the other files that may refer to a name created in this one. */
function isOtherFile(ctx: RuleContext<unknown>, h: HistoryFile): boolean {
  return h.path !== ctx.file.path && (h.index > ctx.file.index || h.isDown);
}

/** The first other file (see isOtherFile), in history order, whose text mentions `name` as a word. */
function mentionedElsewhere(ctx: RuleContext<unknown>, name: string): string | undefined {
  const history = ctx.history;
  const word = keyWord(name);
  if (word !== undefined && isWord(name)) {
    // Files holding the word hold the name: the first later one, or an earlier down migration.
    const later = firstFileWithWordAfter(history, word, ctx.file.index);
    const down = firstDownFileWithWord(history, word, ctx.file.index);
    const first = down === undefined ? later : later === undefined ? down : Math.min(down, later);
    return first === undefined ? undefined : history[first]!.relPath;
  }
  // A name with other characters (quoted): the files holding its longest word are the candidates.
  const candidates = word === undefined ? history.map((h) => h.index) : [...new Set([...downFilesWithWord(history, word), ...filesWithWordAfter(history, word, ctx.file.index)])].sort((a, b) => a - b);
  for (const p of candidates) {
    const h = history[p]!;
    if (isOtherFile(ctx, h) && occurrencesIn(h.parsed, name).length) return h.relPath;
  }
  return undefined;
}

export interface RenamePlan {
  edits: TextEdit[];
  /** Every occurrence of the old name is edited and no other file mentions it: a safe fix. */
  safe: boolean;
  /** Where the old name appears without being edited: "this file" or a file's relative path. */
  elsewhere?: string;
}

/**
 * Plans renaming an index or constraint from `oldName` to `newName`. `sites` are the ranges to
 * rewrite (the definition and the references the facts know of, e.g. a later DROP INDEX or VALIDATE
 * CONSTRAINT in the same file); an edit either replaces a site or, for an unnamed object, inserts
 * text at it. Returns undefined when the new name is already used in this file or a later one.
 */
export function planRename(
  ctx: RuleContext<unknown>,
  oldName: string | readonly string[] | undefined,
  newName: string,
  sites: { range: Range; insert?: string }[],
  taken: ReadonlySet<string>,
): RenamePlan | undefined {
  if (taken.has(newName.toLowerCase()) || occurrencesIn(ctx.file.parsed, newName).length || mentionedElsewhere(ctx, newName)) return undefined;
  const edits: TextEdit[] = sites.map((s) => ({ range: s.range, newText: s.insert ?? sqlIdent(newName) }));
  let elsewhere: string | undefined;
  for (const old of typeof oldName === 'string' ? [oldName] : oldName ?? []) {
    const covered = (o: number): boolean => sites.some((s) => !s.insert && s.range.start <= o && o + old.length <= s.range.end);
    if (occurrencesIn(ctx.file.parsed, old).some((o) => !covered(o))) elsewhere = 'this file';
    else elsewhere = mentionedElsewhere(ctx, old);
    if (elsewhere) break;
  }
  return { edits, safe: !elsewhere, elsewhere };
}

/** A rename plan as the report's edits: a safe fix when nothing else mentions the old name, else a suggestion saying where to look. */
export function renameEdits(plan: RenamePlan | undefined, title: string): { fix?: FixSpec; suggestions?: FixSpec[] } {
  if (!plan) return {};
  if (plan.safe) return { fix: { title, edits: plan.edits } };
  return { suggestions: [{ title: `${title} (also update its other uses in ${plan.elsewhere})`, edits: plan.edits }] };
}
