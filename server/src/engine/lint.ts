// Lints a migration history: orders the files, parses them, replays them into the schema model
// and runs every enabled rule on each file with the model as it stood before that file.
import { sortMigrations } from './model/order.js';
import { directionParts, fileRun, migrationSetup, runsInTransaction, type FileRun, type ToolFile } from './migration-tools/index.js';
import { Replayer, replayFiles } from './model/replay.js';
import { SchemaModel, tableKey } from './model/schema.js';
import { parseDocument, type ParsedFile, type Statement } from './parse/document.js';
import { isSuppressed } from './parse/directives.js';
import { factsOfKind } from './parse/facts-by-kind.js';
import type { Position, Range } from './parse/positions.js';
import { matchesGlob } from './glob.js';
import type { ResolvedConfig } from './config.js';
import { rules } from './rules/index.js';
import { fileLocks, forgetFileLocks, lockOptionsFrom } from './locks/file-locks.js';
import { forgetCurrentFile } from './rules/util/current-file.js';
import type { FileLocks } from './locks/types.js';
import { smallTableNote } from './locks/table-stats.js';
import type { AnyRule, FixSpec, HistoryFile, RelatedInfo, Report, RuleContext, Severity } from './rules/types.js';
import { ModelsBefore, type LintSession } from './session.js';

/**
 * The web home of the rule pages: the one base of every web link, used only where no installed page
 * will do (SARIF's helpUri, read on GitHub's code-scanning pages). Editors open the page installed
 * with the extension (server/src/node/docs.ts); the CLI takes another base from SQL_SCHEMA_LINT_DOCS_URL.
 */
export const PROJECT_URL = 'https://github.com/sql-schema-lint/sql-schema-lint';
export const DOCS_BASE_URL = `${PROJECT_URL}/blob/main/docs/rules/`;

export function docsUrl(ruleId: string, base: string = DOCS_BASE_URL): string {
  return `${base.endsWith('/') ? base : base + '/'}${ruleId}.md`;
}

export interface SourceFile {
  /** Absolute path, or a stable id for an unsaved document. */
  path: string;
  /** Path relative to the project root, forward slashes (used for ordering and globs). */
  relPath: string;
  text: string;
  /**
   * The file's text at the base the caller compares with (git), when the file existed there and
   * changed since; read by `edited-applied-migration`. The engine does no I/O and knows nothing of git.
   */
  baseText?: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  messageId: string;
  message: string;
  data: Record<string, string | number>;
  file: string;
  range: Range;
  start: Position;
  end: Position;
  fix?: FixSpec;
  suggestions: FixSpec[];
  related: RelatedInfo[];
}

export interface FileResult {
  path: string;
  relPath: string;
  parsed: ParsedFile;
  isDown: boolean;
  findings: Finding[];
  /** False when the file was not linted in this run (see LintOptions.only). */
  linted: boolean;
  /** What the file's migration tool does with it. */
  run: FileRun;
  /** The lock model of a linted file, with LintOptions.locks. */
  locks?: FileLocks;
}

export interface RuleFailure {
  ruleId: string;
  file: string;
  error: unknown;
}

export interface ProjectResult {
  files: FileResult[];
  history: HistoryFile[];
  final: SchemaModel;
  ruleFailures: RuleFailure[];
}

export interface LintOptions {
  /** Lint only these paths (the others are still parsed and replayed for context). */
  only?: ReadonlySet<string>;
  /** Reuses parsed files across runs when their text is unchanged (the editor keeps one). */
  parsedCache?: Map<string, { text: string; parsed: ParsedFile }>;
  /**
   * The non-SQL files migration tools leave (migration_lock.toml, atlas.sum, sqitch.plan, metadata.toml, …),
   * found by the caller; pass the same array again while they are unchanged (results are cached on it).
   */
  toolFiles?: readonly ToolFile[];
  /** Reuses the order, facts and models of the last lint of the same project (the editor keeps one per project). */
  session?: LintSession;
  /**
   * Return the lock model of these linted files, or of every linted file with `true` (editor lock hints,
   * `explain`); the rules compute it anyway.
   */
  locks?: boolean | ReadonlySet<string>;
}

