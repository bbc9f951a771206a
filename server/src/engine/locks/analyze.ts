// What one statement locks, rewrites and scans, from its facts (and, for the commands no fact
// describes, its already-lexed tokens) and the schema model just before it. Sources: the lock notes
// of each command's reference page (https://www.postgresql.org/docs/current/sql-commands.html),
// https://www.postgresql.org/docs/current/explicit-locking.html, AlterTableGetLockLevel in
// src/backend/commands/tablecmds.c; every kind is checked against PostgreSQL's own pg_locks by
// test/locks/pglite-proof.test.ts.
import type { Statement } from '../parse/document.js';
import type { AlterAction, AlterTableFact, ColumnDef, ConstraintDef, Fact, QualifiedName } from '../parse/facts.js';
import type { Range } from '../parse/positions.js';
import { identName, type TokenStream } from '../parse/tokens.js';
import { DEFAULT_SCHEMA, tableKey, type SchemaModel } from '../model/schema.js';
import { generatedName } from '../model/names.js';
import type { FileObjects } from '../rules/util/migration.js';
import { strongest, type LockMode } from './modes.js';
import { binaryCompatible, trivialUsing } from './rewrite.js';
import type { LockCause, LockedRelation, RelationKind, RewriteReason, ScanReason, StatementLocks } from './types.js';
import { setNotNullOf } from '../parse/alter-actions.js';

/** What the analysis of one statement may ask about its surroundings. */
export interface StatementEnv {
  statement: Statement;
  text: string;
  tokens: TokenStream;
  /** The schema just before the statement (this file's earlier statements applied). */
  model: SchemaModel;
  objects: FileObjects;
  postgresVersion: number;
  isVolatile(fn: string): boolean;
  /** The session time zone is UTC before this statement (option, or SET timezone earlier in the file). */
  utcSessionTimeZone: boolean;
  /** Types (enums) created in this file: a type change to one of them converts the column. */
  recreatedTypes: ReadonlySet<string>;
  /** Keys of the tables some table of the history INHERITS from: only those (and partitioned tables) have children. */
  inheritedParents: { has(key: string): boolean };
  /** Keys of the tables the history creates triggers on (their code may lock other tables). */
  triggered: { has(key: string): boolean };
  /** This file's statements (those before this one say what the history model may not show about a table the history never created). */
  fileStatements: readonly Statement[];
}

type Name = { schema?: string; name: string };

// ALTER TABLE subcommands by lock (AlterTableGetLockLevel); every other subcommand takes ACCESS EXCLUSIVE.
const SHARE_UPDATE_EXCLUSIVE_SUBTYPES = new Set([
  'AT_SetStatistics',
  'AT_ClusterOn',
  'AT_DropCluster',
  'AT_SetOptions',
  'AT_ResetOptions',
  'AT_DetachPartitionFinalize',
]);
const SHARE_ROW_EXCLUSIVE_SUBTYPES = new Set([
  'AT_EnableTrig',
  'AT_EnableAlwaysTrig',
  'AT_EnableReplicaTrig',
  'AT_EnableTrigAll',
  'AT_EnableTrigUser',
  'AT_DisableTrig',
  'AT_DisableTrigAll',
  'AT_DisableTrigUser',
]);
/** Subcommands that act on the named table only (no recursion to partitions or inheritance children). */
const NO_RECURSION = new Set(['setSchema', 'enableRowLevelSecurity', 'disableRowLevelSecurity', 'forceRowLevelSecurity', 'attachPartition', 'detachPartition']);
const NO_RECURSION_SUBTYPES = new Set([
  'AT_ChangeOwner',
  'AT_ClusterOn',
  'AT_DropCluster',
  'AT_SetRelOptions',
  'AT_ResetRelOptions',
  'AT_ReplicaIdentity',
  'AT_SetTableSpace',
  'AT_SetLogged',
  'AT_SetUnLogged',
  'AT_NoForceRowSecurity',
  'AT_AddInherit',
  'AT_DropInherit',
  'AT_DetachPartitionFinalize',
]);

// Storage parameters whose SET / RESET takes SHARE UPDATE EXCLUSIVE (AlterTableGetRelOptionsLockLevel:
// the relopts declared with ShareUpdateExclusiveLock in src/backend/access/common/reloptions.c).
const SHARE_UPDATE_EXCLUSIVE_RELOPTIONS = /^(toast\.)?(fillfactor|parallel_workers|toast_tuple_target|autovacuum_\w+|vacuum_index_cleanup|vacuum_truncate|vacuum_max_eager_freeze_failure_rate|log_autovacuum_min_duration)$/i;

const ALTER_WORDS: Record<string, string> = {
  addColumn: 'ADD COLUMN',
  dropColumn: 'DROP COLUMN',
  alterColumnType: 'ALTER COLUMN … TYPE',
  setNotNull: 'SET NOT NULL',
  dropNotNull: 'DROP NOT NULL',
  setDefault: 'SET DEFAULT',
  dropDefault: 'DROP DEFAULT',
  addConstraint: 'ADD CONSTRAINT',
  dropConstraint: 'DROP CONSTRAINT',
  validateConstraint: 'VALIDATE CONSTRAINT',
  enableRowLevelSecurity: 'ENABLE ROW LEVEL SECURITY',
  disableRowLevelSecurity: 'DISABLE ROW LEVEL SECURITY',
  forceRowLevelSecurity: 'FORCE ROW LEVEL SECURITY',
  attachPartition: 'ATTACH PARTITION',
  detachPartition: 'DETACH PARTITION',
  setSchema: 'SET SCHEMA',
};

/** "ALTER TABLE … ADD COLUMN", "ALTER TABLE … ChangeOwner" for the rarer subcommands. */
export function alterWhat(action: AlterAction): string {
  return `ALTER TABLE … ${ALTER_WORDS[action.type] ?? (action.type === 'other' ? action.subtype.replace(/^AT_/, '') : action.type)}`;
}

class Builder {
  readonly relations = new Map<string, LockedRelation>();
  unknown?: string;
  incomplete?: string;
  ownTransactions = false;

  constructor(private readonly env: StatementEnv) {}

  kindOf(key: string): RelationKind {
    const m = this.env.model;
    const t = m.tables.get(key);
    if (t) return t.partitioned ? 'partitionedTable' : 'table';
    const v = m.views.get(key);
    if (v) return v.materialized ? 'materializedView' : 'view';
    return 'table';
  }

