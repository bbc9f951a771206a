// Generated histories of 1,000 and 8,000 migrations (test/helpers/history.ts: the shape of
// ../shared/tools/gen-history.mjs, each file a table with a foreign key to an earlier one, an index,
// an ALTER of an earlier table and a view). The lint must grow with the history, not faster: the CLI
// cold on both sizes, with each rule's share of the time (TIMING=all), and the language server on
// the larger one (lsp-bench.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

export function runHistoryCliBench(cwd: string, measure: Measure): void {
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
  console.log('Rules with the most time at 8,000 files, share of the run (TIMING=all):');
  console.table(shares);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)} %`;
}
