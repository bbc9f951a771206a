// `verify`: a project's migration history as PostgreSQL applies it, and PostgreSQL's verdict as
// findings of the rule `migration-fails`. The plan (which files, in which order, which part of each,
// how its tool runs it, the tool's bookkeeping table) comes from the engine's migration-tool model;
// applying it is apply-history's work, on PGlite in a worker or on a real server (pg-server.ts); this
// module turns the result into findings and "not checked" notes. It knows nothing of the CLI or LSP.
import { bookkeepingSetup, fileRun, formatMessage, migrationSetup, orderFiles, parseCached, rulesById, type Finding, type LintOptions, type ParsedFile, type ResolvedConfig, type Severity, type SourceFile, type ToolFile, type TransactionMode } from '../engine/index.js';
import { isSuppressed } from '../engine/parse/directives.js';
import type { ApplyResult, HistoryStep, RunMode, StepFailure } from './apply-history.js';
import { failureRange, firstLine } from './error-location.js';

export const VERIFY_RULE_ID = 'migration-fails';

const RUN_MODES: Record<TransactionMode, RunMode> = { tool: 'transaction', implicit: 'multi-statement', none: 'statements' };

/** One file of the plan: the step PostgreSQL runs and what findings need of the file. */
export interface PlannedFile {
  path: string;
  relPath: string;
  parsed: ParsedFile;
  step: HistoryStep;
}

export interface VerifyPlan {
  /** The up migrations in history order (down, undo and verify files are never applied). */
  files: PlannedFile[];
  /** Statements run before the history: the migration tools' bookkeeping tables its migrations refer to. */
  setup: string[];
}

/** A file's forward part as its tool runs it: the rest blanked, so that offsets still index the file. */
function upText(text: string, sections: readonly { range: { start: number; end: number } }[]): string {
  const blank = (s: string): string => s.replace(/[^\r\n]/g, ' ');
  let out = '';
  let at = 0;
  for (const s of sections) {
    out += blank(text.slice(at, s.range.start)) + text.slice(s.range.start, s.range.end);
    at = s.range.end;
  }
  return out + blank(text.slice(at));
}

/** Steps by the file's run (cached per parse and path by the migration-tool model): a save re-plans a long history in milliseconds. */
const stepCache = new WeakMap<object, HistoryStep>();

/**
 * The history to apply: the project's files ordered as linting orders them, each file's up sections
 * run the way its migration tool runs them. The PostgreSQL parser must be loaded (loadPostgresParser).
 */
export function planVerify(sources: SourceFile[], config: ResolvedConfig, toolFiles?: readonly ToolFile[], parsedCache?: LintOptions['parsedCache']): VerifyPlan {
  const setup = migrationSetup(toolFiles, config.migrationTool);
  const files: PlannedFile[] = [];
  for (const f of setup.order(orderFiles(sources, config))) {
    const parsed = parseCached(f, parsedCache);
    const run = fileRun(f.relPath, parsed, setup);
    if (run.role !== 'up') continue;
    let step = stepCache.get(run);
    if (step?.path !== f.path) stepCache.set(run, (step = { path: f.path, sql: upText(f.text, run.upSections), run: RUN_MODES[run.transaction] }));
    files.push({ path: f.path, relPath: f.relPath, parsed, step });
  }
  return { files, setup: bookkeepingSetup(files.map((f) => ({ run: fileRun(f.relPath, f.parsed, setup), text: f.step.sql }))) };
}

/** A file verify did not get to, and why. */
export interface NotChecked {
  path: string;
  reason: string;
}

export interface VerifyReport {
  /** Findings of `migration-fails`, by file path (at most one file: where the history breaks). */
  findings: Map<string, Finding[]>;
  /** Files applied without error. */
  applied: number;
  notChecked: NotChecked[];
  /** Why the run ended before the end of the history without a finding (an extension the server lacks). */
  stopped?: { path: string; reason: string };
  /** Which PostgreSQL checked: "PostgreSQL 18.1 (PGlite)". */
  checkedBy: string;
}