  /** Records that `name` is locked in `mode` by `cause`; with `recurse`, its partitions and inheritance children too. */
  lock(name: Name, cause: Omit<LockCause, 'mode'> & { mode: LockMode }, recurse = false, kind?: RelationKind, viaParent?: string): LockedRelation {
    const key = tableKey(name.schema, name.name);
    let r = this.relations.get(key);
    if (!r) {
      const [schema, ...rest] = key.split('.');
      r = {
        key,
        schema: schema ?? DEFAULT_SCHEMA,
        name: rest.join('.'),
        kind: kind ?? this.kindOf(key),
        mode: cause.mode,
        newTable: this.env.objects.isNewTable(this.env.statement, { schema: schema, name: rest.join('.') }),
        rewrite: false,
        scan: false,
        causes: [],
      };
      if (viaParent) r.viaParent = viaParent;
      this.relations.set(key, r);
    }
    r.mode = strongest(r.mode, cause.mode);
    r.causes.push(cause);
    if (cause.rewrite) r.rewrite = true;
    if (cause.scan) r.scan = true;
    if (recurse) for (const child of this.children(key)) this.lock(splitKey(child), { ...cause }, true, undefined, key);
    return r;
  }

  /** Raises every cause's relation to `mode` (ALTER TABLE takes one lock: the strongest its subcommands need). */
  raise(key: string, mode: LockMode): void {
    const r = this.relations.get(key);
    if (!r) return;
    r.mode = strongest(r.mode, mode);
    for (const other of this.relations.values()) if (other.viaParent && descendsFrom(this.relations, other, key)) other.mode = strongest(other.mode, mode);
  }

  /** Direct partitions and inheritance children of a table. */
  children(key: string): string[] {
    const t = this.env.model.tables.get(key);
    // A scan of every table, so only for tables that can have children.
    if (!t?.partitioned && !this.env.inheritedParents.has(key)) return [];
    const out: string[] = [];
    this.env.model.tables.forEach((c) => {
      if (c.partitionOf === key || c.inherits?.includes(key)) out.push(c.key);
    });
    return out;
  }

  result(command: string): Omit<StatementLocks, 'heldUntil'> {
    const relations = [...this.relations.values()];
    const out: Omit<StatementLocks, 'heldUntil'> = {
      statement: this.env.statement,
      command,
      relations,
      rewrite: relations.some((r) => r.rewrite),
      scan: relations.some((r) => r.scan && !r.rewrite),
      newTable: relations.length > 0 && relations.every((r) => r.newTable),
    };
    if (this.ownTransactions) out.ownTransactions = true;
    if (this.unknown) out.unknown = this.unknown;
    if (this.incomplete) out.incomplete = this.incomplete;
    return out;
  }
}

/** Tables whose foreign keys reference any of `keys`, transitively (not `keys` themselves). */
function referencingTables(model: SchemaModel, keys: string[]): string[] {
  const seen = new Set(keys);
  const out: string[] = [];
  for (let changed = true; changed; ) {
    changed = false;
    model.tables.forEach((t) => {
      if (seen.has(t.key)) return;
      if (t.constraints.some((c) => c.kind === 'foreignKey' && c.references && seen.has(c.references.table))) {
        seen.add(t.key);
        out.push(t.key);
        changed = true;
      }
    });
  }
  return out;
}

function descendsFrom(all: Map<string, LockedRelation>, r: LockedRelation, ancestor: string): boolean {
  for (let p = r.viaParent; p; p = all.get(p)?.viaParent) if (p === ancestor) return true;
  return false;
}

function splitKey(key: string): Name {
  const [schema, ...rest] = key.split('.');
  return { schema, name: rest.join('.') };
}

/** Analyzes one statement. */
export function analyzeStatement(env: StatementEnv): Omit<StatementLocks, 'heldUntil'> {
  const st = env.statement;
  const b = new Builder(env);
  const words = leadingWords(env, 4);
  for (const f of st.facts) analyzeFact(env, b, f);
  analyzeWithoutFacts(env, b, words);
  return b.result(commandTag(st, words));
}

function analyzeFact(env: StatementEnv, b: Builder, f: Fact): void {
  switch (f.kind) {
    case 'alterTable':
      alterTable(env, b, f);
      break;
    case 'createTable': {
      const self = tableKey(f.table.schema, f.table.name);
      // CREATE TABLE … REFERENCES takes SHARE ROW EXCLUSIVE on the referenced table to add its triggers.
      for (const c of f.constraints)
        if (c.references && tableKey(c.references.table.schema, c.references.table.name) !== self)
          b.lock(c.references.table, { what: 'CREATE TABLE … REFERENCES', mode: 'ShareRowExclusiveLock', range: c.range }, true);
      // A new partition changes the parent's partition descriptor: ACCESS EXCLUSIVE on the parent.
      if (f.partitionOf) b.lock(f.partitionOf, { what: 'CREATE TABLE … PARTITION OF', mode: 'AccessExclusiveLock', range: f.partitionOf.range });
      // INHERITS: SHARE UPDATE EXCLUSIVE on each parent (MergeAttributes).
      for (const p of f.inherits) b.lock(p, { what: 'CREATE TABLE … INHERITS', mode: 'ShareUpdateExclusiveLock', range: p.range });
      for (const l of f.like) b.lock(l.table, { what: 'CREATE TABLE … LIKE', mode: 'AccessShareLock', range: l.table.range });
      break;
    }
    case 'createIndex': {
      if (f.concurrently) {
        b.ownTransactions = true;
        b.lock(f.table, { what: 'CREATE INDEX CONCURRENTLY', mode: 'ShareUpdateExclusiveLock', range: f.table.range, scan: { kind: 'buildIndex' } }, true);
      } else {
        // ON ONLY parent builds nothing: the partitions' indexes are attached later.
        const cause: LockCause = { what: 'CREATE INDEX', mode: 'ShareLock', range: f.table.range };
        if (!f.only) cause.scan = { kind: 'buildIndex' };
        b.lock(f.table, cause, !f.only);
      }
      break;
    }
    case 'createTrigger':
      // "SHARE ROW EXCLUSIVE: acquired by CREATE TRIGGER"; a row trigger on a partitioned table is cloned to each partition.
      b.lock(f.table, { what: 'CREATE TRIGGER', mode: 'ShareRowExclusiveLock', range: f.table.range }, true);
      break;
    case 'reindex':
      reindex(env, b, f);
      break;
    case 'rename':
      rename(env, b, f);
      break;
    case 'drop':
      drop(env, b, f);
      break;
    case 'createView':
      for (const r of f.references ?? []) b.lock(r, { what: f.materialized ? 'CREATE MATERIALIZED VIEW' : 'CREATE VIEW', mode: 'AccessShareLock', range: r.range });
      // CREATE OR REPLACE VIEW of an existing view: ACCESS EXCLUSIVE on the view, as any reader of it would see the change.
      if (f.orReplace && env.model.views.has(tableKey(f.name.schema, f.name.name)))
        b.lock(f.name, { what: 'CREATE OR REPLACE VIEW', mode: 'AccessExclusiveLock', range: f.name.range }, false, 'view');
      break;
    case 'update':
    case 'delete':
    case 'insert':
      b.lock(f.table, { what: f.kind.toUpperCase(), mode: 'RowExclusiveLock', range: f.table.range });
      if (env.triggered.has(tableKey(f.table.schema, f.table.name))) b.incomplete = `triggers on ${f.table.name} run code the model cannot see, which may lock other tables (e.g. REFRESH MATERIALIZED VIEW)`;
      break;
    default:
      break;
  }
}

