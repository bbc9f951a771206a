// The `sql-schema-lint` command. Exit codes are a public contract: 0 clean, 1 findings over the
// threshold, 2 usage, configuration or I/O error.
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import {
  applyRuleSetting,
  cachedStatementsOf,
  ConfigError,
  dominantTool,
  loadPostgresParser,
  rulesById,
  lintProject,
  ruleTimings,
  seedStatementCache,
  setStatementCaching,
  type MigrationToolId,
  type ParsedFile,
  type ResolvedConfig,
  type SourceFile,
  type ToolFile,
} from '../engine/index.js';
import { findConfigFile, findSqlFiles, findToolFiles, loadConfigFile, loadTableStats, projectRoot, readSqlFiles, toPosix } from '../node/project.js';
import { HELP, parseArgs, UsageError, type CliArgs } from './args.js';
import { emitReport } from './reporters/emit.js';
import type { ReportInput } from './reporters/types.js';
import { runScore } from './score.js';
import { runExplain } from './explain.js';
import { runStats } from './stats.js';
import { fixFiles } from './fix-files.js';
import { buildId, readCache, readCachedStatements, runKey, writeCache } from './cache.js';
import { SuppressionsRun } from './suppressions.js';
import { askBoundary, reportedFiles, selectFiles, selectionKey, SelectionError, type Selection } from './pending.js';
import { runVerify } from './verify.js';
import { collectGarbage, limitHeapGrowth } from '../node/heap.js';
import { parseSourceFiles } from '../node/parse-pool.js';

declare const PACKAGE_VERSION: string | undefined;
export const VERSION = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.1.0';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** See Output.drained (reporters/emit.ts). */
  drained?: () => Promise<void>;
  cwd: string;
  isTTY: boolean;
}

