// PGlite (PostgreSQL compiled to WASM, npm @electric-sql/pglite) as a SqlSession. The package is
// imported here only, lazily, so that linting never loads its 27 MB: only the commands and tests
// that apply a history to PostgreSQL do.
import type { Extension } from '@electric-sql/pglite';
import type { SqlSession } from './session.js';

/**
 * The contrib extensions PGlite ships as bundles, by the name CREATE EXTENSION uses, each with a
 * loader of its `@electric-sql/pglite/contrib/<module>` export and the name PGlite registers it
 * under. A bundle must be given when the instance is created: PGlite cannot load one afterwards.
 * The imports are spelled out (not a template) so that the build can map each to the copy shipped
 * beside the bundles (esbuild.mjs).
 */
type ContribLoader = () => Promise<[Extension, string]>;
const CONTRIB: Readonly<Record<string, ContribLoader>> = {
  amcheck: () => import('@electric-sql/pglite/contrib/amcheck').then((m) => [m.amcheck, 'amcheck']),
  auto_explain: () => import('@electric-sql/pglite/contrib/auto_explain').then((m) => [m.auto_explain, 'auto_explain']),
  bloom: () => import('@electric-sql/pglite/contrib/bloom').then((m) => [m.bloom, 'bloom']),
  btree_gin: () => import('@electric-sql/pglite/contrib/btree_gin').then((m) => [m.btree_gin, 'btree_gin']),
  btree_gist: () => import('@electric-sql/pglite/contrib/btree_gist').then((m) => [m.btree_gist, 'btree_gist']),
  citext: () => import('@electric-sql/pglite/contrib/citext').then((m) => [m.citext, 'citext']),
  cube: () => import('@electric-sql/pglite/contrib/cube').then((m) => [m.cube, 'cube']),
  dict_int: () => import('@electric-sql/pglite/contrib/dict_int').then((m) => [m.dict_int, 'dict_int']),
  dict_xsyn: () => import('@electric-sql/pglite/contrib/dict_xsyn').then((m) => [m.dict_xsyn, 'dict_xsyn']),
  earthdistance: () => import('@electric-sql/pglite/contrib/earthdistance').then((m) => [m.earthdistance, 'earthdistance']),
  file_fdw: () => import('@electric-sql/pglite/contrib/file_fdw').then((m) => [m.file_fdw, 'file_fdw']),
  fuzzystrmatch: () => import('@electric-sql/pglite/contrib/fuzzystrmatch').then((m) => [m.fuzzystrmatch, 'fuzzystrmatch']),
  hstore: () => import('@electric-sql/pglite/contrib/hstore').then((m) => [m.hstore, 'hstore']),
  intarray: () => import('@electric-sql/pglite/contrib/intarray').then((m) => [m.intarray, 'intarray']),
  isn: () => import('@electric-sql/pglite/contrib/isn').then((m) => [m.isn, 'isn']),
  lo: () => import('@electric-sql/pglite/contrib/lo').then((m) => [m.lo, 'lo']),
  ltree: () => import('@electric-sql/pglite/contrib/ltree').then((m) => [m.ltree, 'ltree']),
  moddatetime: () => import('@electric-sql/pglite/contrib/moddatetime').then((m) => [m.moddatetime, 'moddatetime']),
  pageinspect: () => import('@electric-sql/pglite/contrib/pageinspect').then((m) => [m.pageinspect, 'pageinspect']),
  pg_buffercache: () => import('@electric-sql/pglite/contrib/pg_buffercache').then((m) => [m.pg_buffercache, 'pg_buffercache']),
  pg_freespacemap: () => import('@electric-sql/pglite/contrib/pg_freespacemap').then((m) => [m.pg_freespacemap, 'pg_freespacemap']),
  pg_stat_statements: () => import('@electric-sql/pglite/contrib/pg_stat_statements').then((m) => [m.pg_stat_statements, 'pg_stat_statements']),
  pg_surgery: () => import('@electric-sql/pglite/contrib/pg_surgery').then((m) => [m.pg_surgery, 'pg_surgery']),
  pg_trgm: () => import('@electric-sql/pglite/contrib/pg_trgm').then((m) => [m.pg_trgm, 'pg_trgm']),
  pg_visibility: () => import('@electric-sql/pglite/contrib/pg_visibility').then((m) => [m.pg_visibility, 'pg_visibility']),
  pg_walinspect: () => import('@electric-sql/pglite/contrib/pg_walinspect').then((m) => [m.pg_walinspect, 'pg_walinspect']),
  pgcrypto: () => import('@electric-sql/pglite/contrib/pgcrypto').then((m) => [m.pgcrypto, 'pgcrypto']),
  seg: () => import('@electric-sql/pglite/contrib/seg').then((m) => [m.seg, 'seg']),
  tablefunc: () => import('@electric-sql/pglite/contrib/tablefunc').then((m) => [m.tablefunc, 'tablefunc']),
  tcn: () => import('@electric-sql/pglite/contrib/tcn').then((m) => [m.tcn, 'tcn']),
  tsm_system_rows: () => import('@electric-sql/pglite/contrib/tsm_system_rows').then((m) => [m.tsm_system_rows, 'tsm_system_rows']),
  tsm_system_time: () => import('@electric-sql/pglite/contrib/tsm_system_time').then((m) => [m.tsm_system_time, 'tsm_system_time']),
  unaccent: () => import('@electric-sql/pglite/contrib/unaccent').then((m) => [m.unaccent, 'unaccent']),
  'uuid-ossp': () => import('@electric-sql/pglite/contrib/uuid_ossp').then((m) => [m.uuid_ossp, 'uuid_ossp']),
};