// ---- ALTER TABLE ------------------------------------------------------------------------------

function alterTable(env: StatementEnv, b: Builder, f: AlterTableFact): void {
  const st = env.statement;
  const key = tableKey(f.table.schema, f.table.name);
  // ALTER TABLE accepts an index or a view name too: renames and options of those lock only them.
  if (env.objects.isIndexOrView(st, f.table)) {
    if (env.model.views.has(key)) for (const a of f.actions) b.lock(f.table, { what: alterWhat(a), mode: 'AccessExclusiveLock', range: a.range, action: a }, false, 'view');
    return;
  }
  const table = env.model.tables.get(key);
  let statementMode: LockMode = 'AccessShareLock';
  for (const a of f.actions) {
    const mode = alterLock(env, a);
    statementMode = strongest(statementMode, mode);
    const cause: LockCause = { what: alterWhat(a), mode, range: a.range, action: a };
    const effect = alterEffect(env, f, a);
    if (effect.rewrite) cause.rewrite = effect.rewrite;
    if (effect.scan) cause.scan = effect.scan;
    if (effect.checks?.length) cause.checks = effect.checks;
    if (effect.uncertain) cause.uncertain = effect.uncertain;
    const recurse = !f.only && !NO_RECURSION.has(a.type) && !(a.type === 'other' && NO_RECURSION_SUBTYPES.has(a.subtype));
    b.lock(f.table, cause, recurse);
    sideLocks(env, b, f, a);
  }
  // One lock for the whole statement, on the table and every child it recursed to.
  b.raise(key, statementMode);
}

/** The lock an ALTER TABLE subcommand needs on the altered table. */
function alterLock(env: StatementEnv, a: AlterAction): LockMode {
  switch (a.type) {
    case 'validateConstraint':
      return 'ShareUpdateExclusiveLock';
    case 'attachPartition':
      // PostgreSQL 12 lowered ATTACH PARTITION to SHARE UPDATE EXCLUSIVE on the parent.
      return env.postgresVersion >= 12 ? 'ShareUpdateExclusiveLock' : 'AccessExclusiveLock';
    case 'detachPartition':
      return detachConcurrently(env, a) ? 'ShareUpdateExclusiveLock' : 'AccessExclusiveLock';
    case 'addConstraint':
      // "ADD FOREIGN KEY requires only a SHARE ROW EXCLUSIVE lock" (with or without NOT VALID).
      return a.constraint.kind === 'foreignKey' ? 'ShareRowExclusiveLock' : 'AccessExclusiveLock';
    case 'other':
      if (SHARE_UPDATE_EXCLUSIVE_SUBTYPES.has(a.subtype)) return 'ShareUpdateExclusiveLock';
      if (SHARE_ROW_EXCLUSIVE_SUBTYPES.has(a.subtype)) return 'ShareRowExclusiveLock';
      if (a.subtype === 'AT_SetRelOptions' || a.subtype === 'AT_ResetRelOptions') {
        const list = /\(([^)]*)\)/.exec(env.text.slice(a.range.start, a.range.end))?.[1] ?? '';
        const names = list.split(',').map((x) => x.split('=')[0]!.trim());
        return names.length && names.every((n) => SHARE_UPDATE_EXCLUSIVE_RELOPTIONS.test(n)) ? 'ShareUpdateExclusiveLock' : 'AccessExclusiveLock';
      }
      return 'AccessExclusiveLock';
    default:
      return 'AccessExclusiveLock';
  }
}

function detachConcurrently(env: StatementEnv, a: AlterAction): boolean {
  return /\b(CONCURRENTLY|FINALIZE)\s*$/i.test(env.text.slice(a.range.start, a.range.end));
}

interface Effect {
  rewrite?: RewriteReason;
  scan?: ScanReason;
  checks?: ConstraintDef[];
  uncertain?: string;
}

/**
 * Whether adding the constraint checks the existing rows. NOT VALID skips the check; so does a foreign
 * key on a column added without a default, which holds only NULLs (PostgreSQL marks it valid
 * unchecked: transformAlterTableStmt's skipValidation in src/backend/parser/parse_utilcmd.c).
 */
export function checksExistingRows(c: ConstraintDef, newColumn?: ColumnDef): boolean {
  if (c.notValid || (c.kind !== 'check' && c.kind !== 'foreignKey')) return false;
  return !(c.kind === 'foreignKey' && newColumn && (!newColumn.default || newColumn.default.isNull));
}

function alterEffect(env: StatementEnv, f: AlterTableFact, a: AlterAction): Effect {
  switch (a.type) {
    case 'addColumn':
      return addColumnEffect(env, a.column, a.constraints, f);
    case 'alterColumnType': {
      const text = a.newType.text;
      if (a.using && !trivialUsing(a.using.text, a.column.name, text)) return { rewrite: { kind: 'typeChangeUsing' } };
      const old = env.model.table(f.table.schema, f.table.name)?.columns.get(a.column.name) ?? addedInFile(env, f.table, a.column.name);
      // A column added earlier in this file has its type from that ADD COLUMN.
      if (!old) return { rewrite: { kind: 'typeChangeUnknownFrom', to: text }, uncertain: 'the history does not show the column\'s current type' };
      // A type of the same name created in this file (the enum swap) is a different type: converted and rewritten.
      const recreated = env.recreatedTypes.has(tableKey(a.newType.schema, a.newType.name));
      if (!recreated && binaryCompatible(old.type, a.newType, env.utcSessionTimeZone, env.postgresVersion)) return {};
      return { rewrite: { kind: 'typeChange', from: old.type.text, to: text } };
    }
    case 'setNotNull': {
      const table = env.model.table(f.table.schema, f.table.name);
      const column = a.column.name;
      // Already NOT NULL: nothing to check. Added by this same statement: its ADD COLUMN decides.
      if (table?.columns.get(column)?.notNull) return {};
      if (f.actions.some((x) => x.type === 'addColumn' && x.column.name.name === column)) return {};
      // A CHECK dropped by this same statement is gone before SET NOT NULL runs.
      const dropped = new Set(f.actions.flatMap((x) => (x.type === 'dropConstraint' ? [x.name.name] : [])));
      const known = table ? table.constraints : notNullChecksInFile(env, f.table);
      const checks = known.filter((c) => c.kind === 'check' && c.checkNotNullColumn === column && !dropped.has(c.name));
      const validated = checks.find((c) => !c.notValid);
      // PostgreSQL 12+ proves NOT NULL from a validated CHECK (col IS NOT NULL) without scanning.
      if (validated) return env.postgresVersion >= 12 ? {} : { scan: { kind: 'setNotNull', column, oldPostgresCheck: validated.name } };
      const pending = checks.find((c) => c.notValid);
      return { scan: pending ? { kind: 'setNotNull', column, pendingCheck: pending.name } : { kind: 'setNotNull', column } };
    }
    case 'addConstraint': {
      const c = a.constraint;
      if (c.kind === 'check' || c.kind === 'foreignKey') return checksExistingRows(c) ? { scan: { kind: 'newConstraint', constraint: c }, checks: [c] } : {};
      if (c.usingIndex) {
        if (c.kind !== 'primaryKey') return {};
        const table = env.model.table(f.table.schema, f.table.name);
        const index = env.model.indexes.get(tableKey(f.table.schema, c.usingIndex));
        const columns = index?.columns ?? [];
        const nullable = !table || !index || columns.some((col) => !col || !table.columns.get(col)?.notNull);
        return nullable ? { scan: { kind: 'primaryKeyNotNull', constraint: c }, uncertain: table && index ? undefined : 'the history does not show whether the index columns are NOT NULL' } : {};
      }
      return { scan: { kind: 'buildIndex', constraint: c } };
    }
    case 'validateConstraint':
      return { scan: { kind: 'validateConstraint', constraint: a.name.name } };
    case 'other':
      switch (a.subtype) {
        case 'AT_SetTableSpace':
          return { rewrite: { kind: 'setTablespace' } };
        case 'AT_SetLogged':
        case 'AT_SetUnLogged':
          return { rewrite: { kind: 'setLogged' } };
        case 'AT_SetExpression':
          // A stored generated column is recomputed for every row; PostgreSQL 18's virtual ones are not (the model does not record which).
          return { rewrite: { kind: 'setExpression' }, ...(env.postgresVersion >= 18 ? { uncertain: 'a virtual generated column (PostgreSQL 18) is not rewritten' } : {}) };
        case 'AT_AddConstraint':
          // Constraints the adapters do not describe (NOT NULL constraints, PostgreSQL 18): checked unless NOT VALID.
          return /\bNOT\s+VALID\s*$/i.test(env.text.slice(a.range.start, a.range.end)) ? {} : { scan: { kind: 'validateConstraint', constraint: '' } };
        default:
          return {};
      }
    default:
      return {};
  }
}