/**
 * The checking server, as messages name it, with the configured `postgresVersion` when that is
 * another major version (PGlite is PostgreSQL 18; an older server may accept or reject other things).
 */
export function describeServer(serverVersion: string, engine: 'pglite' | 'server', targetVersion?: number): string {
  const major = Number(/^(\d+)/.exec(serverVersion)?.[1]);
  const base = `PostgreSQL ${serverVersion}${engine === 'pglite' ? ' (PGlite)' : ''}`;
  return targetVersion && major && major !== targetVersion ? `${base}, while postgresVersion is ${targetVersion}` : base;
}

/** What to say when the server lacks an extension. */
export function missingExtensionReason(extension: string, engine: 'pglite' | 'server'): string {
  return engine === 'pglite'
    ? `PGlite lacks extension "${extension}"; use --database-url to check on a PostgreSQL server that has it`
    : `the server lacks extension "${extension}"; install it there or use a server that has it`;
}

/** The finding of one failure in its file, or undefined when the rule is off or a directive suppresses it. */
export function failureFinding(file: Pick<PlannedFile, 'path' | 'parsed'>, failure: Pick<StepFailure, 'error' | 'statement' | 'offset' | 'at'>, checkedBy: string, config: ResolvedConfig): Finding | undefined {
  const rule = rulesById.get(VERIFY_RULE_ID)!;
  const severity = config.rules.get(VERIFY_RULE_ID)?.severity ?? rule.meta.defaultSeverity;
  if (severity === 'off') return undefined;
  const text = file.parsed.text;
  const e = failure.error;
  const place = failureRange(text, { error: e, statement: failure.statement?.range, offset: failure.offset });
  const firstStatement = file.parsed.statements[0]?.range ?? { start: 0, end: Math.min(text.length, 1) };
  const range = place ?? firstLine(text, firstStatement);
  const start = file.parsed.lines.positionAt(range.start);
  if (isSuppressed(file.parsed.directives, VERIFY_RULE_ID, range.start, start.line)) return undefined;
  const messageId = failure.statement ? 'statement' : 'file';
  const data: Record<string, string> = {
    message: e.message,
    code: e.code,
    detail: e.detail ? ` Detail: ${e.detail}` : '',
    hint: e.hint ? ` Hint: ${e.hint}` : '',
    checkedBy,
    when: failure.at === 'commit' ? 'when its transaction commits (a deferred constraint)' : 'as a whole (each statement passes alone)',
  };
  return {
    ruleId: VERIFY_RULE_ID,
    severity: severity as Severity,
    messageId,
    message: formatMessage(rule.meta.messages[messageId]!, data),
    data,
    file: file.path,
    range,
    start,
    end: file.parsed.lines.positionAt(range.end),
    suggestions: [],
    related: [],
  };
}

/** PostgreSQL's verdict on the whole plan as findings and notes. */
export function verifyReport(plan: VerifyPlan, result: ApplyResult, checkedBy: string, engine: 'pglite' | 'server', config: ResolvedConfig): VerifyReport {
  const report: VerifyReport = { findings: new Map(), applied: result.applied, notChecked: [], checkedBy };
  if (result.failure) {
    const file = plan.files[result.failure.step]!;
    const finding = failureFinding(file, result.failure, checkedBy, config);
    if (finding) report.findings.set(file.path, [finding]);
    const reason = `an earlier migration failed (${file.relPath})`;
    for (const later of plan.files.slice(result.failure.step + 1)) report.notChecked.push({ path: later.path, reason });
  }
  if (result.stopped) {
    const reason = missingExtensionReason(result.stopped.extension, engine);
    report.stopped = { path: plan.files[result.stopped.step]!.path, reason };
    for (const f of plan.files.slice(result.stopped.step)) report.notChecked.push({ path: f.path, reason });
  }
  return report;
}