/** Extensions built into PGlite's PostgreSQL itself (no bundle to load). */
const BUILT_IN = new Set(['plpgsql']);

/** The role that owns the instance and applies the history. */
export const BOOTSTRAP_USER = 'sql_schema_lint';

/** Whether PGlite can create extension `name` (built in, or a contrib bundle it ships). */
export function pgliteHasExtension(name: string): boolean {
  return BUILT_IN.has(name) || name in CONTRIB;
}

/** A running PGlite instance. */
export interface PgliteInstance {
  session: SqlSession;
  /** PostgreSQL's version string (`SHOW server_version`), e.g. `18.1`. */
  serverVersion: string;
  /** The contrib bundles loaded, by extension name. */
  extensions: string[];
  /**
   * The data directory as a tarball, to start other instances from this state (`OpenPgliteOptions.dataDir`).
   * `gzip` makes it about a sixth of the size, for snapshots kept in memory.
   */
  dumpDataDir(compression?: 'none' | 'gzip'): Promise<Blob>;
  /** Stops the instance. Its WASM memory is freed only when nothing refers to it any more. */
  close(): Promise<void>;
}

export interface OpenPgliteOptions {
  /**
   * Extensions the history may create (see `extensionsNamedIn`). Those PGlite ships are loaded;
   * the others are left out, so that their CREATE EXTENSION fails as "not available".
   */
  extensions?: Iterable<string>;
  /**
   * Start from this data directory (a `dumpDataDir()` of an instance opened here) instead of running
   * initdb: about three times faster.
   */
  dataDir?: Blob;
}

/**
 * Starts an in-memory PGlite (initdb included: about 3 s on one core). The session runs as the
 * bootstrap superuser `sql_schema_lint`; a superuser `postgres` exists as on managed services.
 */
export async function openPglite(options: OpenPgliteOptions = {}): Promise<PgliteInstance> {
  const { PGlite } = await import('@electric-sql/pglite');
  const wanted = [...new Set(options.extensions ?? [])].filter((e) => e in CONTRIB).sort();
  const bundles: Record<string, Extension> = {};
  for (const name of wanted) {
    const [extension, module] = await CONTRIB[name]!();
    bundles[module] = extension;
  }
  // The bootstrap superuser is not `postgres`, as on managed services (RDS, Supabase, Cloud SQL),
  // where histories grant to `postgres`, change its attributes and even demote it, which PostgreSQL
  // refuses for the bootstrap superuser.
  const db = await PGlite.create({
    extensions: bundles,
    username: BOOTSTRAP_USER,
    initDbStartParams: [`--username=${BOOTSTRAP_USER}`],
    ...(options.dataDir ? { loadDataDir: options.dataDir } : {}),
  });
  const session: SqlSession = {
    async exec(sql) {
      await db.exec(sql);
    },
    async query<R extends object>(sql: string, params?: unknown[]) {
      return (await db.query<R>(sql, params as unknown[] | undefined)).rows;
    },
  };
  if (!options.dataDir) await session.exec('CREATE ROLE postgres SUPERUSER LOGIN');
  const [row] = await session.query<{ server_version: string }>('SHOW server_version');
  return { session, serverVersion: row?.server_version ?? '', extensions: wanted, dumpDataDir: (compression = 'none') => db.dumpDataDir(compression), close: () => db.close() };
}