// A table the history never created (one file linted alone) is not in the model, which replays no
// ALTER TABLE of it: what this file did to it before the statement is read from its own facts.

function earlierStatements(env: StatementEnv): readonly Statement[] {
  return env.fileStatements.slice(0, env.statement.index);
}

/** The type of a column this file added, before the statement, to a table the history never created. */
function addedInFile(env: StatementEnv, table: QualifiedName, column: string): { type: ColumnDef['type'] } | undefined {
  const key = tableKey(table.schema, table.name);
  let found: { type: ColumnDef['type'] } | undefined;
  for (const s of earlierStatements(env))
    for (const f of s.facts)
      if (f.kind === 'alterTable' && tableKey(f.table.schema, f.table.name) === key)
        for (const a of f.actions) if (a.type === 'addColumn' && a.column.name.name === column) found = { type: a.column.type };
  return found;
}

/** The CHECK (col IS NOT NULL) constraints this file added (validated, dropped) before the statement, on a table the history never created. */
function notNullChecksInFile(env: StatementEnv, table: QualifiedName): { kind: 'check'; name: string; checkNotNullColumn: string; notValid: boolean }[] {
  const key = tableKey(table.schema, table.name);
  const checks = new Map<string, { kind: 'check'; name: string; checkNotNullColumn: string; notValid: boolean }>();
  for (const s of earlierStatements(env))
    for (const f of s.facts) {
      if (f.kind !== 'alterTable' || tableKey(f.table.schema, f.table.name) !== key) continue;
      for (const a of f.actions) {
        if (a.type === 'addConstraint' && a.constraint.kind === 'check' && a.constraint.check?.notNullColumn) {
          const name = a.constraint.name?.name ?? generatedName(table.name, [a.constraint.check.notNullColumn], 'check');
          checks.set(name, { kind: 'check', name, checkNotNullColumn: a.constraint.check.notNullColumn, notValid: a.constraint.notValid });
        } else if (a.type === 'validateConstraint') {
          const c = checks.get(a.name.name);
          if (c) c.notValid = false;
        } else if (a.type === 'dropConstraint') checks.delete(a.name.name);
      }
    }
  return [...checks.values()];
}

/** What ADD COLUMN does to the existing rows (volatile-default's knowledge, PostgreSQL 11's fast defaults). */
function addColumnEffect(env: StatementEnv, c: ColumnDef, constraints: ConstraintDef[], f: AlterTableFact): Effect {
  const colText = env.text.slice(c.range.start, c.range.end);
  const out: Effect = {};
  const checks = constraints.filter((k) => checksExistingRows(k, c));
  if (checks.length) out.checks = checks;
  if (c.type.serial) out.rewrite = { kind: 'serialColumn', type: c.type.text };
  else if (c.identity) out.rewrite = { kind: 'identityColumn' };
  else if (c.generated && !/\bIDENTITY\b/i.test(colText)) {
    // PostgreSQL 18 makes generated columns VIRTUAL unless STORED is written: no rewrite.
    const stored = /\bSTORED\b/i.test(colText) || (env.postgresVersion < 18 && !/\bVIRTUAL\b/i.test(colText));
    if (stored) out.rewrite = { kind: 'storedGeneratedColumn' };
  } else if (c.default && !c.default.isNull) {
    if (env.postgresVersion < 11) out.rewrite = { kind: 'defaultBeforePg11', version: env.postgresVersion };
    else {
      const fn = c.default.functions.find((x) => env.isVolatile(x));
      if (fn) out.rewrite = { kind: 'volatileDefault', function: fn };
    }
  }
  if (out.rewrite) return out;
  // Without a rewrite, PostgreSQL still reads every row to check new constraints and build new indexes.
  if (checks.length) return { ...out, scan: { kind: 'newConstraint', constraint: checks[0]!, column: c } };
  const index = constraints.find((k) => k.kind === 'primaryKey' || k.kind === 'unique' || k.kind === 'exclude');
  if (index) return { ...out, scan: { kind: 'buildIndex', constraint: index } };
  const setNotNull = !!setNotNullOf(f, c.name.name);
  if ((c.notNull || setNotNull) && (!c.default || c.default.isNull) && !c.identity && !c.generated && !c.type.serial) return { ...out, scan: { kind: 'notNullColumn', column: c.name.name } };
  return out;
}

