// Applies a migration history to a PostgreSQL session, file by file, the way the migration tool
// runs each file, and reports the first failure with PostgreSQL's own error and the statement that
// raised it. Obstacles that are not the history's fault are handled rather than reported: roles a
// history grants to but never creates, extensions the server lacks, psql-only text and COPY data.
// Used by the schema-model oracle test, and meant for `verify` (issue 14) and the lock proofs
// (issue 16); it knows nothing of tests, the CLI or the editor.
import { statementRanges } from '../engine/parse/document.js';
import { maskNonSql } from '../engine/parse/mask.js';
import type { Range } from '../engine/parse/positions.js';
import { pgErrorOf, quoteIdent, type PgError, type SqlSession } from './session.js';

/**
 * How a migration tool sends one file to PostgreSQL (the migration-tool model of issue 13 calls
 * these transaction modes `tool`, `implicit` and `none`).
 * - `transaction`: the file inside BEGIN … COMMIT (Diesel, dbmate, goose, Flyway, … by default).
 * - `multi-statement`: the file as one simple query (Prisma): PostgreSQL runs several statements as
 *   one implicit transaction, and a file holding a single statement outside any transaction (which
 *   is how Prisma histories run CREATE INDEX CONCURRENTLY).
 * - `statements`: each statement on its own, committed as it goes, stopping at the first error
 *   (`psql -f` with ON_ERROR_STOP, as Rails loads `structure.sql`).
 */
export type RunMode = 'transaction' | 'multi-statement' | 'statements';

/** One file of the history, in history order. */
export interface HistoryStep {
  /** The file's path, as reports should name it. */
  path: string;
  /** The SQL the tool runs: the file's up part (offsets in reports index this text). */
  sql: string;
  run: RunMode;
}

export interface ApplyOptions {
  /**
   * Statements run before the history, each on its own (a migration tool's bookkeeping table that
   * migrations refer to, such as Diesel's `__diesel_schema_migrations`). A failure here throws.
   */
  setup?: string[];
  /**
   * What to do when a history creates an extension the server lacks: `stop` (default) ends the
   * run with `stopped`, since what follows cannot be checked; `skip` leaves out the statement that
   * creates it and goes on (later failures carry `afterSkippedExtensions`).
   */
  missingExtension?: 'stop' | 'skip';
  /** Create a role a statement names but the history never created, then retry it (default true). */
  createMissingRoles?: boolean;
  /**
   * Roles the server had before the history ran (a real server's roles are shared by its databases):
   * a history's CREATE ROLE of one of them is left out instead of failing as "already exists".
   */
  existingRoles?: ReadonlySet<string>;
}

/** A statement of a step, by its place in the step's `sql`. */
export interface StepStatement {
  /** 0-based index among the step's statements. */
  index: number;
  /** UTF-16 offsets into the step's `sql`, without the semicolon. */
  range: Range;
  text: string;
}

export interface StepFailure {
  /** Index of the failing step in the history given. */
  step: number;
  path: string;
  error: PgError;
  /** The statement that raised the error, when running the file statement by statement found it. */
  statement?: StepStatement;
  /** Where PostgreSQL's error position points, as an offset into the step's `sql`. */
  offset?: number;
  /** Extensions left out earlier (`missingExtension: 'skip'`): the failure may follow from their absence. */
  afterSkippedExtensions?: string[];
  /**
   * Why there is no `statement`: `file`, every statement passes alone and the file fails only when sent
   * whole; `commit`, COMMIT failed (a deferred constraint).
   */
  at?: 'file' | 'commit';
}

export interface ApplyStop {
  step: number;
  path: string;
  reason: 'missing-extension';
  /** The extension the server lacks. */
  extension: string;
  statement?: StepStatement;
  error: PgError;
}

export interface SkippedStatement {
  step: number;
  path: string;
  statement: StepStatement;
  reason: 'copy-from-stdin' | 'missing-extension' | 'transaction-control' | 'existing-role';
  extension?: string;
}