/** Applies `ignore` and `migrations` globs and sorts into history order. */
export function orderFiles<T extends { relPath: string }>(files: T[], config: Pick<ResolvedConfig, 'ignore' | 'migrations'>): T[] {
  const kept = files.filter((f) => !config.ignore.some((g) => matchesGlob(f.relPath, g)));
  if (config.migrations.length === 0) {
    const order = sortMigrations(kept.map((f) => f.relPath));
    const byPath = new Map(kept.map((f) => [f.relPath, f]));
    return order.map((p) => byPath.get(p)!);
  }
  // With explicit globs, files follow the globs' order, then version order within a glob; files matching none still get linted, last.
  const groups: T[][] = config.migrations.map(() => []);
  const rest: T[] = [];
  for (const f of kept) {
    const g = config.migrations.findIndex((glob) => matchesGlob(f.relPath, glob));
    (g >= 0 ? groups[g]! : rest).push(f);
  }
  return [...groups, rest].flatMap((g) => orderFiles(g, { ignore: [], migrations: [] }));
}

export function parseCached(file: SourceFile, cache?: LintOptions['parsedCache']): ParsedFile {
  const hit = cache?.get(file.path);
  if (hit && hit.text === file.text) return hit.parsed;
  const parsed = parseDocument(file.text);
  cache?.set(file.path, { text: file.text, parsed });
  return parsed;
}

/** Milliseconds spent per rule, accumulated across runs (read by the CLI when TIMING=1, as in ESLint). */
export const ruleTimings = new Map<string, number>();

/** A history file's whole parse (its `parsed` is the forward part when the file has down sections). */
const wholeParses = new WeakMap<HistoryFile, ParsedFile>();
/** A file's down sections, linted as a down migration of their own after its forward part. */
const downParts = new WeakMap<HistoryFile, HistoryFile>();

