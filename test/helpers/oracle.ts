// The schema-model oracle: a history applied to a real PostgreSQL (PGlite) and replayed into our
// schema model, both read into the same shape (server/src/pg/catalog.ts) and compared.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { bookkeepingSetup, fileRun, migrationSetup, parseDocument, replayAll, sortMigrations, type HistoryFile, type SchemaModel, type TypeRef } from '../../server/src/engine/index.js';
import type { HistoryStep, RunMode } from '../../server/src/pg/apply-history.js';
import type { Catalog, CatalogConstraint, CatalogIndex, CatalogTable } from '../../server/src/pg/catalog.js';
import { CORPUS_DIR } from './corpus.js';

/** One corpus history: its files in order (their up part), and how its migration tool runs them. */
export interface OracleHistory {
  name: string;
  /** A corpus history's folder of migrations, relative to its folder in the corpus. */
  root?: string;
  files: { relPath: string; sql: string }[];
  run: RunMode;
  /** The migration tool's bookkeeping table, created before the history when its migrations refer to it (the migration-tool model). */
  setup: string[];
}

// How the tool runs a file could come from the migration-tool model too; which part of a file is up
// and the tool's bookkeeping table do.
/** The file's up sections as the migration-tool model finds them, the rest blanked (offsets kept: reports point into the file). */
function upSections(relPath: string, text: string): string {
  const run = fileRun(relPath, parseDocument(text), migrationSetup());
  const blank = (s: string): string => s.replace(/[^\r\n]/g, ' ');
  let out = '';
  let at = 0;
  for (const s of run.upSections) {
    out += blank(text.slice(at, s.range.start)) + text.slice(s.range.start, s.range.end);
    at = s.range.end;
  }
  return out + blank(text.slice(at));
}

