// `verify --database-url`: the same check on a real PostgreSQL server (npm `pg`), for what PGlite lacks
// (PostGIS and other extensions, other major versions). The history goes into a scratch database
// with a unique name that this run creates and drops; nothing else on the server is touched: the
// scratch connection checks it is in that database before the first statement, and roles (which a
// server shares between its databases) that the run created are dropped again at the end.
import { randomBytes } from 'node:crypto';
import { applyHistory, type ApplyResult, type HistoryStep } from './apply-history.js';
import { pgErrorOf, quoteIdent, type SqlSession } from './session.js';

export interface ServerRunOptions {
  /** postgres://user:password@host:port/database?…: the database named is only used to create and drop the scratch one. */
  databaseUrl: string;
  /** The run is abandoned (its query cancelled, the scratch database dropped) after this many milliseconds. */
  timeoutMs: number;
  /** Statements run before the history (the migration tool's bookkeeping table). */
  setup?: string[];
}

export interface ServerRunResult {
  result: ApplyResult;
  /** `SHOW server_version`, e.g. `15.8 (Debian 15.8-0+deb12u1)` shortened to `15.8`. */
  serverVersion: string;
  /** The scratch database's name (already dropped). */
  database: string;
  /** What could not be cleaned up (a role still in use), for a warning. */
  leftovers: string[];
}

/** The URL with its database replaced (URL forms only: postgres[ql]://…). */
export function withDatabase(url: string, database: string): string {
  const m = /^(postgres(?:ql)?:\/\/[^/?#]*)(\/[^?#]*)?(\?[^#]*)?(#.*)?$/i.exec(url);
  if (!m) throw new Error('--database-url must be a postgres:// or postgresql:// URL');
  // A dbname/database query parameter would win over the path: drop it.
  const query = (m[3] ?? '')
    .replace(/^\?/, '')
    .split('&')
    .filter((p) => p && !/^(dbname|database)=/i.test(p))
    .join('&');
  return `${m[1]}/${encodeURIComponent(database)}${query ? `?${query}` : ''}`;
}

/** A name no other run will pick. */
export function scratchName(): string {
  return `sql_schema_lint_verify_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

type PgClient = import('pg').Client;

function sessionOf(client: PgClient): SqlSession {
  return {
    async exec(sql) {
      await client.query(sql);
    },
    async query<R extends object>(sql: string, params?: unknown[]) {
      return (await client.query(sql, params)).rows as R[];
    },
  };
}

/** Errors that say the server or the connection went away, not that the migration is wrong. */
function isServerTrouble(code: string): boolean {
  return /^(08|57|53|58)/.test(code) && code !== '58P01';
}

/** Creates a scratch database, applies the history there, and drops it (also on failure or timeout). */
export async function applyOnServer(steps: HistoryStep[], options: ServerRunOptions): Promise<ServerRunResult> {
  const { Client } = await import('pg');
  const database = scratchName();
  const scratchUrl = withDatabase(options.databaseUrl, database);
  const admin = new Client({ connectionString: options.databaseUrl, application_name: 'sql-schema-lint verify' });
  admin.on('error', () => undefined);
  await admin.connect();
  const leftovers: string[] = [];
  let created = false;
  let scratch: PgClient | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const [version] = (await admin.query<{ v: string; n: string }>(`SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n`)).rows;
    const versionNum = Number(version!.n);
    const rolesBefore = new Set((await admin.query<{ r: string }>('SELECT rolname AS r FROM pg_catalog.pg_roles')).rows.map((r) => r.r));
    await admin.query(`CREATE DATABASE ${quoteIdent(database)} TEMPLATE template0`);
    created = true;
    scratch = new Client({ connectionString: scratchUrl, application_name: 'sql-schema-lint verify' });
    scratch.on('error', () => undefined);
    await scratch.connect();
    const [where] = (await scratch.query<{ db: string; pid: number }>('SELECT current_database() AS db, pg_backend_pid() AS pid')).rows;
    if (where?.db !== database) throw new Error(`connected to database "${where?.db}" instead of the scratch database "${database}": nothing was run`);
    const session = sessionOf(scratch);
    let timedOut = false;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        void admin.query('SELECT pg_catalog.pg_cancel_backend($1)', [where.pid]).catch(() => undefined);
        reject(new Error(`the server did not finish within ${options.timeoutMs} ms`));
      }, options.timeoutMs);
    });
    const run = (async () => {
      for (const sql of options.setup ?? []) await session.exec(sql);
      return applyHistory(session, steps, { missingExtension: 'stop', existingRoles: rolesBefore });
    })();
    run.catch(() => undefined);
    const result = await Promise.race([run, deadline]);
    if (timedOut) throw new Error(`the server did not finish within ${options.timeoutMs} ms`);
    if (result.failure && isServerTrouble(result.failure.error.code)) throw new Error(`the server ended the run: ${result.failure.error.message} (SQLSTATE ${result.failure.error.code})`);
    await scratch.end().catch(() => undefined);
    scratch = undefined;
    await dropScratch(admin, database, versionNum);
    created = false;
    for (const role of (await admin.query<{ r: string }>('SELECT rolname AS r FROM pg_catalog.pg_roles')).rows.map((r) => r.r)) {
      if (rolesBefore.has(role)) continue;
      try {
        await admin.query(`DROP ROLE ${quoteIdent(role)}`);
      } catch (e) {
        leftovers.push(`role "${role}" (created by the history) could not be dropped: ${pgErrorOf(e)?.message ?? String(e)}`);
      }
    }
    return { result, serverVersion: String(version!.v).split(' ')[0]!, database, leftovers };
  } finally {
    clearTimeout(timer);
    if (scratch) await scratch.end().catch(() => undefined);
    if (created) await dropScratch(admin, database, 0).catch(() => undefined);
    await admin.end().catch(() => undefined);
  }
}

async function dropScratch(admin: PgClient, database: string, versionNum: number): Promise<void> {
  // WITH (FORCE) (PostgreSQL 13+) ends a session a cancelled run may have left behind.
  const force = versionNum === 0 || versionNum >= 130000;
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)}${force ? ' WITH (FORCE)' : ''}`);
  } catch (e) {
    if (!force) throw e;
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)}`);
  }
}
