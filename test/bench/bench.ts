// `npm run bench`: speed and memory figures (never asserted by unit tests). Runs the built CLI as a
// process, cold and with a warm --cache, on ../shared/corpus and on its largest file, then on large
// single files (lago's dump repeated to 1, 4 and 9.5 MB, test/bench/large-files.ts), then the
// language-server figures when that bench is present, then the editor memory soak (soak-bench.ts).
// Each CLI figure is the median of several runs (the spread is printed beside it): one run on a
// shared 2-core machine can be off by a third.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS_DIR, corpusAvailable } from '../helpers/corpus.js';
import { growth, runLargeFileBench, runLargeStatementBench } from './large-files.js';
import { HISTORY_LSP_TARGETS, runHistoryCliBench } from './history-bench.js';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const LAGO = join(CORPUS_DIR, 'lago', 'db', 'structure.sql');

export interface Figures {
  label: string;
  files: number;
  statements: number;
  wallSeconds: number;
  /** Fastest and slowest of the runs. */
  spread: string;
  /** User + system CPU time (all threads): steadier than wall time on a shared machine. */
  cpuSeconds: number;
  statementsPerSecond: number;
  peakRssMB: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** Runs the CLI `runs` times; wall time and peak RSS are the medians. `stderr` receives the last run's. */
function measure(label: string, args: string[], statements: number, cwd: string, runs = 1, env?: NodeJS.ProcessEnv, stderr?: (text: string) => void): Figures {
  const walls: number[] = [];
  const rsss: number[] = [];
  const cpus: number[] = [];
  let files = 0;
  for (let i = 0; i < runs; i++) {
    // /usr/bin/time is not always installed: peak RSS comes from a preload that reports process.resourceUsage().
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--require', join(__dirname, 'rss-reporter.js'), CLI, ...args, '--format', 'json'], { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: env ?? process.env });
    stderr?.(r.stderr);
    walls.push(Number(process.hrtime.bigint() - t0) / 1e9);
    files = (JSON.parse(r.stdout) as { files: number }).files;
    const rss = /PEAK_RSS_KB=(\d+)/.exec(r.stderr);
    rsss.push(rss ? Number(rss[1]) / 1024 : NaN);
    const cpu = /CPU_MS=(\d+)/.exec(r.stderr);
    cpus.push(cpu ? Number(cpu[1]) / 1000 : NaN);
  }
  const wall = median(walls);
  return {
    label: runs > 1 ? `${label} (median of ${runs})` : label,
    files,
    statements,
    wallSeconds: +wall.toFixed(3),
    spread: `${Math.min(...walls).toFixed(2)}–${Math.max(...walls).toFixed(2)} s`,
    cpuSeconds: +median(cpus).toFixed(2),
    statementsPerSecond: Math.round(statements / wall),
    peakRssMB: +median(rsss).toFixed(1),
  };
}

function measureNodeStart(): number {
  const walls: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0']);
    walls.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return median(walls);
}

function countStatements(paths: string[]): number {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'count-statements.ts'), ...paths], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

const SECTIONS = ['history', 'cli', 'pending', 'large', 'lsp', 'verify', 'soak'] as const;
type Section = (typeof SECTIONS)[number];

