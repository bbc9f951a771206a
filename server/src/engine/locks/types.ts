// The lock model's answers: per statement, per relation it touches, the lock mode PostgreSQL takes,
// whether the statement rewrites or scans it under that lock, and whether anything is at risk.
import type { Statement } from '../parse/document.js';
import type { AlterAction, ColumnDef, ConstraintDef } from '../parse/facts.js';
import type { Range } from '../parse/positions.js';
import type { LockMode } from './modes.js';

/** Why a statement rewrites a table (copies every row into a new file, indexes rebuilt). */
export type RewriteReason =
  | { kind: 'volatileDefault'; function: string }
  | { kind: 'serialColumn'; type: string }
  | { kind: 'identityColumn' }
  | { kind: 'storedGeneratedColumn' }
  | { kind: 'defaultBeforePg11'; version: number }
  | { kind: 'typeChange'; from: string; to: string }
  | { kind: 'typeChangeUsing' }
  /** The history does not show the column's type: a rewrite unless the change is binary compatible. */
  | { kind: 'typeChangeUnknownFrom'; to: string }
  | { kind: 'setTablespace' }
  | { kind: 'setLogged' }
  | { kind: 'setExpression' }
  | { kind: 'vacuumFull' }
  | { kind: 'cluster' }
  | { kind: 'refreshMaterializedView' };

/** Why a statement reads every row of a table while it holds its lock (without rewriting it). */
export type ScanReason =
  /** SET NOT NULL with no validated CHECK (col IS NOT NULL) PostgreSQL can use. */
  | { kind: 'setNotNull'; column: string; pendingCheck?: string; oldPostgresCheck?: string }
  /** A CHECK, FOREIGN KEY or NOT NULL constraint added without NOT VALID is checked against every row. */
  | { kind: 'newConstraint'; constraint: ConstraintDef; column?: ColumnDef }
  /** ADD COLUMN … NOT NULL without a default: every row is checked. */
  | { kind: 'notNullColumn'; column: string }
  /** An index is built: CREATE INDEX, REINDEX, ADD PRIMARY KEY / UNIQUE / EXCLUDE. */
  | { kind: 'buildIndex'; constraint?: ConstraintDef }
  /** ADD PRIMARY KEY USING INDEX on columns not yet NOT NULL: PostgreSQL sets them NOT NULL, scanning. */
  | { kind: 'primaryKeyNotNull'; constraint: ConstraintDef }
  | { kind: 'validateConstraint'; constraint: string }
  | { kind: 'attachPartition' }
  | { kind: 'vacuum' }
  | { kind: 'refreshConcurrently' };

/** One clause of a statement that takes a lock on a relation. */
export interface LockCause {
  /** What takes the lock, e.g. "ALTER TABLE … ADD COLUMN", "CREATE INDEX", "REFERENCES". */
  what: string;
  /** The mode this clause alone needs (the relation is locked in the strongest of its causes). */
  mode: LockMode;
  range: Range;
  rewrite?: RewriteReason;
  scan?: ScanReason;
  /** Constraints this clause checks against every existing row (during its scan or rewrite). */
  checks?: ConstraintDef[];
  /** The ALTER TABLE subcommand it comes from. */
  action?: AlterAction;
  /** For index commands: the index. */
  index?: string;
  /** The prediction is a conservative guess (e.g. a type change from a type the history does not show). */
  uncertain?: string;
}

export type RelationKind = 'table' | 'partitionedTable' | 'view' | 'materializedView' | 'index';

export interface LockedRelation {
  /** schema.name, as in the schema model (unqualified names are in public). */
  key: string;
  schema: string;
  name: string;
  /** 'index' only when an index command's table is unknown to the history: the lock is then on that unknown table. */
  kind: RelationKind;
  /** The strongest mode any cause takes: the lock PostgreSQL holds on the relation. */
  mode: LockMode;
  /** Created earlier in this file (or its transaction): no other session is using it yet, nothing is at risk. */
  newTable: boolean;
  rewrite: boolean;
  scan: boolean;
  /** Locked because the statement recurses to it: a partition or inheritance child of this table. */
  viaParent?: string;
  causes: LockCause[];
}

export type HeldUntil = 'end of statement' | 'end of transaction';

export interface StatementLocks {
  statement: Statement;
  /** The command, e.g. "ALTER TABLE", "CREATE INDEX", "REFRESH MATERIALIZED VIEW". */
  command: string;
  /** In the order the statement names them. */
  relations: LockedRelation[];
  /** Any relation is rewritten / scanned. */
  rewrite: boolean;
  scan: boolean;
  /** Every relation locked is new in this file: nothing at risk. */
  newTable: boolean;
  heldUntil: HeldUntil;
  /** With heldUntil 'end of transaction': the statement that ends the transaction (COMMIT), undefined when the file's end does (or the tool's transaction). */
  transactionEnd?: Statement;
  /** Cannot run in a transaction block (CONCURRENTLY, VACUUM): PostgreSQL takes and releases its locks in transactions of its own. */
  ownTransactions?: boolean;
  /** The model cannot tell what the statement locks (it runs code: DO, CALL, functions): why. */
  unknown?: string;
  /** The relations listed are locked as stated, but the statement may lock more (CASCADE): why. */
  incomplete?: string;
}

/** The lock model of one migration file: one entry per statement, in order. */
export interface FileLocks {
  statements: StatementLocks[];
  /** The entry of a statement (by its index in the file). */
  of(statement: Statement): StatementLocks;
}

/** Inputs from rule options that change what PostgreSQL does (one model for rules, hints and explain). */
export interface LockOptions {
  /** More functions to treat as volatile (volatile-default's option). */
  volatileFunctions: readonly string[];
  /** The session time zone is UTC (unsafe-column-type-change's option). */
  utcSessionTimeZone: boolean;
}

export const DEFAULT_LOCK_OPTIONS: LockOptions = Object.freeze({ volatileFunctions: [], utcSessionTimeZone: false });