/** Locks an ALTER TABLE subcommand takes on other tables than the altered one. */
function sideLocks(env: StatementEnv, b: Builder, f: AlterTableFact, a: AlterAction): void {
  if (a.type === 'attachPartition') {
    // ACCESS EXCLUSIVE on the table attached, which is scanned for rows outside the bound (unless a CHECK proves it).
    b.lock(a.partition, { what: 'ALTER TABLE … ATTACH PARTITION', mode: 'AccessExclusiveLock', range: a.partition.range, scan: { kind: 'attachPartition' } }, false);
  } else if (a.type === 'detachPartition') {
    const concurrently = detachConcurrently(env, a);
    if (concurrently) b.ownTransactions = /\bCONCURRENTLY\s*$/i.test(env.text.slice(a.range.start, a.range.end));
    // Even CONCURRENTLY ends with ACCESS EXCLUSIVE on the partition itself (not on the parent), in its second transaction.
    b.lock(a.partition, { what: 'ALTER TABLE … DETACH PARTITION', mode: 'AccessExclusiveLock', range: a.partition.range }, false);
  } else if (a.type === 'addConstraint' && a.constraint.references) {
    // ADD FOREIGN KEY also takes SHARE ROW EXCLUSIVE on the referenced table (its triggers).
    b.lock(a.constraint.references.table, { what: 'ADD FOREIGN KEY', mode: 'ShareRowExclusiveLock', range: a.constraint.range }, true);
  } else if (a.type === 'addColumn') {
    for (const c of a.constraints)
      if (c.references) b.lock(c.references.table, { what: 'REFERENCES', mode: 'ShareRowExclusiveLock', range: c.range }, true);
  } else if (a.type === 'validateConstraint') {
    // Validating a foreign key reads the referenced table (ROW SHARE, as SELECT … FOR KEY SHARE).
    const k = env.model.table(f.table.schema, f.table.name)?.constraints.find((c) => c.name === a.name.name);
    if (k?.kind === 'foreignKey' && k.references) b.lock(splitKey(k.references.table), { what: 'VALIDATE CONSTRAINT', mode: 'RowShareLock', range: a.range });
  } else if (a.type === 'dropConstraint') {
    // Dropping a foreign key drops its triggers on the referenced table: ACCESS EXCLUSIVE there too.
    const k = env.model.table(f.table.schema, f.table.name)?.constraints.find((c) => c.name === a.name.name);
    if (k?.kind === 'foreignKey' && k.references) b.lock(splitKey(k.references.table), { what: 'DROP CONSTRAINT (foreign key)', mode: 'AccessExclusiveLock', range: a.range });
    if (k && (k.kind === 'primaryKey' || k.kind === 'unique') && /\bCASCADE\s*$/i.test(env.text.slice(a.range.start, a.range.end)))
      b.incomplete = 'CASCADE also drops the foreign keys that reference this key, locking their tables';
  } else if (a.type === 'dropColumn') {
    // The column's foreign keys go with it, and their triggers on the referenced tables.
    const t = env.model.table(f.table.schema, f.table.name);
    for (const k of t?.constraints ?? [])
      if (k.kind === 'foreignKey' && k.references && k.columns.includes(a.column.name))
        b.lock(splitKey(k.references.table), { what: 'DROP COLUMN (foreign key)', mode: 'AccessExclusiveLock', range: a.range });
    if (a.cascade) b.incomplete = 'CASCADE also drops views and foreign keys that depend on the column';
  } else if (a.type === 'other' && (a.subtype === 'AT_AddInherit' || a.subtype === 'AT_DropInherit')) {
    const m = /\bINHERIT\s+(.+?)\s*$/i.exec(env.text.slice(a.range.start, a.range.end));
    const parent = m ? nameFromText(m[1]!) : undefined;
    if (parent) b.lock(parent, { what: `ALTER TABLE … ${a.subtype === 'AT_AddInherit' ? 'INHERIT' : 'NO INHERIT'}`, mode: a.subtype === 'AT_AddInherit' ? 'ShareUpdateExclusiveLock' : 'AccessShareLock', range: a.range });
  }
}

// ---- other commands with facts -----------------------------------------------------------------

function reindex(env: StatementEnv, b: Builder, f: Extract<Fact, { kind: 'reindex' }>): void {
  const st = env.statement;
  const what = `REINDEX ${f.objectKind.toUpperCase()}`;
  if (f.objectKind === 'schema' || f.objectKind === 'database' || f.objectKind === 'system') {
    b.ownTransactions = true;
    b.incomplete = `${what} reindexes every table of the ${f.objectKind}, each in a transaction of its own`;
    return;
  }
  if (!f.name) return;
  // Not CONCURRENTLY: SHARE on the table (ACCESS EXCLUSIVE on each index rebuilt). CONCURRENTLY: SHARE UPDATE EXCLUSIVE.
  const mode: LockMode = f.concurrently ? 'ShareUpdateExclusiveLock' : 'ShareLock';
  if (f.concurrently) b.ownTransactions = true;
  const scan: ScanReason = { kind: 'buildIndex' };
  if (f.objectKind === 'table') {
    // REINDEX TABLE of a partitioned table reindexes each partition in its own transaction.
    if (env.model.tables.get(tableKey(f.name.schema, f.name.name))?.partitioned) b.ownTransactions = true;
    b.lock(f.name, { what, mode, range: f.name.range, scan, index: undefined }, true);
    return;
  }
  const table = env.objects.indexTable(st, f.name);
  if (table) b.lock(table, { what, mode, range: f.name.range, scan, index: f.name.name });
  else b.lock(f.name, { what, mode, range: f.name.range, scan, index: f.name.name }, false, 'index');
}

function rename(env: StatementEnv, b: Builder, f: Extract<Fact, { kind: 'rename' }>): void {
  const st = env.statement;
  const what = `RENAME ${f.objectKind.toUpperCase()}`;
  const range = f.from?.range ?? f.target.range;
  const key = tableKey(f.target.schema, f.target.name);
  if (f.objectKind === 'index') return; // ALTER INDEX … RENAME: SHARE UPDATE EXCLUSIVE on the index only.
  if (f.objectKind === 'table' && env.objects.isIndexOrView(st, f.target)) {
    if (env.model.views.has(key)) b.lock(f.target, { what: 'RENAME VIEW', mode: 'AccessExclusiveLock', range }, false);
    return;
  }
  if (f.objectKind === 'view') {
    b.lock(f.target, { what: 'RENAME VIEW', mode: 'AccessExclusiveLock', range }, false);
    return;
  }
  if (f.objectKind === 'other') {
    // ALTER TRIGGER / POLICY / RULE … RENAME (the target is their table), ALTER MATERIALIZED VIEW / SEQUENCE … RENAME.
    const words = leadingWords(env, 3);
    if (words[1] === 'SEQUENCE' || words[1] === 'FOREIGN' || words[1] === 'TYPE') return;
    const w = words[1] === 'MATERIALIZED' ? 'RENAME MATERIALIZED VIEW' : `RENAME ${words[1] ?? ''}`.trim();
    b.lock(f.target, { what: w, mode: 'AccessExclusiveLock', range: f.target.range }, false);
    return;
  }
  // RENAME COLUMN / CONSTRAINT recurse to the children that inherited them; RENAME TABLE does not.
  b.lock(f.target, { what, mode: 'AccessExclusiveLock', range }, f.objectKind !== 'table');
}

