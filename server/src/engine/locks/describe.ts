// Words for the lock model's answers: the editor's one-line hint ("AccessExclusiveLock on users ·
// blocks reads and writes · rewrites the table"), its hover (the whole explanation, how long the lock
// lasts in the file's transaction, the safer recipe) and the CLI's explain rows all come from here.
import type { ParsedFile } from '../parse/document.js';
import { markdownCode } from '../score-markdown.js';
import { blocked, blocksPhrase, docsName, isBlocking, lockStrength } from './modes.js';
import { formatSize, type TableSize } from './table-stats.js';
import type { FileLocks, LockCause, LockedRelation, RewriteReason, ScanReason, StatementLocks } from './types.js';

/** Looks up a relation's size (from table statistics); undefined when unknown. */
export type SizeOf = (relation: LockedRelation) => TableSize | undefined;

const noSize: SizeOf = () => undefined;

/** schema.name, without the default schema. */
export function displayName(r: Pick<LockedRelation, 'schema' | 'name'>): string {
  return r.schema === 'public' ? r.name : `${r.schema}.${r.name}`;
}

/**
 * The relations a hint is about: an existing table or materialized view locked stronger than
 * RowExclusiveLock (views hold no rows, new tables no one else uses yet).
 */
export function hintRelations(entry: StatementLocks): LockedRelation[] {
  return entry.relations.filter((r) => !r.newTable && isBlocking(r.mode) && (r.kind === 'table' || r.kind === 'partitionedTable' || r.kind === 'materializedView' || r.kind === 'index'));
}

function relationLabel(r: LockedRelation, sizeOf: SizeOf): string {
  const size = sizeOf(r);
  const name = r.kind === 'index' ? `the table of index ${r.name}` : displayName(r);
  return size ? `${name} (${formatSize(size)})` : name;
}

/** "AccessExclusiveLock on users · blocks reads and writes · rewrites the table"; undefined when nothing existing is locked stronger than RowExclusiveLock. */
export function hintLabel(entry: StatementLocks, sizeOf: SizeOf = noSize): string | undefined {
  const relations = hintRelations(entry);
  if (!relations.length) return undefined;
  // Partitions and inheritance children locked through their parent are counted, not listed.
  const named = relations.filter((r) => !r.viaParent || !relations.some((p) => p.key === r.viaParent));
  const byMode = new Map<string, LockedRelation[]>();
  for (const r of [...named].sort((a, b) => lockStrength(b.mode) - lockStrength(a.mode))) byMode.set(r.mode, [...(byMode.get(r.mode) ?? []), r]);
  const parts: string[] = [];
  for (const [mode, rs] of byMode) {
    const children = relations.filter((r) => r.viaParent && rs.some((p) => p.key === r.viaParent)).length;
    parts.push(`${mode} on ${rs.map((r) => relationLabel(r, sizeOf)).join(', ')}${children ? ` + ${children} partition${children === 1 ? '' : 's'}` : ''}`);
  }
  const strongest = named.reduce((a, b) => (lockStrength(b.mode) > lockStrength(a.mode) ? b : a));
  const out = [parts.join('; '), `blocks ${blocksPhrase(strongest.mode)}`];
  if (relations.some((r) => r.rewrite)) out.push(relations.filter((r) => r.rewrite).length > 1 ? 'rewrites the tables' : 'rewrites the table');
  else if (relations.some((r) => r.scan)) out.push(relations.some((r) => r.scan && r.causes.some((c) => c.scan?.kind === 'buildIndex')) ? 'builds an index (full scan)' : 'scans the table');
  if (entry.heldUntil === 'end of transaction' && isBlocking(strongest.mode)) out.push('held to end of transaction');
  return out.join(' · ');
}

/** Why a statement rewrites a table, as a clause. */
export function rewriteText(r: RewriteReason): string {
  switch (r.kind) {
    case 'volatileDefault':
      return `the default calls ${r.function}(), a volatile function, so every existing row gets its own value`;
    case 'serialColumn':
      return `a ${r.type} column numbers every existing row from its sequence`;
    case 'identityColumn':
      return 'an identity column numbers every existing row';
    case 'storedGeneratedColumn':
      return 'a stored generated column is computed for every existing row';
    case 'defaultBeforePg11':
      return `before PostgreSQL 11 (postgresVersion ${r.version}) a column with a default is written into every row`;
    case 'typeChange':
      return `${r.from} → ${r.to} is not binary compatible: every row is converted`;
    case 'typeChangeUsing':
      return 'the USING expression is computed for every row';
    case 'typeChangeUnknownFrom':
      return `the change to ${r.to} rewrites unless it is binary compatible (the history does not show the current type)`;
    case 'setTablespace':
      return 'the table\'s files are copied to the other tablespace';
    case 'setLogged':
      return 'the table is copied to change whether it is WAL-logged';
    case 'setExpression':
      return 'the generated column is recomputed for every row';
    case 'vacuumFull':
      return 'VACUUM FULL copies the live rows into a new file';
    case 'cluster':
      return 'CLUSTER copies the rows into a new file in index order';
    case 'refreshMaterializedView':
      return 'the query is run again and its result replaces the materialized view';
  }
}

