// Runs a statement in PGlite (PostgreSQL 18 in WASM) and reports what PostgreSQL itself did: the
// strongest lock its own backend holds on each relation (pg_locks, read before the transaction ends),
// which relations got a new file (pg_class.relfilenode: a rewrite, or TRUNCATE's empty file) and
// which were read in full (pg_stat_xact_user_tables.seq_scan). Shared by the catalogue proof and the
// corpus proof.
import { LOCK_MODES, lockStrength, type LockMode } from '../../server/src/engine/locks/modes.js';
import { openPglite, type PgliteInstance } from '../../server/src/pg/pglite.js';
import type { SqlSession } from '../../server/src/pg/session.js';

export interface RelationInfo {
  key: string;
  relkind: string;
  relfilenode: number;
}

export interface Observation {
  /** Strongest mode per relation that existed before the statement (schema.name). */
  locks: Map<string, LockMode>;
  /** Relations whose relfilenode changed. */
  newFile: Set<string>;
  /** Of the relations asked about (`scansOf`), those read by a sequential scan during the statement. */
  scanned: Set<string>;
  /** Relations before the statement, by key. */
  before: Map<string, RelationInfo>;
  /** pg_locks could be read (false for statements PostgreSQL runs outside a transaction block, when no event trigger saw them). */
  locksObserved: boolean;
}

// One round trip before and one after the statement (PGlite answers each query in a few milliseconds, and
// a corpus history has thousands of statements).
const RELATIONS = `
  SELECT coalesce(json_agg(json_build_array(c.oid::int, n.nspname || '.' || c.relname, c.relkind::text, c.relfilenode::int)), '[]')
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'm', 'v', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'lock_probe') AND n.nspname NOT LIKE 'pg\\_%'`;
const LOCKS = `SELECT coalesce(json_agg(json_build_array(relation::int, mode)), '[]') FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation' AND relation IS NOT NULL`;
const BEFORE = `SELECT (${RELATIONS}) AS relations`;
const AFTER = `SELECT (${RELATIONS}) AS relations, (${LOCKS}) AS locks`;
// Sequential scans so far in this transaction, of the tables asked about only (pg_stat_xact_user_tables costs 9 ms).
const scansOf = (oids: number[]): string => `SELECT coalesce(json_agg(json_build_array(o::int, pg_stat_get_xact_numscans(o)::int)), '[]') AS scans FROM unnest(ARRAY[${oids.join(',')}]::oid[]) o`;

type Row = { relations: [number, string, string, number][]; locks?: [number, string][] };

function relationsOf(row: Row): { byOid: Map<number, RelationInfo>; byKey: Map<string, RelationInfo> } {
  const byOid = new Map<number, RelationInfo>();
  const byKey = new Map<string, RelationInfo>();
  for (const [oid, key, relkind, relfilenode] of row.relations) {
    const info = { key, relkind, relfilenode };
    byOid.set(oid, info);
    byKey.set(key, info);
  }
  return { byOid, byKey };
}

// Statements PostgreSQL refuses in a transaction block run on their own; an event trigger reads
// pg_locks at ddl_command_end for those it fires on (DROP INDEX CONCURRENTLY, DETACH … CONCURRENTLY).
const EVENT_TRIGGER = `
  CREATE SCHEMA lock_probe;
  CREATE TABLE lock_probe.seen (oid int, mode text);
  CREATE FUNCTION lock_probe.grab() RETURNS event_trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO lock_probe.seen SELECT relation::int, mode FROM pg_locks
    WHERE pid = pg_backend_pid() AND locktype = 'relation' AND relation IS NOT NULL;
  END $$;
  CREATE EVENT TRIGGER lock_probe_grab ON ddl_command_end EXECUTE FUNCTION lock_probe.grab();`;

export class LockProbe {
  private readonly db: SqlSession;

  private constructor(private readonly pg: PgliteInstance) {
    this.db = pg.session;
  }

  /** PGlite (through the history applier's loader, server/src/pg/pglite.ts) with these extensions' bundles. */
  static async create(extensions: Iterable<string> = []): Promise<LockProbe> {
    const pg = await openPglite({ extensions });
    await pg.session.exec(EVENT_TRIGGER);
    return new LockProbe(pg);
  }

  async close(): Promise<void> {
    await this.pg.close();
  }

  /** Runs SQL for real (the history before a statement). */
  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  /**
   * Runs `sql` inside BEGIN … ROLLBACK (or on its own when `ownTransaction`) and reports what it
   * locked, rewrote and scanned. With `keep`, the statement's effect is kept (COMMIT instead of
   * ROLLBACK; a corpus history goes on from it). Throws PostgreSQL's error.
   */
  async observe(sql: string, options: { ownTransaction?: boolean; keep?: boolean; scansOf?: readonly string[] } = {}): Promise<Observation> {
    const locks = new Map<string, LockMode>();
    const scanned = new Set<string>();
    let before: ReturnType<typeof relationsOf>;
    let after: Map<string, RelationInfo>;
    const note = (oid: number, mode: string): void => {
      const rel = before.byOid.get(oid);
      if (!rel || !LOCK_MODES.includes(mode as LockMode)) return;
      const old = locks.get(rel.key);
      if (!old || lockStrength(mode as LockMode) > lockStrength(old)) locks.set(rel.key, mode as LockMode);
    };
    // A statement may end with a -- comment: the next command starts on a line of its own.
    const statement = sql + '\n';
    if (options.ownTransaction) {
      await this.db.exec('DELETE FROM lock_probe.seen');
      before = relationsOf((await this.db.query<Row>(BEFORE))[0]!);
      await this.db.exec(statement);
      for (const r of await this.db.query<{ oid: number; mode: string }>('SELECT oid, mode FROM lock_probe.seen')) note(r.oid, r.mode);
      after = relationsOf((await this.db.query<Row>(BEFORE))[0]!).byKey;
    } else {
      await this.db.exec('BEGIN');
      before = relationsOf((await this.db.query<Row>(BEFORE))[0]!);
      const oids = [...before.byOid].filter(([, r]) => options.scansOf?.includes(r.key)).map(([oid]) => oid);
      let row1: Row;
      let scans0: [number, number][] = [];
      let scans1: [number, number][] = [];
      try {
        if (oids.length) scans0 = (await this.db.query<{ scans: [number, number][] }>(scansOf(oids)))[0]!.scans;
        await this.db.exec(statement);
        row1 = (await this.db.query<Row>(AFTER))[0]!;
        if (oids.length) scans1 = (await this.db.query<{ scans: [number, number][] }>(scansOf(oids)))[0]!.scans;
      } finally {
        await this.db.exec(options.keep ? 'COMMIT' : 'ROLLBACK');
      }
      for (const [oid, mode] of row1.locks ?? []) note(oid, mode);
      const counted = new Map(scans0);
      for (const [oid, n] of scans1) if (n > (counted.get(oid) ?? 0)) scanned.add(before.byOid.get(oid)!.key);
      after = relationsOf(row1).byKey;
    }
    // The event trigger fires for some of the own-transaction commands only, and for CREATE INDEX /
    // REINDEX CONCURRENTLY sees no table lock; inside a transaction block pg_locks is always read.
    const locksObserved = !options.ownTransaction || locks.size > 0;
    const newFile = new Set<string>();
    for (const [key, rel] of before.byKey) {
      const now = after.get(key);
      if (now && rel.relfilenode !== 0 && now.relfilenode !== rel.relfilenode) newFile.add(key);
    }
    return { locks, newFile, scanned, before: before.byKey, locksObserved };
  }
}
