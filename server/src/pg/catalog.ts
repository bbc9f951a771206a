// What a database holds, read from PostgreSQL's catalog into plain data: the user's tables,
// columns, constraints, indexes, views and enum types (what the schema model claims to know), keyed
// as the model keys them (`schema.name`). Objects of extensions and of the system are left out.
import type { SqlSession } from './session.js';

export type CatalogAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface CatalogColumn {
  name: string;
  /** `format_type(atttypid, atttypmod)`, with every user schema on the search path (so unqualified when unambiguous). */
  type: string;
  notNull: boolean;
  hasDefault: boolean;
  identity: boolean;
  generated: boolean;
}

export interface CatalogConstraint {
  name: string;
  kind: 'primaryKey' | 'unique' | 'foreignKey' | 'check' | 'exclude';
  columns: string[];
  references?: { table: string; columns: string[]; onDelete: CatalogAction; onUpdate: CatalogAction };
  validated: boolean;
  /** Inherited from a parent (a partition's copy of its parent's constraint), not defined on the table itself. */
  inherited: boolean;
}

export interface CatalogTable {
  key: string;
  schema: string;
  name: string;
  partitioned: boolean;
  /** Key of the partitioned table this table is a partition of. */
  partitionOf?: string;
  columns: CatalogColumn[];
  constraints: CatalogConstraint[];
}

export interface CatalogIndex {
  key: string;
  name: string;
  schema: string;
  /** Key of the table (or materialized view) indexed. */
  table: string;
  unique: boolean;
  /** Key columns; null for an expression. */
  columns: (string | null)[];
  include: string[];
  partial: boolean;
  /** Access method: btree, gin, gist, hash, brin, … */
  method: string;
  /** The PRIMARY KEY, UNIQUE or EXCLUDE constraint the index backs. */
  constraint?: string;
}

export interface Catalog {
  tables: Map<string, CatalogTable>;
  indexes: Map<string, CatalogIndex>;
  views: Map<string, { key: string; materialized: boolean }>;
  /** Enum types and their values in order. */
  enums: Map<string, string[]>;
  extensions: string[];
}

const ACTIONS: Record<string, CatalogAction> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };
const KINDS: Record<string, CatalogConstraint['kind']> = { p: 'primaryKey', u: 'unique', f: 'foreignKey', c: 'check', x: 'exclude' };

/** Schemas of the system, and of temporary objects. */
const USER_SCHEMA = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'`;
/** Not created by an extension's script. */
const NOT_EXTENSION = (catalog: string, oid: string): string =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

/** Column names of `attnums` (an int2[] expression) of relation `rel`, in order; NULL for 0 (an expression). */
const ATTNAMES = (rel: string, attnums: string): string =>
  `ARRAY(SELECT a.attname::text FROM unnest(${attnums}) WITH ORDINALITY k(n, o) LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = ${rel} AND a.attnum = k.n ORDER BY k.o)`;

/**
 * Reads the catalog of the session's database. It sets the session's search_path to every user
 * schema while it reads (so `format_type` leaves type names unqualified when that is unambiguous)
 * and restores it afterwards.
 */
export async function readCatalog(session: SqlSession): Promise<Catalog> {
  const [saved] = await session.query<{ path: string }>(`SELECT pg_catalog.current_setting('search_path') AS path`);
  await session.query(
    `SELECT pg_catalog.set_config('search_path', (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(n.nspname), ',' ORDER BY n.nspname <> 'public', n.nspname) FROM pg_catalog.pg_namespace n WHERE ${USER_SCHEMA}), false)`,
  );
  try {
    return await read(session);
  } finally {
    await session.query(`SELECT pg_catalog.set_config('search_path', $1, false)`, [saved?.path ?? '"$user", public']);
  }
}

