// PostgreSQL's table-level lock modes, named as pg_locks.mode names them, with what each one blocks.
// https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES (table 13.2, the conflicts).

/** A table-level lock mode, as `pg_locks.mode` names it. */
export type LockMode =
  | 'AccessShareLock'
  | 'RowShareLock'
  | 'RowExclusiveLock'
  | 'ShareUpdateExclusiveLock'
  | 'ShareLock'
  | 'ShareRowExclusiveLock'
  | 'ExclusiveLock'
  | 'AccessExclusiveLock';

/** Weakest first: PostgreSQL's LOCKMODE numbering, so a larger index is a stronger lock. */
export const LOCK_MODES: readonly LockMode[] = [
  'AccessShareLock',
  'RowShareLock',
  'RowExclusiveLock',
  'ShareUpdateExclusiveLock',
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
];

export function lockStrength(mode: LockMode): number {
  return LOCK_MODES.indexOf(mode);
}

export function strongest(a: LockMode, b: LockMode): LockMode {
  return lockStrength(a) >= lockStrength(b) ? a : b;
}

/** Stronger than RowExclusiveLock: the modes that block other sessions' DML or DDL beyond what ordinary writes do. */
export function isBlocking(mode: LockMode): boolean {
  return lockStrength(mode) > lockStrength('RowExclusiveLock');
}

/** The name the PostgreSQL documentation and our messages use: ACCESS EXCLUSIVE, SHARE ROW EXCLUSIVE, … */
export function docsName(mode: LockMode): string {
  return mode
    .replace(/Lock$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
}

// The conflict table: which modes each mode conflicts with (lockConflicts in src/backend/storage/lmgr/lock.c).
const CONFLICTS: Record<LockMode, readonly LockMode[]> = {
  AccessShareLock: ['AccessExclusiveLock'],
  RowShareLock: ['ExclusiveLock', 'AccessExclusiveLock'],
  RowExclusiveLock: ['ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareUpdateExclusiveLock: ['ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareRowExclusiveLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ExclusiveLock: ['RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  AccessExclusiveLock: LOCK_MODES,
};

export function conflicts(a: LockMode, b: LockMode): boolean {
  return CONFLICTS[a].includes(b);
}

/** What other sessions cannot do on the relation while the lock is held. */
export interface Blocked {
  /** SELECT (AccessShareLock). */
  reads: boolean;
  /** INSERT, UPDATE, DELETE (RowExclusiveLock). */
  writes: boolean;
  /** SELECT … FOR UPDATE / FOR SHARE (RowShareLock). */
  lockingReads: boolean;
  /** Schema changes, VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY (ShareUpdateExclusiveLock and up). */
  ddl: boolean;
}

export function blocked(mode: LockMode): Blocked {
  return {
    reads: conflicts(mode, 'AccessShareLock'),
    writes: conflicts(mode, 'RowExclusiveLock'),
    lockingReads: conflicts(mode, 'RowShareLock'),
    ddl: conflicts(mode, 'ShareUpdateExclusiveLock'),
  };
}

/** "reads and writes", "writes", "other schema changes and VACUUM", … */
export function blocksPhrase(mode: LockMode): string {
  const b = blocked(mode);
  if (b.reads) return 'reads and writes';
  if (b.writes) return b.lockingReads ? 'writes and SELECT … FOR UPDATE' : 'writes';
  if (b.ddl) return 'schema changes, VACUUM and CREATE INDEX CONCURRENTLY';
  if (conflicts(mode, 'ShareLock')) return 'CREATE INDEX and stronger locks';
  if (conflicts(mode, 'ExclusiveLock')) return 'only EXCLUSIVE and ACCESS EXCLUSIVE locks';
  return 'only ACCESS EXCLUSIVE locks (ALTER TABLE, DROP, VACUUM FULL)';
}