export async function run(argv: string[], io: Io): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`sql-schema-lint: ${e.message}\nRun sql-schema-lint --help for usage.\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    io.stdout(HELP + '\n');
    return 0;
  }
  if (args.version) {
    io.stdout(VERSION + '\n');
    return 0;
  }
  const inputs = args.paths.map((p) => path.resolve(io.cwd, p));
  let config: ResolvedConfig;
  let configFile: string | undefined;
  try {
    configFile = args.config ? path.resolve(io.cwd, args.config) : findConfigFile(firstDir(inputs));
    config = loadConfigFile(configFile);
    for (const r of args.rules) {
      const rule = rulesById.get(r.id);
      if (!rule) throw new UsageError(`--rule: unknown rule "${r.id}"`);
      const problem = applyRuleSetting(config, rule, r.severity);
      if (problem) throw new UsageError(`--rule ${r.id}: ${problem}`);
    }
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`sql-schema-lint: invalid configuration: ${path.relative(io.cwd, e.file) || e.file}:${e.line}:${e.column}: ${e.problem}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      io.stderr(`sql-schema-lint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const root = projectRoot(configFile, inputs);
  try {
    config.tableStats = loadTableStats(configFile ? path.dirname(configFile) : firstDir(inputs));
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.stderr(`sql-schema-lint: invalid table statistics: ${path.relative(io.cwd, e.file) || e.file}: ${e.problem}\n`);
    return 2;
  }
  const display = (p: string): string => toPosix(path.relative(io.cwd, p)) || toPosix(p);
  if (args.command === 'stats') return runStats(args.query, config, io, display);
  const { files: found, missing, skipped: unreadable } = await findSqlFiles(inputs);
  if (missing.length) {
    io.stderr(`sql-schema-lint: no such file or directory: ${missing.map(display).join(', ')}\n`);
    return 2;
  }
  let suppressions: SuppressionsRun | undefined;
  try {
    if (args.command === 'lint') suppressions = SuppressionsRun.load(configFile, root, io.cwd, args);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`sql-schema-lint: invalid suppressions file: ${path.relative(io.cwd, e.file) || e.file}:${e.line}:${e.column}: ${e.problem}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      io.stderr(`sql-schema-lint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const sources: SourceFile[] = [];
  const skipped: ReportInput['skipped'] = unreadable.map((s) => ({ displayPath: display(s.path), reason: s.reason }));
  // Git answers while the files are read.
  const asking = args.command === 'lint' || args.command === 'explain' ? askBoundary(args, config, root) : undefined;
  asking?.catch(() => undefined);
  const [reads, toolFiles] = await Promise.all([readSqlFiles(found), findToolFiles(root, found)]);
  for (const [i, file] of found.entries()) {
    const r = reads[i]!;
    if (r.ok) sources.push({ path: file, relPath: toPosix(path.relative(root, file)), text: r.text });
    else skipped.push({ displayPath: display(file), reason: r.reason });
  }
  skipped.sort((a, b) => (a.displayPath < b.displayPath ? -1 : a.displayPath > b.displayPath ? 1 : 0));
  if (args.command === 'verify') return runVerify({ sources, config, toolFiles, skipped, display, version: VERSION }, args, io);
  let selection: Selection = { fixDefault: false };
  if (asking) {
    try {
      selection = await selectFiles(await asking, sources, display);
    } catch (e) {
      if (!(e instanceof SelectionError)) throw e;
      io.stderr(`sql-schema-lint: ${e.message}\n`);
      return 2;
    }
  }
  const only = selection.pending;
  if (args.command === 'lint' && !args.fix && args.cache) {
    const cacheFile = path.resolve(io.cwd, args.cacheLocation ?? '.sql-schema-lint-cache');
    const build = buildId(VERSION);
    const key = runKey(sources, config, build, 'lint\0' + selectionKey(selection), toolFiles);
    const hit = await readCache(cacheFile, key);
    if (hit) {
      const byPath = new Map(hit.files.map((f) => [f.path, f]));
      const files = sources.filter((s) => !only || only.has(s.path)).map((s) => ({ path: s.path, findings: byPath.get(s.path)?.findings ?? [], tool: byPath.get(s.path)?.tool, linted: true }));
      return report({ files, ruleFailures: [] }, skipped, undefined, args, io, display, sources, suppressions, selection);
    }
    // A miss still reuses the parses of the statements that did not change.
    seedStatementCache(await readCachedStatements(cacheFile, build));
    await loadPostgresParser();
    const result = lintProject(sources, config, { only, toolFiles });
    const linted = result.files.filter((f) => f.linted).map((f) => ({ path: f.path, findings: f.findings, tool: f.run.tool }));
    await writeCache(cacheFile, { key, files: linted }, { build, statements: cachedStatementsOf(result.files.map((f) => f.parsed)) });
    return report(result, skipped, undefined, args, io, display, sources, suppressions, selection);
  }
  await loadPostgresParser();
  if (args.command === 'score' || args.command === 'explain') {
    const code =
      args.command === 'score'
        ? runScore(sources, config, args.format, io, toolFiles)
        : runExplain(sources, config, args.format, { named: new Set(found.filter((f) => inputs.includes(f))), all: args.all, pending: only }, io, display, toolFiles);
    return skipped.length ? Math.max(code, 2) : code;
  }
  if (args.fix) {
    const { fixed, notFixed } = await fixFiles(sources, config, only ?? new Set(sources.map((s) => s.path)), toolFiles, display);
    for (const f of notFixed) io.stderr(`sql-schema-lint: ${f.displayPath}: not fixed: ${f.reason}\n`);
    // --fix's default lints the committed files too, to say how many fixable findings it left there.
    const code = await report(lintWithoutParses(sources, config, selection.fixDefault ? { toolFiles } : { only, toolFiles }), skipped, fixed, args, io, display, sources, suppressions, selection);
    return notFixed.length ? 2 : code;
  }
  // Each file is parsed once and nothing is kept for a next run: a statement cache would cost without a hit.
  setStatementCaching(false);
  // Parsed up front, on a second core when one is idle: parsing is most of a long history's lint.
  const parsedCache = await parseSourceFiles(sources);
  const large = sources.reduce((n, s) => n + s.text.length, 0) >= LARGE_RUN_LENGTH;
  if (large) collectGarbage();
  const result = lintWithoutParses(sources, config, { only, toolFiles, parsedCache });
  if (large) collectGarbage();
  return report(result, skipped, undefined, args, io, display, sources, suppressions, selection);
}

/**
 * lintProject, keeping what the reporters read: a run's parsed files, history and models (most of a
 * large file's memory) are freed while the report is written. Of a file's run only its tool is kept:
 * the engine caches the file's parts by its run, so a run kept to the end kept the whole parse of a
 * 9.6 MB dump (80 MB) alive. A function of its own, so that no frame holds the whole result once it
 * returns (the caller's frame kept it alive while the report was written).
 */
function lintWithoutParses(sources: SourceFile[], config: ResolvedConfig, options: { only?: ReadonlySet<string>; toolFiles: readonly ToolFile[]; parsedCache?: Map<string, { text: string; parsed: ParsedFile }> }): Parameters<typeof report>[0] {
  const result = lintProject(sources, config, options);
  options.parsedCache?.clear();
  return { files: result.files.map(({ parsed: _parsed, run, ...file }) => ({ ...file, run: { tool: run.tool } })), ruleFailures: result.ruleFailures };
}

async function report(
  linted: {
    files: { path: string; findings: import('../engine/index.js').Finding[]; linted: boolean; run?: { tool: MigrationToolId }; tool?: MigrationToolId }[];
    ruleFailures: { ruleId: string; file: string; error: unknown }[];
  },
  skipped: ReportInput['skipped'],
  fixed: ReportInput['fixed'],
  args: CliArgs,
  io: Io,
  display: (p: string) => string,
  sources: SourceFile[],
  suppressions: SuppressionsRun | undefined,
  selection: Selection,
): Promise<number> {
  // Only pending files are reported; suppressions then apply to them alone (applied files' entries stay as they are).
  let result: { files: { path: string; findings: import('../engine/index.js').Finding[] }[]; ruleFailures: { ruleId: string; file: string; error: unknown }[] } = {
    ...linted,
    files: reportedFiles(linted.files, selection),
  };
  if (process.env.TIMING) {
    // As ESLint: the 15 slowest rules, or every rule with TIMING=all.
    const rows = [...ruleTimings].sort((a, b) => b[1] - a[1]).slice(0, process.env.TIMING === 'all' ? undefined : 15);
    io.stderr('Rule timings (ms):\n' + rows.map(([id, ms]) => `  ${ms.toFixed(1).padStart(9)}  ${id}`).join('\n') + '\n');
  }
  for (const f of result.ruleFailures) io.stderr(`sql-schema-lint: rule ${f.ruleId} failed on ${display(f.file)} and was skipped: ${(f.error as Error)?.stack ?? f.error}\n`);
  let suppressed = 0;
  if (suppressions) {
    const kept = await suppressions.apply(result.files, (line) => io.stderr(`sql-schema-lint: ${line}\n`), display);
    result = { ...result, files: kept.files };
    suppressed = kept.suppressed;
  }
  const texts = new Map(sources.map((s) => [s.path, s.text]));
  const report: ReportInput = {
    files: result.files.map((f) => ({ displayPath: display(f.path), findings: f.findings, text: texts.get(f.path) })),
    skipped,
    fixed,
    suppressed,
    migrationTool: dominantTool(linted.files.flatMap((f) => (f.linted ? (f.run?.tool ?? f.tool ?? []) : []))),
    pending: selection.summary,
  };
  return emitReport(report, args, io, VERSION);
}

function firstDir(inputs: string[]): string {
  const p = inputs[0] ?? process.cwd();
  return /\.sql$/i.test(p) ? path.dirname(p) : p;
}

/**
 * The CLI's heap policy: a large file's lint keeps its facts, final model and findings to the end, and
 * with V8's default growing factor the heap reached 3.5 times the live size of a 9.6 MB dump (peak RSS
 * 540 MB). The old generation may grow by 35 % between full collections: against 100 %, 45 MB less
 * peak on that dump for 4 % more time, 44 MB less on a generated 8,000-file history for 8 % more
 * (12.4 s, within its 15 s budget).
 */
const HEAP_GROWING_PERCENT = 35;

/**
 * SQL of at least this many characters is collected between its parse, its lint and its report
 * (collectGarbage): on the 9.6 MB dump, 17 MB less peak for under 1 % more time.
 */
const LARGE_RUN_LENGTH = 2_000_000;

/** Resolves when `stream` has no write waiting, or can take none (closed, failed). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (!stream.writableNeedDrain) return resolve();
    const done = (): void => {
      stream.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    stream.on('drain', done).on('close', done).on('error', done);
  });
}

if (require.main === module) {
  limitHeapGrowth(HEAP_GROWING_PERCENT);
  // A reader that stops early (`| head`) closes the pipe: the rest of the report has nowhere to go.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  run(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    drained: () => drained(process.stdout),
    cwd: process.cwd(),
    isTTY: !!process.stdout.isTTY && !process.env.NO_COLOR,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`sql-schema-lint: internal error: ${(e as Error)?.stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}


