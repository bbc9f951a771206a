// Throwaway PostgreSQL servers from the machine's own binaries (Debian's PostgreSQL 15 here; CI
// installs the `postgresql` package when they are missing, see .ci/run). PostgreSQL refuses to run as
// root and tests run as root, so initdb, pg_ctl and the server run as `nobody` in a temporary folder it
// owns, listening on a Unix socket in that folder only (no TCP port).
//
// Each `fresh` run gets a new cluster copied from one initdb: roles are cluster-wide and histories
// create, alter and demote them (supabase), so two histories never share a cluster. As in PGlite
// (server/src/pg/pglite.ts), the session is the bootstrap superuser `sql_schema_lint` on the database
// `postgres`, and `postgres` is an ordinary superuser, as on managed services.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { Client } from 'pg';
import { BOOTSTRAP_USER } from '../../server/src/pg/pglite.js';
import type { SqlSession } from '../../server/src/pg/session.js';

/** The folder holding initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/<major>/bin (newest). */
export function postgresBinaries(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const v of majors) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  return undefined;
}

const asRoot = process.getuid?.() === 0;

/** Runs a program, as `nobody` when this process is root. */
function run(program: string, args: string[]): void {
  const r = asRoot ? spawnSync('runuser', ['-u', 'nobody', '--', program, ...args], { encoding: 'utf8' }) : spawnSync(program, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${program} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`);
}

/** Whether a server can be started here: not root, or root with `runuser` able to become nobody. */
export function canRunPostgres(): boolean {
  if (!asRoot) return true;
  try {
    execFileSync('runuser', ['-u', 'nobody', '--', 'true']);
    return true;
  } catch {
    return false;
  }
}

export interface PostgresClusters {
  /** `SHOW server_version` of the binaries, e.g. `15.14 (Debian 15.14-0+deb12u1)`. */
  version: string;
  /** Runs `fn` with a session on a new cluster, which is stopped and removed afterwards. */
  fresh<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /** Removes the template cluster and the folder. */
  dispose(): void;
}

export async function postgresClusters(bin: string): Promise<PostgresClusters> {
  const dir = mkdtempSync(join(tmpdir(), 'ssl-postgres-'));
  if (asRoot) chownSync(dir, 65534, 65534);
  chmodSync(dir, 0o700);
  // The port only names the socket file: one per process keeps parallel test files apart.
  const port = 20000 + (process.pid % 20000);
  const template = join(dir, 'template');
  let runs = 0;
  const dispose = (): void => rmSync(dir, { recursive: true, force: true });

  const start = async (data: string): Promise<{ client: Client; stop(): void }> => {
    const options = `-k ${dir} -p ${port} -c listen_addresses='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off`;
    run(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', `${data}.log`, '-s', '-w', 'start']);
    const stop = (): void => run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-s', '-w', 'stop']);
    try {
      const client = new Client({ host: dir, port, user: BOOTSTRAP_USER, database: 'postgres' });
      client.on('notice', () => {});
      await client.connect();
      return { client, stop };
    } catch (e) {
      stop();
      throw e;
    }
  };
  const sessionOf = (c: Client): SqlSession => ({
    async exec(sql) {
      await c.query(sql);
    },
    async query<R extends object>(sql: string, params?: unknown[]) {
      return (await c.query(sql, params)).rows as R[];
    },
  });

  let version: string;
  try {
    run(join(bin, 'initdb'), ['-D', template, '-U', BOOTSTRAP_USER, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const s = await start(template);
    try {
      await s.client.query('CREATE ROLE postgres SUPERUSER LOGIN');
      version = ((await s.client.query('SHOW server_version')).rows[0] as { server_version: string }).server_version;
      await s.client.end();
    } finally {
      s.stop();
    }
  } catch (e) {
    dispose();
    throw e;
  }
  return {
    version,
    async fresh(fn) {
      const data = join(dir, `run${++runs}`);
      run('cp', ['-a', template, data]);
      try {
        const s = await start(data);
        try {
          return await fn(sessionOf(s.client));
        } finally {
          await s.client.end().catch(() => {});
          s.stop();
        }
      } finally {
        rmSync(data, { recursive: true, force: true });
      }
    },
    dispose,
  };
}

/** A running server for tests that connect by URL (verify --database-url). */
export interface PostgresServer {
  /** postgresql://postgres@localhost/postgres?host=<socket folder> */
  url: string;
  /** The server's major version. */
  major: number;
  stop(): void;
}

/**
 * Starts one server (its own cluster, superuser `postgres`, on a Unix socket in a temporary folder),
 * or says why it cannot: the caller skips with that message, except in CI (`CI` set, as .ci/run does,
 * which also installs the binaries), where it fails.
 */
export function startPostgres(): PostgresServer | { unavailable: string } {
  const bin = postgresBinaries();
  if (!bin) return { unavailable: "initdb is missing: install Debian's postgresql package (apt-get install -y postgresql)" };
  if (!canRunPostgres()) return { unavailable: 'running as root, and runuser cannot become nobody (PostgreSQL refuses to run as root)' };
  const dir = mkdtempSync(join(tmpdir(), 'ssl-pg-'));
  if (asRoot) chownSync(dir, 65534, 65534);
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  try {
    run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const options = `-k ${dir} -c listen_addresses='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off`;
    run(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', `${data}.log`, '-s', '-w', 'start']);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return { unavailable: (e as Error).message };
  }
  const version = spawnSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout;
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    try {
      run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-s', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once('exit', stop);
  return { url: `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}`, major: Number(/(\d+)(?:\.\d+)?/.exec(version)?.[1] ?? 0), stop };
}

/**
 * A server for the tests of one suite, started before them and stopped after. `ready(t)` returns it,
 * or skips the test with the reason; in CI (`CI` set: .ci/run installs the binaries) it fails instead.
 */
export function postgresForSuite(): { ready(t: { skip(message: string): void }): PostgresServer | undefined } {
  let server: PostgresServer | undefined;
  let unavailable = 'not started';
  before(() => {
    const s = startPostgres();
    if ('unavailable' in s) unavailable = s.unavailable;
    else server = s;
  });
  after(() => server?.stop());
  return {
    ready(t) {
      if (server) return server;
      if (process.env.CI) throw new Error(`no PostgreSQL server for the --database-url tests: ${unavailable}`);
      t.skip(`no PostgreSQL server: ${unavailable}`);
      return undefined;
    },
  };
}
