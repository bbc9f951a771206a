// The lock model of a migration file: every statement analysed against the schema as it stood just
// before it, and how long its locks are held (to the end of the statement, or of the transaction the
// file or the migration tool runs it in). Computed once per lint run and file, shared by the rules,
// the editor's lock hints and `sql-schema-lint explain`.
import type { Statement } from '../parse/document.js';
import { Replayer } from '../model/replay.js';
import { tableKey, type SchemaModel } from '../model/schema.js';
import type { HistoryFile } from '../rules/types.js';
import type { ResolvedConfig } from '../config.js';
import { fileObjects } from '../rules/util/migration.js';
import { pushTo } from '../rules/util/collections.js';
import { currentFileCache } from '../rules/util/current-file.js';
import { analyzeStatement } from './analyze.js';
import { gatherHistory } from '../history-spans.js';
import { UTC_ZONES, VOLATILE_FUNCTIONS } from './rewrite.js';
import { DEFAULT_LOCK_OPTIONS, type FileLocks, type LockOptions, type StatementLocks } from './types.js';

/** What the lock model needs of a file's lint (a rule's context has all of it). */
export interface LockContext {
  file: HistoryFile;
  /** Every file of the lint run in history order. */
  history: readonly HistoryFile[];
  /** The schema as it stood before this file. */
  before: SchemaModel;
  postgresVersion: number;
  /** The statement runs inside a transaction: a BEGIN block of the file, or the migration tool's own. */
  inTransaction(statement: Statement): boolean;
}

// Per lint run, for the file being linted (see currentFileCache), per options.
const cache = currentFileCache<Map<string, FileLocks>>();
interface HistoryFacts {
  inheritedParents: { has(key: string): boolean };
  triggered: { has(key: string): boolean };
  /** CREATE FUNCTION by lower-case name, in history order: the file and the declared volatility. */
  functions: Map<string, { fileIndex: number; volatility: string }[]>;
}

interface SpanFacts extends HistoryFacts {
  inheritedParents: Set<string>;
  triggered: Set<string>;
}

const historyCache = new WeakMap<readonly HistoryFile[], HistoryFacts>();

/** Lets the lock model of the file this lint run is linting go (see RuleMeta.readsLocks). */
export function forgetFileLocks(history: readonly HistoryFile[]): void {
  cache.forget(history);
}

export function fileLocks(ctx: LockContext, options: LockOptions = DEFAULT_LOCK_OPTIONS): FileLocks {
  const byOptions = cache(ctx, () => new Map());
  const key = `${ctx.postgresVersion}\u0000${options.utcSessionTimeZone}\u0000${options.volatileFunctions.join(',')}`;
  const hit = byOptions.get(key);
  if (hit) return hit;
  const result = computeFileLocks(ctx, options);
  byOptions.set(key, result);
  return result;
}

/** How many lock models were computed (each costs a replay of its file): read by tests. */
export const lockModelStats = { computed: 0 };

function computeFileLocks(ctx: LockContext, options: LockOptions): FileLocks {
  lockModelStats.computed++;
  const parsed = ctx.file.parsed;
  const statements = parsed.statements;
  const objects = fileObjects(ctx);
  const model = ctx.before.overlay();
  const replayer = new Replayer(model, ctx.file.path, ctx.file.index);
  const recreatedTypes = new Set<string>();
  for (const s of statements) for (const f of s.facts) if (f.kind === 'createEnum') recreatedTypes.add(tableKey(f.name.schema, f.name.name));
  const volatile = new Set([...VOLATILE_FUNCTIONS, ...options.volatileFunctions.map((f) => f.toLowerCase())]);
  const { inheritedParents, triggered, functions } = historyFacts(ctx.history);
  const isVolatile = (fn: string): boolean => {
    // Functions the history creates (up to this file; the last definition wins): PostgreSQL's default volatility is VOLATILE.
    const defs = functions.get(fn);
    let user: string | undefined;
    for (const d of defs ?? []) if (d.fileIndex <= ctx.file.index) user = d.volatility;
    return user !== undefined ? user === 'volatile' : volatile.has(fn);
  };
  const ends = transactionEnds(statements);
  let utc = false;
  const out: StatementLocks[] = [];
  for (const st of statements) {
    const analysed = analyzeStatement({
      statement: st,
      text: parsed.text,
      tokens: parsed.tokens,
      model,
      objects,
      postgresVersion: ctx.postgresVersion,
      isVolatile,
      utcSessionTimeZone: options.utcSessionTimeZone || utc,
      recreatedTypes,
      inheritedParents,
      triggered,
      fileStatements: statements,
    });
    const inTransaction = !analysed.ownTransactions && ctx.inTransaction(st);
    // Completed in place, not spread into a copy: a spread copy got a hidden class of its own, which
    // cost a 10 MB dump 15 MB.
    const entry: StatementLocks = Object.assign(analysed, { heldUntil: inTransaction ? ('end of transaction' as const) : ('end of statement' as const) });
    const end = ends[st.index];
    if (inTransaction && end !== undefined) entry.transactionEnd = statements[end];
    out.push(entry);
    for (const f of st.facts) {
      // SET timezone / SET TIME ZONE: the last one before a statement decides its session time zone.
      if (f.kind === 'set' && f.name === 'timezone') utc = UTC_ZONES.test((f.value ?? '').trim());
      replayer.apply(f);
    }
  }
  return statementLocks(out);
}