function filesUnder(dir: string, keep: (rel: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${name.name}` : name.name;
      if (name.isDirectory()) walk(join(d, name.name), r);
      else if (keep(r)) out.push(r);
    }
  };
  if (existsSync(dir)) walk(dir, '');
  return out;
}

function history(corpus: string, name: string, root: string, keep: (rel: string) => boolean, run: RunMode, up: (relPath: string, text: string) => string = (_, t) => t): OracleHistory {
  const dir = join(corpus, name);
  const rels = sortMigrations(filesUnder(join(dir, root), keep).map((r) => `${root}/${r}`));
  const files = rels.map((relPath) => ({ relPath, sql: up(relPath, readFileSync(join(dir, relPath), 'utf8')) }));
  const setup = bookkeepingSetup(files.map((f) => ({ run: fileRun(f.relPath, parseDocument(f.sql), migrationSetup()), text: f.sql })));
  return { name, root, run, setup, files };
}

/**
 * lemmy (Diesel), trigger.dev (Prisma), supabase-postgres (dbmate) and lago's structure.sql, in history
 * order, read from the corpus or from a folder laid out like it (a fixed copy).
 */
export function corpusHistories(corpus = CORPUS_DIR): OracleHistory[] {
  return [
    history(corpus, 'lemmy', 'migrations', (r) => r.endsWith('/up.sql'), 'transaction'),
    history(corpus, 'trigger.dev', 'internal-packages/database/prisma/migrations', (r) => r.endsWith('/migration.sql'), 'multi-statement'),
    // migrations/schema.sql is a pg_dump of the result, not part of the history.
    history(corpus, 'supabase-postgres', 'migrations/db', (r) => r.endsWith('.sql'), 'transaction', upSections),
    history(corpus, 'lago', 'db', (r) => r === 'structure.sql', 'statements'),
  ];
}

export function stepsOf(h: OracleHistory): HistoryStep[] {
  return h.files.map((f) => ({ path: f.relPath, sql: f.sql, run: h.run }));
}

/** Our final schema model after the first `upTo` files of the history. */
export function replayHistory(h: OracleHistory, upTo = h.files.length): SchemaModel {
  const setup = migrationSetup();
  const files: HistoryFile[] = h.files.slice(0, upTo).map((f, index) => {
    const parsed = parseDocument(f.sql);
    return { path: f.relPath, relPath: f.relPath, parsed, index, isDown: false, run: fileRun(f.relPath, parsed, setup) };
  });
  return replayAll(files);
}

// ---- the model in the catalog's shape --------------------------------------------------------

const TYPE_NAMES: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  varchar: 'character varying',
  bpchar: 'character',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  time: 'time without time zone',
  timetz: 'time with time zone',
  varbit: 'bit varying',
};

function quoteIfNeeded(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** A model type as `format_type` writes it. */
export function formatType(t: Omit<TypeRef, 'range'>): string {
  let base = TYPE_NAMES[t.name] ?? quoteIfNeeded(t.name);
  if (t.mods.length) {
    const mods = `(${t.mods.join(',')})`;
    if (t.name === 'timestamp' || t.name === 'timestamptz' || t.name === 'time' || t.name === 'timetz') base = base.replace(/^(timestamp|time)/, `$1${mods}`);
    else base += mods;
  } else if (t.name === 'bpchar' && /^(char|character)$/i.test(t.text.replace(/\[\]$/, '').trim())) base += '(1)';
  return t.isArray ? `${base}[]` : base;
}

/** The final model read into the catalog's shape (what PostgreSQL would say if the model were right). */
export function modelCatalog(model: SchemaModel): Catalog {
  const tables = new Map<string, CatalogTable>();
  for (const t of model.tables.values()) {
    const pk = t.constraints.find((c) => c.kind === 'primaryKey');
    const columns = [...t.columns.values()].map((c) => ({
      name: c.name,
      type: formatType(c.type),
      notNull: c.notNull || c.identity || !!pk?.columns.includes(c.name),
      hasDefault: (!!c.default && !c.default.isNull) || !!c.type.serial || c.generated,
      identity: c.identity,
      generated: c.generated,
    }));
    const constraints: CatalogConstraint[] = t.constraints.map((c) => {
      const m: CatalogConstraint = { name: c.name, kind: c.kind, columns: c.columns, validated: !c.notValid, inherited: false };
      if (c.references) {
        const target = model.tables.get(c.references.table);
        const columns = c.references.columns ?? target?.constraints.find((k) => k.kind === 'primaryKey')?.columns ?? [];
        m.references = { table: c.references.table, columns, onDelete: c.references.onDelete, onUpdate: c.references.onUpdate };
      }
      return m;
    });
    const ct: CatalogTable = { key: t.key, schema: t.schema, name: t.name, partitioned: t.partitioned, columns, constraints };
    if (t.partitionOf) ct.partitionOf = t.partitionOf;
    tables.set(t.key, ct);
  }
  const indexes = new Map<string, CatalogIndex>();
  for (const ix of model.indexes.values()) {
    const m: CatalogIndex = { key: ix.key, name: ix.name, schema: ix.schema, table: ix.table, unique: ix.unique, columns: ix.columns.map((c) => c ?? null), include: ix.include, partial: ix.where !== undefined, method: ix.method };
    if (ix.constraint) m.constraint = ix.constraint;
    indexes.set(ix.key, m);
  }
  const views = new Map([...model.views.values()].map((v) => [v.key, { key: v.key, materialized: v.materialized }] as const));
  const enums = new Map([...model.enums.values()].map((e) => [e.key, e.values] as const));
  return { tables, indexes, views, enums, extensions: [...model.extensions].sort() };
}

// ---- comparison ---------------------------------------------------------------------------------

/** One disagreement between PostgreSQL and the model, and why it is expected when it is. */
export interface Difference {
  aspect: string;
  text: string;
  /** Set when the difference is one of the documented ones (ARCHITECTURE.md, "What the oracle still finds"). */
  expected?: string;
}

/** Agreement counts per aspect (agreeing / compared) and every disagreement. */
export interface Comparison {
  counts: Map<string, { agree: number; total: number }>;
  differences: Difference[];
}

/**
 * Compares PostgreSQL's catalog with the final model's. Objects present before the history ran
 * (`before`: the migration tool's bookkeeping table) are left out.
 */
export function compareWithModel(pg: Catalog, final: SchemaModel, before?: Catalog): Comparison {
  const model = modelCatalog(final);
  const counts = new Map<string, { agree: number; total: number }>();
  const differences: Difference[] = [];
  const check = (aspect: string, ok: boolean, what: () => string, expected?: () => string | undefined): boolean => {
    const c = counts.get(aspect) ?? { agree: 0, total: 0 };
    c.total++;
    if (ok) c.agree++;
    else {
      const d: Difference = { aspect, text: what() };
      const why = expected?.();
      if (why) d.expected = why;
      differences.push(d);
    }
    counts.set(aspect, c);
    return ok;
  };
  const j = (x: unknown): string => JSON.stringify(x);
  for (const [key, t] of pg.tables) {
    if (before?.tables.has(key)) continue;
    const m = model.tables.get(key);
    if (!check('tables', !!m, () => `${key} missing from the model`) || !m) continue;
    check('partitioning', t.partitioned === m.partitioned && t.partitionOf === m.partitionOf, () => `${key}: pg ${j([t.partitioned, t.partitionOf])} model ${j([m.partitioned, m.partitionOf])}`);
    const mcols = new Map(m.columns.map((c) => [c.name, c]));
    for (const c of t.columns) {
      const mc = mcols.get(c.name);
      if (!check('columns', !!mc, () => `${key}.${c.name} missing from the model`) || !mc) continue;
      check('column types', c.type === mc.type, () => `${key}.${c.name}: pg ${c.type}, model ${mc.type}`);
      check('not null', c.notNull === mc.notNull, () => `${key}.${c.name}: pg ${c.notNull}, model ${mc.notNull}`);
      check(
        'default present',
        c.hasDefault === mc.hasDefault,
        () => `${key}.${c.name}: pg ${c.hasDefault}, model ${mc.hasDefault}`,
        () => (c.hasDefault && final.tables.get(key)?.columns.get(c.name)?.default?.isNull ? NULL_DEFAULT : undefined),
      );
      check('identity/generated', c.identity === mc.identity && c.generated === mc.generated, () => `${key}.${c.name}: pg ${j([c.identity, c.generated])}, model ${j([mc.identity, mc.generated])}`);
    }
    const pcols = new Set(t.columns.map((c) => c.name));
    for (const c of m.columns) if (!pcols.has(c.name)) check('columns', false, () => `${key}.${c.name} only in the model`);
    compareConstraints(key, t, m, check);
  }
  for (const key of model.tables.keys()) if (!pg.tables.has(key)) check('tables', false, () => `${key} only in the model`);
  for (const [key, ix] of pg.indexes) {
    if (before?.indexes.has(key)) continue;
    const m = model.indexes.get(key);
    if (!check('indexes', !!m, () => `${key} (on ${ix.table}) missing from the model`) || !m) continue;
    const shape = (x: CatalogIndex): unknown => [x.table, x.columns, x.unique, x.partial, x.method, x.include];
    check('index definitions', j(shape(ix)) === j(shape(m)), () => `${key}: pg ${j(shape(ix))}, model ${j(shape(m))}`);
    check('index constraints', ix.constraint === m.constraint, () => `${key}: pg backs ${j(ix.constraint)}, model ${j(m.constraint)}`);
  }
  for (const [key, ix] of model.indexes) if (!pg.indexes.has(key)) check('indexes', false, () => `${key} (on ${ix.table}) only in the model`);
  for (const [key, values] of pg.enums) {
    const m = model.enums.get(key);
    if (!check('enum types', !!m, () => `${key} missing from the model`) || !m) continue;
    check('enum values', j(values) === j(m), () => `${key}: pg ${j(values)}, model ${j(m)}`);
  }
  for (const key of model.enums.keys()) if (!pg.enums.has(key)) check('enum types', false, () => `${key} only in the model`);
  for (const [key, v] of pg.views) {
    const m = model.views.get(key);
    if (check('views', !!m, () => `${key} missing from the model`) && m) check('views', v.materialized === m.materialized, () => `${key}: materialized pg ${v.materialized}, model ${m.materialized}`);
  }
  for (const key of model.views.keys()) if (!pg.views.has(key)) check('views', false, () => `${key} only in the model`);
  return { counts, differences };
}

/** Why a NULL default differs (see ARCHITECTURE.md). */
export const NULL_DEFAULT =
  'a NULL default: PostgreSQL stores DEFAULT NULL::type when a length coercion wraps it (timestamp(6)), the model treats every NULL default as none';

type Check = (aspect: string, ok: boolean, what: () => string) => boolean;

function compareConstraints(key: string, t: CatalogTable, m: CatalogTable, check: Check): void {
  const j = (x: unknown): string => JSON.stringify(x);
  const aspect = (c: CatalogConstraint): string => (c.kind === 'foreignKey' ? 'foreign keys' : c.kind === 'check' ? 'checks' : c.kind === 'exclude' ? 'exclusion constraints' : 'primary keys and uniques');
  // Partitions inherit their parent's constraints; the model keeps them on the parent only.
  const pgOwn = t.constraints.filter((c) => !c.inherited);
  const byName = new Map(m.constraints.map((c) => [c.name, c]));
  for (const c of pgOwn) {
    const mc = byName.get(c.name);
    if (!check(aspect(c), !!mc && mc.kind === c.kind, () => `${key} ${c.kind} ${c.name} ${mc ? `is a ${mc.kind} in the model` : 'missing from the model'}`) || !mc) continue;
    if (c.kind === 'check') continue;
    const shape = (x: CatalogConstraint): unknown => [x.columns, x.references ?? null];
    check(aspect(c), j(shape(c)) === j(shape(mc)), () => `${key} ${c.name}: pg ${j(shape(c))}, model ${j(shape(mc))}`);
  }
  const names = new Set(pgOwn.map((c) => c.name));
  for (const c of m.constraints) if (!names.has(c.name)) check(aspect(c), false, () => `${key} ${c.kind} ${c.name} only in the model`);
}

/** The comparison's counts, a row per aspect. */
export function formatCounts(c: Comparison): string {
  return [...c.counts].map(([aspect, n]) => `  ${aspect.padEnd(26)} ${String(n.agree).padStart(5)}/${n.total}`).join('\n');
}