async function main(): Promise<void> {
  if (!existsSync(CLI)) {
    console.error('dist/cli.js is missing: run `node esbuild.mjs` (npm run build) first');
    process.exitCode = 2;
    return;
  }
  const cwd = mkdtempSync(join(tmpdir(), 'ssl-bench-'));
  // `npm run bench -- <section> …` runs only those sections (e.g. `history`, `large soak`); a full run
  // takes tens of minutes on this machine. `history` is the generated histories, CLI and language server.
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = asked.filter((a) => !SECTIONS.includes(a as Section));
  if (unknown.length) {
    console.error(`unknown bench section ${unknown.join(', ')}; sections: ${SECTIONS.join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const wanted = (s: Section): boolean => !asked.length || asked.includes(s);
  if (wanted('history')) await runHistoryCliBench(cwd, measure);
  if (asked.length === 1 && asked[0] === 'history') {
    const { runHistoryLspBench } = (await import(join(__dirname, 'lsp-bench.ts'))) as typeof import('./lsp-bench.js');
    console.log(`\n${HISTORY_LSP_TARGETS}`);
    console.table(await runHistoryLspBench());
    return;
  }
  if (!corpusAvailable()) {
    console.log('../shared/corpus is absent: no corpus figures');
    return;
  }
  if (wanted('cli')) {
    const rows: Figures[] = [];
    const lagoStatements = countStatements([LAGO]);
    const corpusStatements = countStatements([CORPUS_DIR]);
    const cache = join(cwd, 'cache');
    rows.push(measure('lago/db/structure.sql (534 KB), cold', [LAGO], lagoStatements, cwd, 5));
    measure('warm-up', [LAGO, '--cache-location', cache + '-lago'], lagoStatements, cwd);
    rows.push(measure('lago/db/structure.sql, warm --cache', [LAGO, '--cache-location', cache + '-lago'], lagoStatements, cwd, 5));
    rows.push(measure('whole corpus, cold', [CORPUS_DIR], corpusStatements, cwd, 3));
    measure('warm-up', [CORPUS_DIR, '--cache-location', cache + '-corpus'], corpusStatements, cwd);
    rows.push(measure('whole corpus, warm --cache', [CORPUS_DIR, '--cache-location', cache + '-corpus'], corpusStatements, cwd, 3));
    // Node's own start-up is the floor of every warm figure (Squawk is a native binary).
    const nodeStart = measureNodeStart();
    console.log('\nCLI (targets: lago ≤ 1 s cold, corpus ≤ 8 s cold; Squawk 2.66 lints lago in 0.057 s)');
    console.table(rows);
    console.log(`Node.js start-up alone (node -e 0), median of 5: ${nodeStart.toFixed(3)} s`);
  }
  if (wanted('pending')) {
    const pending = (await import(join(__dirname, 'pending-bench.ts'))) as typeof import('./pending-bench.js');
    const { rows: pendingRows, findings } = pending.runPendingBench();
    console.log('\nPending migrations: lemmy committed as one commit + 1 new migration (targets: warm --cache ≤ 0.3 s; --since cold ≤ everything cold)');
    console.table(pendingRows);
    console.log('Findings of the whole history and of --since HEAD (one new migration):');
    console.table(findings);
  }
  if (wanted('large')) {
    const large = runLargeFileBench(CLI, cwd);
    console.log('\nLarge files, cold (targets: linear, ≤ 1 s and ≤ 30 MB peak RSS per MB of SQL)');
    console.table(large);
    console.log(growth(large));
    console.log('\nLarge statements and migrations (once quadratic; each file well under 1 MB)');
    console.table(runLargeStatementBench(CLI, cwd));
  }
  if (wanted('lsp')) {
    const { runLspBench } = (await import(join(__dirname, 'lsp-bench.ts'))) as typeof import('./lsp-bench.js');
    console.log(`\nLanguage server, through the protocol (targets: p95 ≤ 50 ms per edit on 2,000 lines, first diagnostics on lago ≤ 1.5 s, corpus indexed ≤ 10 s, RSS ≤ 300 MB; ${HISTORY_LSP_TARGETS})`);
    console.table(await runLspBench());
  }
  if (wanted('verify')) {
    const { runVerifyBench } = (await import(join(__dirname, 'verify-bench.ts'))) as typeof import('./verify-bench.js');
    console.log('\nverify: the history applied to PostgreSQL 18 (PGlite), from the CLI and on save in the editor');
    console.table(await runVerifyBench());
  }
  if (wanted('soak')) {
    const soak = await import('./soak-bench.js');
    console.log(`\nLanguage server memory soak on lemmy (target: RSS growth ≤ ${soak.SOAK_GROWTH_TARGET_MB} MB after indexing)`);
    const figures = await soak.runSoakBench();
    console.table(figures);
    if (Object.values(figures).includes('NOT MET')) process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