export interface ApplyResult {
  /** Steps applied, from the first: the history up to that step is in the database. */
  applied: number;
  /** The first step PostgreSQL rejected (nothing after it was run). */
  failure?: StepFailure;
  /** The run ended before `failure` could happen, for a reason that is not the history's fault. */
  stopped?: ApplyStop;
  /** Roles created because the history used them without creating them. */
  createdRoles: string[];
  /** Statements not sent (COPY data, missing extensions, a file's own BEGIN/COMMIT when run one by one). */
  skipped: SkippedStatement[];
  /** Milliseconds per applied step, parallel to the steps. */
  durations: number[];
}

const CREATE_EXTENSION = /\bcreate\s+extension\s+(?:if\s+not\s+exists\s+)?("(?:[^"]|"")+"|[A-Za-z_][\w$-]*)/gi;

/**
 * The extensions the steps' text asks for with CREATE EXTENSION (comments and dynamic SQL
 * included: loading a bundle that is never used costs little, missing one fails the history).
 */
export function extensionsNamedIn(steps: readonly Pick<HistoryStep, 'sql'>[]): string[] {
  const out = new Set<string>();
  for (const s of steps) for (const e of extensionsOf(s)) out.add(e);
  return [...out].sort();
}

/** One step's, cached by step (the editor asks again on every save). */
const extensionCache = new WeakMap<object, string[]>();

function extensionsOf(step: Pick<HistoryStep, 'sql'>): string[] {
  let hit = extensionCache.get(step);
  if (!hit) {
    hit = [];
    for (const m of step.sql.matchAll(CREATE_EXTENSION)) {
      const raw = m[1]!;
      hit.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw.toLowerCase());
    }
    extensionCache.set(step, hit);
  }
  return hit;
}

/** The role a "role does not exist" error names. */
function missingRole(e: PgError): string | undefined {
  if (e.code !== '42704') return undefined;
  return /^role "(.+)" does not exist$/.exec(e.message)?.[1];
}

/** The role an "already exists" error names. */
function duplicateRole(e: PgError): string | undefined {
  if (e.code !== '42710') return undefined;
  return /^role "(.+)" already exists$/.exec(e.message)?.[1];
}

/** The extension a "not available" error names (PostgreSQL 15+ wording, then older servers'). */
function missingExtension(e: PgError): string | undefined {
  if (e.code === '0A000') return /^extension "(.+)" is not available$/.exec(e.message)?.[1];
  if (e.code === '58P01') return /extension control file "(?:.*\/)?([^/"]+)\.control"/.exec(e.message)?.[1];
  return undefined;
}

const TRANSACTION_CONTROL = /^(begin|start\s+transaction|commit|end|rollback|abort)\b(?!\s+atomic)/i;
const COPY_FROM_STDIN = /^copy\b[\s\S]*\bfrom\s+stdin\b/i;

/** A step's text as it is sent: psql-only parts blanked, its statements, and what is left out. */
interface PreparedStep {
  /** The text to send as one query (same length as the step's sql). */
  text: string;
  statements: StepStatement[];
  /** Statements blanked out of `text` (COPY … FROM stdin, whose data psql sends and we do not). */
  blanked: StepStatement[];
}

function prepare(sql: string): PreparedStep {
  let text = maskNonSql(sql);
  const statements: StepStatement[] = [];
  const blanked: StepStatement[] = [];
  for (const range of statementRanges(text)) {
    const st = { index: statements.length + blanked.length, range, text: text.slice(range.start, range.end) };
    // COPY … FROM stdin waits for data on the connection: PGlite waits forever.
    if (COPY_FROM_STDIN.test(st.text)) {
      blanked.push(st);
      text = text.slice(0, range.start) + ' '.repeat(range.end - range.start) + text.slice(range.end);
    } else statements.push(st);
  }
  return { text, statements, blanked };
}

type StepOutcome = { ok: true } | { ok: false; failure: Omit<StepFailure, 'step' | 'path'> } | { ok: false; stop: Omit<ApplyStop, 'step' | 'path'> };