/** Why a statement reads every row under its lock, as a clause. */
export function scanText(s: ScanReason): string {
  switch (s.kind) {
    case 'setNotNull':
      return s.oldPostgresCheck
        ? `SET NOT NULL checks every row for NULLs: before PostgreSQL 12 the validated CHECK ${s.oldPostgresCheck} is not used`
        : s.pendingCheck
          ? `SET NOT NULL checks every row for NULLs: the CHECK ${s.pendingCheck} is still NOT VALID, so PostgreSQL cannot use it`
          : `SET NOT NULL checks every row of ${s.column} for NULLs`;
    case 'newConstraint':
      return `the new ${s.constraint.kind === 'foreignKey' ? 'foreign key' : 'CHECK constraint'} is checked against every row`;
    case 'notNullColumn':
      return `every row is checked for the new NOT NULL column ${s.column}`;
    case 'buildIndex':
      return s.constraint ? `the ${s.constraint.kind === 'primaryKey' ? 'primary key' : s.constraint.kind === 'unique' ? 'unique constraint' : 'exclusion constraint'}'s index is built from every row` : 'the index is built from every row';
    case 'primaryKeyNotNull':
      return 'the index columns are made NOT NULL, checking every row';
    case 'validateConstraint':
      return 'every row is checked against the constraint';
    case 'attachPartition':
      return 'the table attached is scanned for rows outside the partition bound (unless a CHECK constraint proves the bound)';
    case 'vacuum':
      return 'VACUUM reads the whole table';
    case 'refreshConcurrently':
      return 'the query is run again and the differences applied';
  }
}

/** The safer way to do what a cause does, when there is one. */
export function recipe(cause: LockCause, entry: StatementLocks): string | undefined {
  const r = cause.rewrite;
  if (r) {
    switch (r.kind) {
      case 'volatileDefault':
      case 'defaultBeforePg11':
        return 'Add the column without the default, set the default in a second statement (new rows only), then backfill existing rows in batches.';
      case 'serialColumn':
      case 'identityColumn':
        return 'Add a plain bigint column, backfill it in batches, then attach the sequence or make it an identity column.';
      case 'storedGeneratedColumn':
      case 'setExpression':
        return 'Add a plain column, backfill it in batches and keep it current with a trigger (or use a virtual generated column, PostgreSQL 18).';
      case 'typeChange':
      case 'typeChangeUsing':
      case 'typeChangeUnknownFrom':
        return 'Add a new column with the new type, write both, backfill it in batches, switch reads, then drop the old column.';
      case 'vacuumFull':
      case 'cluster':
        return 'pg_repack or pg_squeeze rebuild a table without holding ACCESS EXCLUSIVE for the copy.';
      case 'refreshMaterializedView':
        return 'REFRESH MATERIALIZED VIEW CONCURRENTLY (it needs a unique index on the view) lets reads go on.';
      default:
        return undefined;
    }
  }
  const s = cause.scan;
  if (s) {
    switch (s.kind) {
      case 'setNotNull':
      case 'notNullColumn':
        return 'ADD CONSTRAINT … CHECK (column IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it (reads and writes go on), then SET NOT NULL: PostgreSQL 12+ proves it from the CHECK without a scan.';
      case 'newConstraint':
        return 'Add the constraint NOT VALID (only new rows are checked), then VALIDATE CONSTRAINT in a separate transaction, which lets reads and writes go on.';
      case 'buildIndex':
        if (s.constraint) return 'CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT … USING INDEX, which only takes the lock briefly.';
        if (cause.what.startsWith('REINDEX')) return 'REINDEX … CONCURRENTLY (PostgreSQL 12+), outside a transaction block.';
        return entry.relations.some((x) => x.kind === 'partitionedTable')
          ? 'CREATE INDEX ON ONLY the parent, CREATE INDEX CONCURRENTLY on each partition, then ALTER INDEX … ATTACH PARTITION each one.'
          : 'CREATE INDEX CONCURRENTLY, outside a transaction block (writes go on while it builds).';
      case 'primaryKeyNotNull':
        return 'Make the columns NOT NULL first (through a validated CHECK constraint), then add the primary key USING INDEX.';
      case 'attachPartition':
        return 'Before attaching, add a CHECK constraint matching the partition bound NOT VALID and VALIDATE it: ATTACH PARTITION then skips the scan.';
      default:
        return undefined;
    }
  }
  if (cause.what === 'DROP INDEX') return 'DROP INDEX CONCURRENTLY, outside a transaction block.';
  if (cause.what === 'ALTER TABLE … DETACH PARTITION' && cause.mode === 'AccessExclusiveLock') return 'DETACH PARTITION … CONCURRENTLY (PostgreSQL 14+), outside a transaction block.';
  return undefined;
}