function drop(env: StatementEnv, b: Builder, f: Extract<Fact, { kind: 'drop' }>): void {
  const st = env.statement;
  switch (f.objectKind) {
    case 'table':
    case 'view':
    case 'materializedView': {
      const what = f.objectKind === 'table' ? 'DROP TABLE' : f.objectKind === 'view' ? 'DROP VIEW' : 'DROP MATERIALIZED VIEW';
      for (const n of f.names) {
        // DROP … IF EXISTS of something the history never created counts as existing (the history may start after it).
        const key = tableKey(n.schema, n.name);
        b.lock(n, { what, mode: 'AccessExclusiveLock', range: n.range }, true, f.objectKind === 'table' ? undefined : f.objectKind === 'view' ? 'view' : 'materializedView');
        // Its foreign keys' triggers on the referenced tables are dropped too: ACCESS EXCLUSIVE there.
        for (const k of env.model.tables.get(key)?.constraints ?? [])
          if (k.kind === 'foreignKey' && k.references && k.references.table !== key && !f.names.some((x) => tableKey(x.schema, x.name) === k.references!.table))
            b.lock(splitKey(k.references.table), { what: `${what} (its foreign key)`, mode: 'AccessExclusiveLock', range: n.range });
      }
      if (f.cascade) b.incomplete = 'CASCADE also drops dependent views and the foreign keys that reference the table, locking their tables';
      break;
    }
    case 'index':
      for (const n of f.names) {
        const table = env.objects.indexTable(st, n);
        // "A normal DROP INDEX acquires an ACCESS EXCLUSIVE lock on the table"; CONCURRENTLY: SHARE UPDATE EXCLUSIVE, waiting for readers.
        const mode: LockMode = f.concurrently ? 'ShareUpdateExclusiveLock' : 'AccessExclusiveLock';
        const what = f.concurrently ? 'DROP INDEX CONCURRENTLY' : 'DROP INDEX';
        // A partitioned index takes its partitions' indexes with it: ACCESS EXCLUSIVE on every partition too.
        if (table) b.lock(table, { what, mode, range: n.range, index: n.name }, true);
        else b.lock(n, { what, mode, range: n.range, index: n.name }, false, 'index');
      }
      if (f.concurrently) b.ownTransactions = true;
      if (f.cascade) b.incomplete = 'CASCADE also drops the constraints that depend on the index';
      break;
    case 'trigger':
      if (f.table) b.lock(f.table, { what: 'DROP TRIGGER', mode: 'AccessExclusiveLock', range: f.table.range }, true);
      break;
    case 'policy': {
      const on = tableAfterOn(env);
      if (on) b.lock(on, { what: 'DROP POLICY', mode: 'AccessExclusiveLock', range: on.range });
      break;
    }
    case 'schema':
      if (f.cascade) b.unknown = 'DROP SCHEMA … CASCADE drops every object in the schema and everything that depends on them (triggers on other tables too)';
      break;
    case 'type':
    case 'function':
    case 'extension':
    case 'sequence':
    case 'other':
      if (f.cascade) b.unknown = 'CASCADE also drops what depends on it (columns, triggers, defaults of tables): the model does not track those dependencies';
      else if (f.objectKind === 'other' && /^DROP\s+RULE\b/i.test(env.text.slice(st.range.start, st.range.end))) {
        const on = tableAfterOn(env);
        if (on) b.lock(on, { what: 'DROP RULE', mode: 'AccessExclusiveLock', range: on.range });
      }
      break;
    default:
      break;
  }
}

// ---- commands without facts: read from the statement's tokens -----------------------------------

function analyzeWithoutFacts(env: StatementEnv, b: Builder, words: string[]): void {
  const st = env.statement;
  switch (st.type) {
    case 'VacuumStmt':
      vacuum(env, b, words[0] === 'ANALYZE' || words[0] === 'ANALYSE');
      break;
    case 'ClusterStmt': {
      const names = namesAfter(env, 1, ['USING', 'ON']);
      if (!names.length) {
        b.ownTransactions = true;
        b.incomplete = 'CLUSTER without a table reclusters every table clustered before, each in a transaction of its own';
      }
      for (const n of names) b.lock(n, { what: 'CLUSTER', mode: 'AccessExclusiveLock', range: n.range, rewrite: { kind: 'cluster' } });
      break;
    }
    case 'RefreshMatViewStmt': {
      const concurrently = words.includes('CONCURRENTLY');
      for (const n of namesAfter(env, concurrently ? 4 : 3, ['WITH'])) {
        if (concurrently) b.lock(n, { what: 'REFRESH MATERIALIZED VIEW CONCURRENTLY', mode: 'ExclusiveLock', range: n.range, scan: { kind: 'refreshConcurrently' } }, false, 'materializedView');
        else b.lock(n, { what: 'REFRESH MATERIALIZED VIEW', mode: 'AccessExclusiveLock', range: n.range, rewrite: { kind: 'refreshMaterializedView' } }, false, 'materializedView');
      }
      break;
    }
    case 'TruncateStmt': {
      const only = words[1] === 'ONLY' || (words[1] === 'TABLE' && words[2] === 'ONLY');
      const cascade = /\bCASCADE\s*$/i.test(env.text.slice(st.range.start, st.range.end));
      const names = namesAfter(env, words[1] === 'TABLE' ? 2 : 1, ['CASCADE', 'RESTRICT', 'RESTART', 'CONTINUE', 'ONLY']);
      for (const n of names) b.lock(n, { what: 'TRUNCATE', mode: 'AccessExclusiveLock', range: n.range }, !only);
      // CASCADE truncates every table whose foreign keys reference these (and theirs, in turn).
      if (cascade) for (const key of referencingTables(env.model, names.map((n) => tableKey(n.schema, n.name)))) b.lock(splitKey(key), { what: 'TRUNCATE … CASCADE', mode: 'AccessExclusiveLock', range: st.range }, true);
      break;
    }
    case 'LockStmt': {
      const text = env.text.slice(st.range.start, st.range.end);
      const m = /\bIN\s+(ACCESS\s+SHARE|ROW\s+SHARE|ROW\s+EXCLUSIVE|SHARE\s+UPDATE\s+EXCLUSIVE|SHARE\s+ROW\s+EXCLUSIVE|SHARE|EXCLUSIVE|ACCESS\s+EXCLUSIVE)\s+MODE\b/i.exec(text);
      const mode = m ? (m[1]!.toLowerCase().replace(/(^|\s+)(\w)/g, (_x, _s, c: string) => c.toUpperCase()) + 'Lock') as LockMode : 'AccessExclusiveLock';
      const only = words[1] === 'ONLY' || (words[1] === 'TABLE' && words[2] === 'ONLY');
      for (const n of namesAfter(env, words[1] === 'TABLE' ? 2 : 1, ['IN', 'NOWAIT', 'ONLY'])) b.lock(n, { what: 'LOCK TABLE', mode, range: n.range }, !only);
      break;
    }
    case 'CommentStmt': {
      // COMMENT ON TABLE / COLUMN / MATERIALIZED VIEW / VIEW: SHARE UPDATE EXCLUSIVE on the relation.
      const kind = words[2];
      if (kind === 'TABLE' || kind === 'VIEW' || (kind === 'MATERIALIZED' && words[3] === 'VIEW') || kind === 'COLUMN') {
        const at = kind === 'MATERIALIZED' ? 4 : 3;
        const n = nameAt(env, at, kind === 'COLUMN');
        if (n) b.lock(n, { what: `COMMENT ON ${kind === 'MATERIALIZED' ? 'MATERIALIZED VIEW' : kind}`, mode: 'ShareUpdateExclusiveLock', range: n.range });
      }
      break;
    }
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt': {
      const on = tableAfterOn(env);
      if (on) b.lock(on, { what: st.type === 'CreatePolicyStmt' ? 'CREATE POLICY' : 'ALTER POLICY', mode: 'AccessExclusiveLock', range: on.range });
      break;
    }
    case 'RuleStmt': {
      const to = nameAfterWord(env, 'TO');
      if (to) b.lock(to, { what: 'CREATE RULE', mode: 'AccessExclusiveLock', range: to.range });
      break;
    }
    case 'CreateStatsStmt': {
      const from = nameAfterWord(env, 'FROM');
      if (from) b.lock(from, { what: 'CREATE STATISTICS', mode: 'ShareUpdateExclusiveLock', range: from.range });
      break;
    }
    case 'AlterTableStmt':
      if (!st.facts.length) alterOtherRelation(env, b, words);
      break;
    case 'DoStmt':
      b.unknown = 'a DO block runs code: the model cannot see what it locks';
      break;
    case 'CallStmt':
      b.unknown = 'CALL runs a procedure: the model cannot see what it locks';
      break;
    case 'SelectStmt':
      selectCalls(env, b);
      break;
    default:
      break;
  }
}