/** Applies one history to `session` (which should hold an empty database), step by step. */
export async function applyHistory(session: SqlSession, steps: readonly HistoryStep[], options: ApplyOptions = {}): Promise<ApplyResult> {
  const runner = new StepRunner(session, options);
  for (const sql of options.setup ?? []) await session.exec(sql);
  const result: ApplyResult = { applied: 0, createdRoles: runner.createdRoles, skipped: [], durations: [] };
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const t0 = performance.now();
    runner.skipped = [];
    const outcome = await runner.run(step);
    for (const s of runner.skipped) result.skipped.push({ step: i, path: step.path, ...s });
    if (!outcome.ok) {
      if ('stop' in outcome) result.stopped = { step: i, path: step.path, ...outcome.stop };
      else {
        result.failure = { step: i, path: step.path, ...outcome.failure };
        if (runner.skippedExtensions.size) result.failure.afterSkippedExtensions = [...runner.skippedExtensions];
      }
      return result;
    }
    result.durations.push(performance.now() - t0);
    result.applied = i + 1;
  }
  return result;
}

/** What trying one step left in the database: nothing (see `tryStep`). */
export interface TryResult {
  failure?: Omit<StepFailure, 'step'>;
  stopped?: Omit<ApplyStop, 'step'>;
  skipped: Omit<SkippedStatement, 'step'>[];
  createdRoles: string[];
}

/**
 * Statements that behave differently inside a transaction block: refused there (CONCURRENTLY, VACUUM,
 * CREATE DATABASE, ALTER SYSTEM, …), or, for ALTER TYPE … ADD VALUE, whose new value is unusable
 * until the transaction commits.
 */
const OUTSIDE_TRANSACTION = /\bconcurrently\b|^(?:vacuum|create\s+database|drop\s+database|alter\s+system|create\s+tablespace|drop\s+tablespace|reindex\s+(?:system|database))\b|^alter\s+type\b[\s\S]*\badd\s+value\b/i;

/**
 * Whether `tryStep` can run the step and leave no trace, with the outcome the tool's run would have:
 * the tool runs it in one transaction (its own, or PostgreSQL's implicit one for several statements
 * sent as one query), or it runs outside one but none of its statements would behave differently in
 * a transaction; and the file does not manage transactions itself. Otherwise the step must run as
 * the tool runs it, for real.
 */
export function canTryStep(step: HistoryStep): boolean {
  const { statements } = prepare(step.sql);
  if (statements.some((st) => TRANSACTION_CONTROL.test(st.text))) return false;
  if (step.run === 'transaction' || (step.run === 'multi-statement' && statements.length > 1)) return true;
  return !statements.some((st) => OUTSIDE_TRANSACTION.test(st.text));
}

/**
 * Runs one step the way its tool would, inside a transaction that is rolled back: the session's
 * database is unchanged afterwards (the editor tries the edited file against the history before it).
 * Deferred constraints are checked before the rollback, as COMMIT would. Only for steps `canTryStep`
 * accepts.
 */
export async function tryStep(session: SqlSession, step: HistoryStep, options: ApplyOptions = {}): Promise<TryResult> {
  if (!canTryStep(step)) throw new Error(`${step.path} cannot be tried in a transaction: run it with applyHistory`);
  const runner = new StepRunner(session, options, false);
  const outcome = await runner.run(step);
  const out: TryResult = { skipped: runner.skipped.map((s) => ({ path: step.path, ...s })), createdRoles: runner.createdRoles };
  if (!outcome.ok) {
    if ('stop' in outcome) out.stopped = { path: step.path, ...outcome.stop };
    else out.failure = { path: step.path, ...outcome.failure };
  }
  return out;
}

class StepRunner {
  readonly createdRoles: string[] = [];
  readonly skippedExtensions = new Set<string>();
  skipped: Omit<SkippedStatement, 'step' | 'path'>[] = [];

  constructor(
    private readonly session: SqlSession,
    private readonly options: ApplyOptions,
    /** false: end each transaction with ROLLBACK instead of COMMIT (tryStep). */
    private readonly keep = true,
  ) {}

  async run(step: HistoryStep): Promise<StepOutcome> {
    const prepared = prepare(step.sql);
    for (const st of prepared.blanked) this.skipped.push({ statement: st, reason: 'copy-from-stdin' });
    if (prepared.statements.length === 0) return { ok: true };
    // Trying: the statements one by one as the tool sends them, but in a transaction to roll back.
    if (step.run === 'statements') return this.oneByOne(prepared, !this.keep);
    // As the tool sends it; only when that fails, again one statement at a time.
    let fileError: PgError;
    try {
      if (step.run === 'transaction' || !this.keep) {
        await this.session.exec('BEGIN');
        await this.session.exec(prepared.text);
        await this.end();
      } else await this.session.exec(prepared.text);
      return { ok: true };
    } catch (e) {
      fileError = this.pgError(e);
      await this.rollback();
    }
    // One statement outside a transaction block is how the tool ran it (multi-statement mode).
    const wrap = step.run === 'transaction' || prepared.statements.length > 1 || !this.keep;
    const outcome = await this.oneByOne(prepared, wrap, fileError);
    return outcome;
  }