async function read(session: SqlSession): Promise<Catalog> {
  const relations = await session.query<{ oid: number; schema: string; name: string; relkind: string; parent: string | null }>(`
    SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind,
      (SELECT pn.nspname || '.' || pc.relname FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
         JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid AND c.relispartition) AS parent
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm') AND c.relpersistence <> 't' AND ${USER_SCHEMA} AND ${NOT_EXTENSION('pg_catalog.pg_class', 'c.oid')}`);
  const tables = new Map<string, CatalogTable>();
  const views = new Map<string, { key: string; materialized: boolean }>();
  const byOid = new Map<number, string>();
  for (const r of relations) {
    const key = `${r.schema}.${r.name}`;
    byOid.set(r.oid, key);
    if (r.relkind === 'v' || r.relkind === 'm') views.set(key, { key, materialized: r.relkind === 'm' });
    else {
      const t: CatalogTable = { key, schema: r.schema, name: r.name, partitioned: r.relkind === 'p', columns: [], constraints: [] };
      if (r.parent) t.partitionOf = r.parent;
      tables.set(key, t);
    }
  }
  const oids = [...byOid.keys()];
  const columns = await session.query<{ rel: number; name: string; type: string; notnull: boolean; hasdef: boolean; identity: string; generated: string }>(
    `SELECT a.attrelid::int AS rel, a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
       a.atthasdef AS hasdef, a.attidentity::text AS identity, a.attgenerated::text AS generated
     FROM pg_catalog.pg_attribute a WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum`,
    [oids],
  );
  for (const c of columns) {
    const t = tables.get(byOid.get(c.rel)!);
    if (t) t.columns.push({ name: c.name, type: c.type, notNull: c.notnull, hasDefault: c.hasdef, identity: c.identity !== '', generated: c.generated !== '' });
  }
  const constraints = await session.query<{ rel: number; name: string; kind: string; columns: string[] | null; frel: number | null; fschema: string | null; fname: string | null; fcolumns: string[] | null; del: string; upd: string; validated: boolean; local: boolean }>(
    `SELECT con.conrelid::int AS rel, con.conname AS name, con.contype::text AS kind, ${ATTNAMES('con.conrelid', 'con.conkey')} AS columns,
       fn.nspname AS fschema, fc.relname AS fname, ${ATTNAMES('con.confrelid', 'con.confkey')} AS fcolumns,
       con.confdeltype::text AS del, con.confupdtype::text AS upd, con.convalidated AS validated, con.conislocal AS local
     FROM pg_catalog.pg_constraint con
     LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
     WHERE con.conrelid = ANY($1::oid[]) AND con.contype IN ('p', 'u', 'f', 'c', 'x')
     ORDER BY con.conrelid, con.conname`,
    [oids],
  );
  for (const c of constraints) {
    const t = tables.get(byOid.get(c.rel)!);
    if (!t) continue;
    const m: CatalogConstraint = { name: c.name, kind: KINDS[c.kind]!, columns: c.columns ?? [], validated: c.validated, inherited: !c.local };
    if (c.kind === 'f') m.references = { table: `${c.fschema}.${c.fname}`, columns: c.fcolumns ?? [], onDelete: ACTIONS[c.del] ?? 'no action', onUpdate: ACTIONS[c.upd] ?? 'no action' };
    t.constraints.push(m);
  }
  const indexRows = await session.query<{ schema: string; name: string; rel: number; unique: boolean; keys: number; columns: (string | null)[]; partial: boolean; method: string; constraint: string | null }>(
    `SELECT n.nspname AS schema, ic.relname AS name, i.indrelid::int AS rel, i.indisunique AS unique, i.indnkeyatts::int AS keys,
       ${ATTNAMES('i.indrelid', 'i.indkey::int2[]')} AS columns, i.indpred IS NOT NULL AS partial, am.amname AS method,
       (SELECT con.conname FROM pg_catalog.pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x') LIMIT 1) AS constraint
     FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace
     JOIN pg_catalog.pg_am am ON am.oid = ic.relam
     WHERE i.indrelid = ANY($1::oid[])`,
    [oids],
  );
  const indexes = new Map<string, CatalogIndex>();
  for (const r of indexRows) {
    const key = `${r.schema}.${r.name}`;
    const all = r.columns ?? [];
    const ix: CatalogIndex = { key, name: r.name, schema: r.schema, table: byOid.get(r.rel)!, unique: r.unique, columns: all.slice(0, r.keys), include: all.slice(r.keys) as string[], partial: r.partial, method: r.method };
    if (r.constraint) ix.constraint = r.constraint;
    indexes.set(key, ix);
  }
  const enumRows = await session.query<{ schema: string; name: string; vals: string[] }>(
    `SELECT n.nspname AS schema, t.typname AS name, ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS vals
     FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
     WHERE t.typtype = 'e' AND ${USER_SCHEMA} AND ${NOT_EXTENSION('pg_catalog.pg_type', 't.oid')}`,
  );
  const enums = new Map(enumRows.map((e) => [`${e.schema}.${e.name}`, e.vals] as const));
  const ext = await session.query<{ name: string }>(`SELECT extname AS name FROM pg_catalog.pg_extension ORDER BY extname`);
  return { tables, indexes, views, enums, extensions: ext.map((e) => e.name) };
}