function vacuum(env: StatementEnv, b: Builder, analyzeOnly: boolean): void {
  const st = env.statement;
  const text = env.text.slice(st.range.start, st.range.end);
  const full = !analyzeOnly && /^\s*VACUUM\s*(\([^)]*\bFULL\b(?!\s+(false|off|0))[^)]*\)|(\s+\w+)*?\s+FULL\b)/i.test(text);
  // VACUUM cannot run in a transaction block; ANALYZE can.
  if (!analyzeOnly) b.ownTransactions = true;
  const t = env.tokens;
  let i = t.indexAt(st.range.start) + 1;
  const end = t.indexAt(st.range.end);
  // Skip options: (…) or bare option words.
  while (i < end) {
    const tk = t.at(i)!;
    if (tk.name === 'ASCII_40') i = t.matching(i) + 1;
    else if (/^(FULL|FREEZE|VERBOSE|ANALYZE|ANALYSE)$/i.test(tk.text)) i++;
    else break;
  }
  const names = readNameList(env, i, end, []);
  if (!names.length) {
    b.incomplete = `${analyzeOnly ? 'ANALYZE' : 'VACUUM'} without a table processes every table of the database, one at a time`;
    return;
  }
  for (const n of names) {
    if (analyzeOnly) b.lock(n, { what: 'ANALYZE', mode: 'ShareUpdateExclusiveLock', range: n.range }, true);
    else if (full) b.lock(n, { what: 'VACUUM FULL', mode: 'AccessExclusiveLock', range: n.range, rewrite: { kind: 'vacuumFull' } }, true);
    else b.lock(n, { what: 'VACUUM', mode: 'ShareUpdateExclusiveLock', range: n.range, scan: { kind: 'vacuum' } }, true);
  }
}