  /**
   * Runs the statements one at a time, in one transaction when `wrap` (each behind a savepoint, so
   * that an obstacle can be removed and the statement retried), otherwise each committed alone.
   * With `fileError` (the error of the whole file sent at once): when no obstacle turns up and every
   * statement passes, the file's own error stands, reported without a statement, and nothing is kept.
   */
  private async oneByOne(prepared: PreparedStep, wrap: boolean, fileError?: PgError): Promise<StepOutcome> {
    let obstacles = 0;
    if (wrap) await this.session.exec('BEGIN');
    for (const st of prepared.statements) {
      // The file's own transaction control would end ours: the whole file is one transaction here.
      if (wrap && TRANSACTION_CONTROL.test(st.text)) {
        this.skipped.push({ statement: st, reason: 'transaction-control' });
        continue;
      }
      const triedRoles = new Set<string>();
      for (;;) {
        if (wrap) await this.session.exec('SAVEPOINT sql_schema_lint_statement');
        try {
          await this.session.exec(st.text);
          if (wrap) await this.session.exec('RELEASE SAVEPOINT sql_schema_lint_statement');
          break;
        } catch (e) {
          const error = this.pgError(e);
          if (wrap) await this.session.exec('ROLLBACK TO SAVEPOINT sql_schema_lint_statement');
          const role = missingRole(error);
          if (role && this.options.createMissingRoles !== false && !triedRoles.has(role)) {
            triedRoles.add(role);
            await this.session.exec(`CREATE ROLE ${quoteIdent(role)}`);
            this.createdRoles.push(role);
            obstacles++;
            continue;
          }
          const existing = duplicateRole(error);
          if (existing && this.options.existingRoles?.has(existing)) {
            this.skipped.push({ statement: st, reason: 'existing-role' });
            obstacles++;
            break;
          }
          const extension = missingExtension(error);
          if (extension && this.options.missingExtension === 'skip') {
            this.skipped.push({ statement: st, reason: 'missing-extension', extension });
            this.skippedExtensions.add(extension);
            obstacles++;
            break;
          }
          if (wrap) await this.rollback();
          if (extension) return { ok: false, stop: { reason: 'missing-extension', extension, statement: st, error } };
          const failure: Omit<StepFailure, 'step' | 'path'> = { error, statement: st };
          if (error.position) failure.offset = st.range.start + error.position - 1;
          return { ok: false, failure };
        }
      }
    }
    if (fileError && obstacles === 0) {
      // Sent one by one, the file passed: its error depends on being sent whole (not located).
      if (wrap) await this.rollback();
      const failure: Omit<StepFailure, 'step' | 'path'> = { error: fileError, at: 'file' };
      if (fileError.position) failure.offset = fileError.position - 1;
      return { ok: false, failure };
    }
    if (wrap) {
      try {
        await this.end();
      } catch (e) {
        // A deferred constraint fails at COMMIT: no statement to blame.
        const error = this.pgError(e);
        await this.rollback();
        return { ok: false, failure: { error, at: 'commit' } };
      }
    }
    return { ok: true };
  }

  /** The PostgreSQL error of `e`; anything else (a crashed instance, a lost connection) is rethrown. */
  private pgError(e: unknown): PgError {
    const error = pgErrorOf(e);
    if (!error) throw e;
    return error;
  }

  /** Ends a transaction that ran the whole step: COMMIT, or when trying, the deferred checks COMMIT would run and ROLLBACK. */
  private async end(): Promise<void> {
    if (this.keep) {
      await this.session.exec('COMMIT');
      return;
    }
    await this.session.exec('SET CONSTRAINTS ALL IMMEDIATE');
    await this.session.exec('ROLLBACK');
  }

  /** Ends whatever transaction a failed file left open (a warning only when there is none). */
  private async rollback(): Promise<void> {
    await this.session.exec('ROLLBACK');
  }
}
