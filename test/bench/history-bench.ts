// Generated histories of 1,000 and 8,000 migrations (test/helpers/history.ts: the shape of
// ../shared/tools/gen-history.mjs, each file a table with a foreign key to an earlier one, an index,
// an ALTER of an earlier table and a view). The lint must grow with the history, not faster: the CLI
// cold on both sizes, with each rule's share of the time (TIMING=all), and the language server on
// the larger one (lsp-bench.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig, lintProject, loadPostgresParser, parseDocument, rules } from '../../server/src/engine/index.js';
import { syntheticHistory } from '../helpers/history.js';
import type { Figures } from './bench.js';

export const HISTORY_SIZES = [1000, 8000] as const;
export const HISTORY_LSP_TARGETS = '8,000-file history: first diagnostics for the newest file ≤ 5 s, edit→diagnostics p95 ≤ 50 ms, RSS after indexing ≤ 600 MB';

type Measure = (label: string, args: string[], statements: number, cwd: string, runs?: number, env?: NodeJS.ProcessEnv, stderr?: (text: string) => void) => Figures;

/** Writes a generated history of `n` files into `dir`; returns its newest file and the number of statements. */
export function writeHistory(n: number, dir: string): { newest: string; statements: number } {
  mkdirSync(dir, { recursive: true });
  const files = syntheticHistory(n);
  let statements = 0;
  for (const [rel, text] of Object.entries(files)) {
    writeFileSync(join(dir, rel), text);
    statements += (text.match(/;\n/g) ?? []).length;
  }
  return { newest: Object.keys(files).pop()!, statements };
}

/** Rule timings (ms) printed by the CLI with TIMING=all. */
function ruleTimes(stderr: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of stderr.matchAll(/^\s+([\d.]+)\s+([a-z-]+)$/gm)) out.set(m[2]!, Number(m[1]));
  return out;
}

export async function runHistoryCliBench(cwd: string, measure: Measure): Promise<void> {
  const rows: Figures[] = [];
  const timings: Map<string, number>[] = [];
  for (const n of HISTORY_SIZES) {
    const dir = join(cwd, `history-${n}`);
    const { statements } = writeHistory(n, dir);
    rows.push(measure(`generated history, ${n.toLocaleString('en')} files, cold`, [dir], statements, cwd, n <= 1000 ? 3 : 1, { ...process.env, TIMING: 'all' }, (e) => timings.push(ruleTimes(e))));
  }
  console.log('\nCLI on generated histories (targets: 8,000 files ≤ 9× the 1,000-file run and ≤ 15 s)');
  console.table(rows);
  const [small, large] = rows;
  console.log(
    `8,000 / 1,000 files: wall ×${(large!.wallSeconds / small!.wallSeconds).toFixed(2)}, CPU ×${(large!.cpuSeconds / small!.cpuSeconds).toFixed(2)}, peak RSS ×${(large!.peakRssMB / small!.peakRssMB).toFixed(2)}` +
      ' (wall is noisy on a shared machine; CPU is user + system of all threads)',
  );
  // Each rule's share of the run's wall time: flat when the rule grows with the history.
  const [t1, t8] = [timings[timings.length - 2]!, timings[timings.length - 1]!];
  const share = (t: Map<string, number>, id: string, wall: number): number => (t.get(id) ?? 0) / (wall * 1000);
  const shares = [...t8.keys()]
    .map((id) => ({ rule: id, [`share at ${HISTORY_SIZES[0]}`]: pct(share(t1, id, small!.wallSeconds)), [`share at ${HISTORY_SIZES[1]}`]: pct(share(t8, id, large!.wallSeconds)), growth: +(share(t8, id, large!.wallSeconds) / share(t1, id, small!.wallSeconds)).toFixed(2) }))
    .slice(0, 15);
  console.log('Rules with the most time at 8,000 files, share of the run (TIMING=all; wall clock, noisy on a shared machine):');
  console.table(shares);
  console.log('Each rule\'s typical time per file (mean without the slowest 3 % of files, in-process, preemption-proof):');
  await loadPostgresParser();
  console.table(ruleCostsPerFile());
}

/**
 * Each rule's time per file at both sizes, in this process: every file timed alone and the slowest
 * 3 % left out (a preempted process, a garbage collection or an index built once per lint lands on a
 * few files; a cost that grows with the history lands on all of them). The files are parsed with
 * PostgreSQL's parser alone: the same facts, six times faster to parse.
 */
function ruleCostsPerFile(): Record<string, string | number>[] {
  const perFile = new Map<string, number[]>();
  const checks = new Map(rules.map((r) => [r, r.check]));
  for (const [rule, check] of checks)
    rule.check = (ctx) => {
      const t0 = performance.now();
      check.call(rule, ctx);
      const times = perFile.get(rule.id) ?? [];
      times.push(performance.now() - t0);
      perFile.set(rule.id, times);
    };
  const typical = new Map<number, Map<string, number>>();
  try {
    for (const n of HISTORY_SIZES) {
      const files = Object.entries(syntheticHistory(n)).map(([relPath, text]) => ({ path: `/history/${relPath}`, relPath, text }));
      const parsedCache = new Map(files.map((f) => [f.path, { text: f.text, parsed: parseDocument(f.text, { primaryAst: false }) }]));
      perFile.clear();
      lintProject(files, defaultConfig(), { parsedCache });
      const out = new Map<string, number>();
      for (const [id, times] of perFile) {
        const kept = [...times].sort((a, b) => a - b).slice(0, Math.max(1, Math.floor(times.length * 0.97)));
        out.set(id, kept.reduce((a, b) => a + b, 0) / kept.length);
      }
      typical.set(n, out);
    }
  } finally {
    for (const [rule, check] of checks) rule.check = check;
  }
  const [small, large] = HISTORY_SIZES.map((n) => typical.get(n)!);
  return [...large!.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 20)
    .map(([rule, ms]) => ({ rule, [`µs/file at ${HISTORY_SIZES[0]}`]: +(small!.get(rule)! * 1000).toFixed(1), [`µs/file at ${HISTORY_SIZES[1]}`]: +(ms * 1000).toFixed(1), growth: +(ms / small!.get(rule)!).toFixed(2) }));
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)} %`;
}