/** ALTER INDEX / VIEW / MATERIALIZED VIEW / SEQUENCE / FOREIGN TABLE … (no ALTER TABLE fact). */
function alterOtherRelation(env: StatementEnv, b: Builder, words: string[]): void {
  if (words[1] === 'VIEW' || (words[1] === 'MATERIALIZED' && words[2] === 'VIEW')) {
    const n = nameAt(env, words[1] === 'VIEW' ? 2 : 3);
    if (!n) return;
    const text = env.text.slice(env.statement.range.start, env.statement.range.end);
    // ALTER MATERIALIZED VIEW … SET (storage parameter) / CLUSTER ON / SET STATISTICS take SHARE UPDATE EXCLUSIVE.
    const weak = /\b(SET\s+STATISTICS|CLUSTER\s+ON|SET\s+WITHOUT\s+CLUSTER|SET\s*\(\s*(fillfactor|autovacuum_\w+|toast\.\w+|parallel_workers)\b)/i.test(text);
    b.lock(n, { what: `ALTER ${words[1] === 'VIEW' ? 'VIEW' : 'MATERIALIZED VIEW'}`, mode: weak ? 'ShareUpdateExclusiveLock' : 'AccessExclusiveLock', range: n.range }, false, words[1] === 'VIEW' ? 'view' : 'materializedView');
  }
  // ALTER INDEX, ALTER SEQUENCE: locks on the index or sequence only, never blocking its table's reads or writes.
}

// Functions whose effect on tables is known: Diesel's helper creates an updated_at trigger.
const KNOWN_TRIGGER_FUNCTIONS = new Set(['diesel_manage_updated_at']);
// Built-ins that lock no table (sequence and settings functions, notifications).
const HARMLESS_FUNCTIONS = /^(setval|nextval|currval|set_config|current_setting|pg_notify|now|version|pg_sleep|pg_advisory_\w+|pg_try_advisory_\w+|txid_current|pg_catalog\..*)$/i;

/** SELECT that calls functions: they may do anything, except a few whose effect is known. */
function selectCalls(env: StatementEnv, b: Builder): void {
  const st = env.statement;
  const text = env.text.slice(st.range.start, st.range.end);
  const calls = [...text.matchAll(/([A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)?)\s*\(/g)].map((m) => m[1]!.toLowerCase());
  const userCalls = calls.filter((c) => !HARMLESS_FUNCTIONS.test(c) && !/^(count|sum|min|max|avg|coalesce|array_agg|string_agg|json_\w+|jsonb_\w+|lower|upper|length|exists|not|in|any|all|cast|format|concat|substring|position|trim|replace|regexp_\w+|to_char|to_date|to_timestamp|date_trunc|extract|greatest|least|nullif|row_number|rank|generate_series|unnest|array_length|array|row|values|case|select|from|where|and|or|is|on|using|exists)$/.test(c));
  for (const c of calls) {
    if (!KNOWN_TRIGGER_FUNCTIONS.has(c.replace(/^public\./, ''))) continue;
    const m = new RegExp(`${c.replace('.', '\\.')}\\s*\\(\\s*'((?:[^']|'')+)'`, 'i').exec(text);
    if (!m) continue;
    const target = nameFromText(m[1]!.replace(/''/g, "'"));
    if (!target) continue;
    const at = st.range.start + m.index;
    b.lock(target, { what: `${c}() (CREATE TRIGGER)`, mode: 'ShareRowExclusiveLock', range: { start: at, end: at + m[0].length } });
  }
  const unknown = userCalls.filter((c) => !KNOWN_TRIGGER_FUNCTIONS.has(c.replace(/^public\./, '')));
  if (unknown.length) b.unknown = `SELECT calls ${[...new Set(unknown)].slice(0, 3).map((c) => c + '()').join(', ')}: the model cannot see what a function locks`;
}

// ---- token helpers ------------------------------------------------------------------------------

/** The statement's first `n` tokens, upper case. */
function leadingWords(env: StatementEnv, n: number): string[] {
  const t = env.tokens;
  const st = env.statement;
  const out: string[] = [];
  for (let i = t.indexAt(st.range.start); out.length < n; i++) {
    const tk = t.at(i);
    if (!tk || tk.start >= st.range.end) break;
    out.push(tk.text.toUpperCase());
  }
  return out;
}

/** The dotted name at token `i` (skipping IF EXISTS / ONLY), as a QualifiedName. */
function readName(env: StatementEnv, i: number): { name: QualifiedName; next: number } | undefined {
  const t = env.tokens;
  while (t.at(i) && /^(IF|EXISTS|ONLY|NOT)$/i.test(t.at(i)!.text)) i++;
  const d = t.dottedName(i);
  if (!d) return undefined;
  const parts = d.parts.map((p) => identName(p.text));
  const last = parts[parts.length - 1]!;
  const name: QualifiedName = { name: last.name, quoted: last.quoted, range: d.range, nameRange: { start: d.parts[d.parts.length - 1]!.start, end: d.range.end } };
  if (parts.length >= 2) name.schema = parts[parts.length - 2]!.name;
  // A trailing * (inheritance, the default) is skipped.
  let next = d.next;
  if (t.at(next)?.text === '*') next++;
  return { name, next };
}

/** Comma-separated names from token `from` until a stop word or the statement's end. */
function readNameList(env: StatementEnv, from: number, end: number, stop: string[]): QualifiedName[] {
  const t = env.tokens;
  const out: QualifiedName[] = [];
  let i = from;
  while (i < end) {
    const tk = t.at(i)!;
    if (stop.includes(tk.text.toUpperCase()) && tk.text.toUpperCase() !== 'ONLY') break;
    const r = readName(env, i);
    if (!r) break;
    out.push(r.name);
    i = r.next;
    // A column list in parentheses (VACUUM t (a, b), ANALYZE t (a)).
    if (t.at(i)?.name === 'ASCII_40') i = t.matching(i) + 1;
    if (t.at(i)?.name === 'ASCII_44') i++;
    else break;
  }
  return out;
}

function namesAfter(env: StatementEnv, skip: number, stop: string[]): QualifiedName[] {
  const t = env.tokens;
  const st = env.statement;
  const start = t.indexAt(st.range.start) + skip;
  return readNameList(env, start, t.indexAt(st.range.end), stop);
}

/** The name at the statement's token `skip`; for COMMENT ON COLUMN, the table part of table.column. */
function nameAt(env: StatementEnv, skip: number, dropLast = false): QualifiedName | undefined {
  const t = env.tokens;
  const i = t.indexAt(env.statement.range.start) + skip;
  const r = readName(env, i);
  if (!r || !dropLast) return r?.name;
  const d = t.dottedName(i)!;
  if (d.parts.length < 2) return undefined;
  const parts = d.parts.slice(0, -1);
  const ids = parts.map((p) => identName(p.text));
  const last = ids[ids.length - 1]!;
  const range: Range = { start: parts[0]!.start, end: parts[parts.length - 1]!.end };
  const name: QualifiedName = { name: last.name, quoted: last.quoted, range, nameRange: { start: parts[parts.length - 1]!.start, end: range.end } };
  if (ids.length >= 2) name.schema = ids[ids.length - 2]!.name;
  return name;
}

function nameAfterWord(env: StatementEnv, word: string): QualifiedName | undefined {
  const t = env.tokens;
  const st = env.statement;
  const i = t.findWord(t.indexAt(st.range.start), [word], t.indexAt(st.range.end));
  return i < 0 ? undefined : readName(env, i + 1)?.name;
}

/** CREATE/ALTER/DROP POLICY name ON table, DROP RULE name ON table. */
function tableAfterOn(env: StatementEnv): QualifiedName | undefined {
  return nameAfterWord(env, 'ON');
}

/** A [schema.]name written in a string ('public.users', '"Users"'). */
function nameFromText(s: string): Name | undefined {
  const parts = s.trim().match(/"(?:[^"]|"")+"|[^."\s]+/g);
  if (!parts?.length) return undefined;
  const ids = parts.map((p) => identName(p));
  return ids.length >= 2 ? { schema: ids[ids.length - 2]!.name, name: ids[ids.length - 1]!.name } : { name: ids[0]!.name };
}

const TAG_OBJECTS = ['TABLE', 'INDEX', 'VIEW', 'MATERIALIZED VIEW', 'TRIGGER', 'POLICY', 'SEQUENCE', 'TYPE', 'FUNCTION', 'PROCEDURE', 'SCHEMA', 'EXTENSION', 'RULE', 'STATISTICS', 'DOMAIN', 'ROLE', 'FOREIGN TABLE', 'EVENT TRIGGER', 'AGGREGATE'];

/** The command as psql's command tag names it: ALTER TABLE, CREATE INDEX, REFRESH MATERIALIZED VIEW, … */
export function commandTag(st: Statement, words: string[]): string {
  const w = words.filter((x) => !['OR', 'REPLACE', 'UNIQUE', 'TEMP', 'TEMPORARY', 'UNLOGGED', 'CONSTRAINT', 'GLOBAL', 'LOCAL', 'RECURSIVE'].includes(x));
  const first = w[0] ?? '';
  if (first === 'CREATE' || first === 'ALTER' || first === 'DROP') {
    const two = `${w[1] ?? ''} ${w[2] ?? ''}`;
    const obj = TAG_OBJECTS.find((o) => two.startsWith(o + ' ') || two === o) ?? w[1] ?? '';
    if (st.type === 'CreateTableAsStmt' && obj === 'TABLE') return 'CREATE TABLE AS';
    return `${first} ${obj}`.trim();
  }
  if (first === 'REFRESH') return 'REFRESH MATERIALIZED VIEW';
  if (first === 'LOCK') return 'LOCK TABLE';
  if (first === 'COMMENT') return 'COMMENT';
  if (first === 'WITH') return st.type.replace(/Stmt$/, '').toUpperCase();
  if (first === 'START') return 'BEGIN';
  return first || st.type.replace(/Stmt$/, '').toUpperCase();
}