/** Outside computeFileLocks so that `of` does not keep the lint's context (its models) alive with the answers. */
function statementLocks(statements: StatementLocks[]): FileLocks {
  return { statements, of: (st) => statements[st.index]! };
}

/** For each statement, the index of the COMMIT or ROLLBACK that ends the block it sits in (explicit BEGIN … COMMIT only). */
function transactionEnds(statements: readonly Statement[]): (number | undefined)[] {
  const out: (number | undefined)[] = new Array(statements.length);
  let next: number | undefined;
  for (let i = statements.length - 1; i >= 0; i--) {
    const s = statements[i]!;
    if (s.facts.some((f) => f.kind === 'transaction' && (f.op === 'commit' || f.op === 'rollback'))) next = i;
    else if (s.facts.some((f) => f.kind === 'transaction' && f.op === 'begin')) {
      out[i] = next;
      next = undefined;
      continue;
    }
    out[i] = next;
  }
  return out;
}

/** What one span of the history says: which tables are inherited from, which get triggers, which functions it creates. */
function gatherHistoryFacts(files: readonly HistoryFile[]): SpanFacts {
  const out: SpanFacts = { inheritedParents: new Set(), triggered: new Set(), functions: new Map() };
  for (const file of files)
    for (const s of file.parsed.statements)
      for (const f of s.facts) {
        if (f.kind === 'createTable') for (const p of f.inherits) out.inheritedParents.add(tableKey(p.schema, p.name));
        else if (f.kind === 'createTrigger') out.triggered.add(tableKey(f.table.schema, f.table.name));
        else if (f.kind === 'createFunction') pushTo(out.functions, f.name.name.toLowerCase(), { fileIndex: file.index, volatility: f.volatility ?? 'volatile' });
      }
  return out;
}

/**
 * The whole history's facts, gathered per span (history-spans.ts): a keystroke in the editor gathers
 * the facts of the edited file only, however long the history.
 */
function historyFacts(history: readonly HistoryFile[]): HistoryFacts {
  let hit = historyCache.get(history);
  if (!hit) {
    const spans = gatherHistory(history, gatherHistoryFacts);
    if (spans.length === 1) hit = spans[0]!;
    else {
      const functions = new Map<string, { fileIndex: number; volatility: string }[]>();
      for (const span of spans) for (const [name, defs] of span.functions) for (const d of defs) pushTo(functions, name, d);
      hit = {
        inheritedParents: { has: (key) => spans.some((s) => s.inheritedParents.has(key)) },
        triggered: { has: (key) => spans.some((s) => s.triggered.has(key)) },
        functions,
      };
    }
    historyCache.set(history, hit);
  }
  return hit;
}

/** The rule options that change what PostgreSQL does, from the configuration (one model for rules, hints and explain). */
export function lockOptionsFrom(config: Pick<ResolvedConfig, 'rules'>): LockOptions {
  const volatileFunctions = config.rules.get('volatile-default')?.options.volatileFunctions;
  const utc = config.rules.get('unsafe-column-type-change')?.options.utcSessionTimeZone;
  return {
    volatileFunctions: Array.isArray(volatileFunctions) ? volatileFunctions.filter((f): f is string => typeof f === 'string') : [],
    utcSessionTimeZone: utc === true,
  };
}