const bullet = (s: string): string => `- ${s}`;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The hover: what is locked and blocked, what is rewritten or scanned, how long the lock lasts here, and what to do instead. */
export function lockHover(entry: StatementLocks, file: FileLocks, parsed: ParsedFile, sizeOf: SizeOf = noSize): string {
  const lineOf = (offset: number): number => parsed.lines.positionAt(offset).line + 1;
  const out: string[] = [];
  const relations = entry.relations.filter((r) => r.kind !== 'view' || isBlocking(r.mode));
  for (const r of relations) {
    if (r.viaParent && relations.some((p) => p.key === r.viaParent)) continue;
    const children = relations.filter((c) => c.viaParent === r.key);
    const b = blocked(r.mode);
    const head = `**${r.mode}** (${docsName(r.mode)}) on ${markdownCode(r.kind === 'index' ? `the table of index ${r.name}` : displayName(r))}${children.length ? ` and its ${plural(children.length, 'partition')}` : ''}`;
    const size = sizeOf(r);
    const what: string[] = [];
    if (r.newTable) what.push('created earlier in this migration: no other session uses it yet, nothing is at risk');
    else if (b.reads) what.push('blocks every read and write of it (SELECT, INSERT, UPDATE, DELETE) while held');
    else if (b.writes) what.push(`blocks ${blocksPhrase(r.mode)} (INSERT, UPDATE, DELETE) while held; reads go on`);
    else if (b.ddl) what.push('reads and writes go on; other schema changes, VACUUM and CREATE INDEX CONCURRENTLY wait');
    else what.push('reads and writes go on');
    if (size) what.push(`size ${formatSize(size)}`);
    out.push(`${head}: ${what.join('; ')}.`);
    for (const c of r.causes) {
      const detail = c.rewrite ? `rewrites the table: ${rewriteText(c.rewrite)}` : c.scan ? `reads every row under the lock: ${scanText(c.scan)}` : undefined;
      if (detail) out.push(bullet(`${c.what}: ${detail}${c.uncertain ? ` (probably: ${c.uncertain})` : ''}.`));
    }
  }
  if (entry.unknown) out.push(`The lock model cannot tell what this statement locks: ${entry.unknown}.`);
  if (entry.incomplete) out.push(`It may lock more than listed: ${entry.incomplete}.`);
  // How long, in this file.
  const blocking = relations.filter((r) => isBlocking(r.mode) && !r.newTable);
  if (entry.ownTransactions) out.push('**How long:** PostgreSQL runs this command in transactions of its own, so it cannot run inside a transaction block; each lock lasts only as long as its step.');
  else if (entry.heldUntil === 'end of statement') out.push('**How long:** until this statement ends (it does not run inside a transaction).');
  else {
    const end = entry.transactionEnd;
    const later = file.statements.filter((s) => s.statement.index > entry.statement.index && (!end || s.statement.index < end.index));
    const until = end ? `the COMMIT on line ${lineOf(end.range.start)}` : 'the end of the migration (it runs in one transaction)';
    const runs = later.length === 1 ? '1 more statement runs' : `${later.length} more statements run`;
    const lines = [`**How long:** until ${until}, not just this statement: ${later.length ? `${runs} while it is held` : 'nothing else runs before then'}.`];
    const keys = new Set(blocking.map((r) => r.key));
    const heavy = later.filter((s) => s.relations.some((r) => (keys.has(r.key) && r.causes.some((c) => /^(UPDATE|DELETE|INSERT)$/.test(c.what))) || r.rewrite || (r.scan && !r.newTable)));
    for (const s of heavy.slice(0, 4)) {
      const touched = s.relations.find((r) => keys.has(r.key));
      const note = touched && touched.causes.some((c) => /^(UPDATE|DELETE|INSERT)$/.test(c.what)) ? ` (a backfill of ${markdownCode(displayName(touched))}: the lock is held for its whole run)` : ' (rewrites or scans a table)';
      lines.push(bullet(`line ${lineOf(s.statement.range.start)}: ${s.command}${note}`));
    }
    if (heavy.length > 4) lines.push(bullet(`and ${plural(heavy.length - 4, 'more')}`));
    out.push(lines.join('\n'));
    if (blocking.length && later.length) out.push('Commit before long steps, or move them to a migration of their own.');
  }
  // What to do instead.
  const recipes = new Set<string>();
  for (const r of blocking) for (const c of r.causes) {
    const x = recipe(c, entry);
    if (x) recipes.add(x);
  }
  if (blocking.length) recipes.add(`Set a lock timeout first (SET lock_timeout = '5s') and retry on timeout: while this waits for the ${docsName(blocking[0]!.mode)} lock, every later query on the table queues behind it.`);
  if (recipes.size) out.push(`**Safer:**\n${[...recipes].map(bullet).join('\n')}`);
  return out.join('\n\n');
}