export function lintProject(files: SourceFile[], config: ResolvedConfig, options: LintOptions = {}): ProjectResult {
  const steps = lintProjectSteps(files, config, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * lintProject, pausing after each linted file: the editor lints a whole project a slice at a time
 * between its requests, and drops the run when the project changes meanwhile.
 */
export function* lintProjectSteps(files: SourceFile[], config: ResolvedConfig, options: LintOptions = {}): Generator<void, ProjectResult, void> {
  const session = options.session;
  const setup = migrationSetup(options.toolFiles, config.migrationTool);
  const order = (unordered: SourceFile[]): SourceFile[] => setup.order(orderFiles(unordered, config));
  const ordered = session ? session.orderFiles(files, [config.ignore, config.migrations, setup], order) : order(files);
  const historyFile = (f: SourceFile, index: number): HistoryFile => {
    const parsed = parseCached(f, options.parsedCache);
    const run = fileRun(f.relPath, parsed, setup);
    // A file's down sections are linted as a down migration of their own, after its forward part.
    const parts = directionParts(parsed, run);
    const file: HistoryFile = { path: f.path, relPath: f.relPath, parsed: parts.up, index, isDown: run.role !== 'up', run, ...(f.baseText !== undefined ? { baseText: f.baseText } : {}) };
    if (parts.down) downParts.set(file, { ...file, parsed: parts.down, isDown: true });
    wholeParses.set(file, parsed);
    return file;
  };
  // The session keeps the files made from the same sources with the same setup (an editor's keystroke).
  const fresh: HistoryFile[] = session ? session.historyFiles(ordered, historyFile, setup) : ordered.map(historyFile);
  const { history, final } = session ? session.update(fresh) : { history: fresh, final: replayAll(fresh) };
  // The rules that read the lock model first, so that it can go before the others run (RuleMeta.readsLocks).
  const enabled = rules.filter((r) => (config.rules.get(r.id)?.severity ?? r.meta.defaultSeverity) !== 'off');
  enabled.sort((a, b) => Number(!a.meta.readsLocks) - Number(!b.meta.readsLocks));
  const lastLockReader = enabled.filter((r) => r.meta.readsLocks).length - 1;
  const models = new ModelsBefore(history, ModelsBefore.fromCheckpoints(session, options.only) ? session : undefined);
  const results: FileResult[] = [];
  const ruleFailures: RuleFailure[] = [];
  const lintFile = (file: HistoryFile, before: SchemaModel, findings: Finding[], keepLocks: boolean): void => {
    for (const [i, rule] of enabled.entries()) {
      if (i === lastLockReader + 1 && !keepLocks) forgetFileLocks(history);
      const t0 = performance.now();
      try {
        // One per rule: each rule walks the statements from the first, so a cursor shared by the rules
        // saved no replay, and it kept a model of the whole file alive to the file's end (on a 10 MB
        // dump, as large as the final model).
        findings.push(...runRule(rule, file, history, before, final, config, new ModelCursor(before, file)));
      } catch (error) {
        ruleFailures.push({ ruleId: rule.id, file: file.path, error });
      }
      ruleTimings.set(rule.id, (ruleTimings.get(rule.id) ?? 0) + performance.now() - t0);
    }
  };
  for (const file of history) {
    const lintIt = !options.only || options.only.has(file.path);
    const findings: Finding[] = [];
    // The rules' lock model (a cache hit when they asked for it), from the model before this file.
    const wantLocks = lintIt && (options.locks === true || (options.locks instanceof Set && options.locks.has(file.path)));
    if (lintIt) lintFile(file, models.before(file), findings, wantLocks);
    const locks = wantLocks ? locksOf(file, history, models.before(file), config, (s) => runsInTransaction(file, s)) : undefined;
    const down = downParts.get(file);
    if (lintIt && down) {
      // With the model after the file's forward part.
      lintFile(down, models.after(file), findings, false);
      dedupe(findings);
    }
    findings.sort((a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
    results.push({ path: file.path, relPath: file.relPath, parsed: wholeParses.get(file)!, isDown: file.isDown, findings, linted: lintIt, run: file.run, ...(locks ? { locks } : {}) });
    // The token objects the parse and the rules made for this file (made again if asked for): kept for
    // every file until the run ended, they were a third of a lint's memory on an 8,000-file history.
    if (lintIt) wholeParses.get(file)!.tokens.release();
    if (lintIt) forgetCurrentFile(history);
    if (lintIt) yield;
  }
  return { files: results, history, final, ruleFailures };
}

/** Findings of file-wide checks (directives) come from both parts of a file with down sections: keep one. */
function dedupe(findings: Finding[]): void {
  const seen = new Set<string>();
  let k = 0;
  for (const f of findings) {
    const key = `${f.ruleId}\u0000${f.messageId}\u0000${f.range.start}\u0000${f.range.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings[k++] = f;
  }
  findings.length = k;
}

export function replayAll(history: HistoryFile[], upTo = history.length): SchemaModel {
  return replayFiles(new SchemaModel(), history.slice(0, upTo));
}

/**
 * The schema just before each statement of one file, advanced statement by statement and shared by
 * the file's rules: rules walk statements in order, so each rule costs one replay of the file, not
 * one per statement. The model returned by `at` is only valid until the next call.
 */
export class ModelCursor {
  private model: SchemaModel | undefined;
  private next = 0;
  private replayer: Replayer | undefined;

  constructor(
    private readonly before: SchemaModel,
    private readonly file: HistoryFile,
  ) {}

  at(statement: Statement): SchemaModel {
    if (!this.model || statement.index < this.next) {
      this.model = this.before.overlay();
      this.replayer = new Replayer(this.model, this.file.path, this.file.index);
      this.next = 0;
    }
    const statements = this.file.parsed.statements;
    for (; this.next < statement.index && this.next < statements.length; this.next++) for (const f of statements[this.next]!.facts) this.replayer!.apply(f);
    return this.model;
  }

  /** The statement runs inside a transaction block: its tool's, an implicit one, or an explicit BEGIN (see migration-tools). */
  inTransaction(statement: Statement): boolean {
    return runsInTransaction(this.file, statement);
  }
}

/** The file's lock model; `inTransaction` must be RuleContext.inTransaction's notion (locks are held to the end of that transaction). */
function locksOf(file: HistoryFile, history: HistoryFile[], before: SchemaModel, config: ResolvedConfig, inTransaction: (s: Statement) => boolean): FileLocks {
  return fileLocks({ file, history, before, postgresVersion: config.postgresVersion, inTransaction }, lockOptionsFrom(config));
}

function runRule(rule: AnyRule, file: HistoryFile, history: HistoryFile[], before: SchemaModel, final: SchemaModel, config: ResolvedConfig, cursor: ModelCursor): Finding[] {
  const setting = config.rules.get(rule.id);
  const severity = (setting?.severity ?? rule.meta.defaultSeverity) as Severity;
  const reports: Report[] = [];
  const parsed = file.parsed;
  const ctx: RuleContext<unknown> = {
    ruleId: rule.id,
    options: setting?.options ?? rule.meta.defaultOptions,
    file,
    history,
    before,
    final,
    postgresVersion: config.postgresVersion,
    modelAt: (statement: Statement) => cursor.at(statement),
    facts: (kind) => factsOfKind(parsed.statements, kind),
    existedBeforeFile(schema: string | undefined, name: string) {
      return before.tables.has(tableKey(schema, name));
    },
    inTransaction: (statement: Statement) => cursor.inTransaction(statement),
    locks: () => locksOf(file, history, before, config, (s) => ctx.inTransaction(s)),
    report(r: Report) {
      reports.push(r);
    },
  };
  rule.check(ctx);
  const out: Finding[] = [];
  for (const r of reports) {
    const start = parsed.lines.positionAt(r.range.start);
    if (rule.id !== 'invalid-directive' && isSuppressed(parsed.directives, rule.id, r.range.start, start.line)) continue;
    let data = r.data ?? {};
    const small = r.tableAtRisk && smallTableNote(config, r.tableAtRisk);
    if (small) data = { ...data, tableSize: small.size };
    const template = rule.meta.messages[r.messageId] ?? r.messageId;
    out.push(new LintFinding(rule.id, small ? 'info' : severity, r.messageId, data, file.path, r.range, start, parsed.lines.positionAt(r.range.end), r.fix, r.suggestions ?? [], r.related ?? [], template, small ? ' ' + small.note : ''));
  }
  return out;
}

/**
 * A finding whose message is formatted when read: messages say why and what to do, about 400
 * characters each, and a 10 MB dump's 30,000 findings held 17 MB of them until the report was written.
 * JSON sees the message as a plain property (toJSON); code that copies a finding must read it by name.
 */
class LintFinding implements Finding {
  constructor(
    public ruleId: string,
    public severity: Severity,
    public messageId: string,
    public data: Record<string, string | number>,
    public file: string,
    public range: Range,
    public start: Position,
    public end: Position,
    public fix: FixSpec | undefined,
    public suggestions: FixSpec[],
    public related: RelatedInfo[],
    template: string,
    note: string,
  ) {
    // Not enumerable: not part of the finding, as JSON and copies see it.
    Object.defineProperty(this, 'template', { value: template });
    Object.defineProperty(this, 'note', { value: note });
  }

  get message(): string {
    const self = this as unknown as { template: string; note: string };
    return formatMessage(self.template, this.data) + self.note;
  }

  toJSON(): Finding {
    const { ruleId, severity, messageId, message, data, file, range, start, end, fix, suggestions, related } = this;
    return { ruleId, severity, messageId, message, data, file, range, start, end, ...(fix ? { fix } : {}), suggestions, related };
  }
}

export function formatMessage(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (k in data ? String(data[k]) : m));
}
