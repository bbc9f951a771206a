// PGlite (PostgreSQL compiled to WASM, npm @electric-sql/pglite) as a SqlSession. The package is
// imported here only, lazily, so that linting never loads its 27 MB: only the commands and tests
// that apply a history to PostgreSQL do.
import type { SqlSession } from './session.js';

/**
 * The contrib extensions PGlite ships as bundles, by the name CREATE EXTENSION uses, with the
 * export of `@electric-sql/pglite/contrib/<module>` that provides it. A bundle must be given when
 * the instance is created: PGlite cannot load one afterwards.
 */
const CONTRIB: Readonly<Record<string, string>> = {
  amcheck: 'amcheck',
  auto_explain: 'auto_explain',
  bloom: 'bloom',
  btree_gin: 'btree_gin',
  btree_gist: 'btree_gist',
  citext: 'citext',
  cube: 'cube',
  dict_int: 'dict_int',
  dict_xsyn: 'dict_xsyn',
  earthdistance: 'earthdistance',
  file_fdw: 'file_fdw',
  fuzzystrmatch: 'fuzzystrmatch',
  hstore: 'hstore',
  intarray: 'intarray',
  isn: 'isn',
  lo: 'lo',
  ltree: 'ltree',
  moddatetime: 'moddatetime',
  pageinspect: 'pageinspect',
  pg_buffercache: 'pg_buffercache',
  pg_freespacemap: 'pg_freespacemap',
  pg_stat_statements: 'pg_stat_statements',
  pg_surgery: 'pg_surgery',
  pg_trgm: 'pg_trgm',
  pg_visibility: 'pg_visibility',
  pg_walinspect: 'pg_walinspect',
  pgcrypto: 'pgcrypto',
  seg: 'seg',
  tablefunc: 'tablefunc',
  tcn: 'tcn',
  tsm_system_rows: 'tsm_system_rows',
  tsm_system_time: 'tsm_system_time',
  unaccent: 'unaccent',
  'uuid-ossp': 'uuid_ossp',
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
  /** The data directory as a tarball, to start other instances from this state (`OpenPgliteOptions.dataDir`). */
  dumpDataDir(): Promise<Blob>;
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
  const bundles: Record<string, unknown> = {};
  for (const name of wanted) {
    const module = CONTRIB[name]!;
    const m = (await import(`@electric-sql/pglite/contrib/${module}`)) as Record<string, unknown>;
    bundles[module] = m[module];
  }
  // The bootstrap superuser is not `postgres`, as on managed services (RDS, Supabase, Cloud SQL),
  // where histories grant to `postgres`, change its attributes and even demote it, which PostgreSQL
  // refuses for the bootstrap superuser.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const db = await PGlite.create({
    extensions: bundles as any,
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
  return { session, serverVersion: row?.server_version ?? '', extensions: wanted, dumpDataDir: () => db.dumpDataDir('none'), close: () => db.close() };
}
