// Large single files (issue 15): lago's dump repeated (each copy in its own schema) to 1, 4 and 9.5 MB,
// linted cold by the built CLI. Targets: linear, at most 1 s and 30 MB of peak RSS per MB of SQL.
// Wall time on a shared 2-core machine is noisy: the CPU time (user + system) is printed beside it.
// Then the shapes that were quadratic once (runLargeStatementBench): one statement with a list of
// 16,000 items, and a migration adding 20,000 indexes to existing tables.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { largeStatements, repeatedDump } from './big-sql.js';

/** Decimal megabytes, as the figures. */
const MB = 1_000_000;
const SIZES_MB = [1, 4, 9.5];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export interface LargeFileFigures {
  file: string;
  sizeMB: number;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMB: number;
  wallSecondsPerMB: number;
  cpuSecondsPerMB: number;
  peakRssMBPerMB: number;
  diagnostics: number;
}

/** One cold run of the CLI on `paths` (files or folders) in `dir`: wall and CPU seconds, peak RSS and findings. */
function lintOnce(cli: string, dir: string, paths: string[]): { wall: number; cpu: number; rss: number; diagnostics: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', join(__dirname, 'rss-reporter.js'), cli, ...paths, '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  return {
    wall: Number(process.hrtime.bigint() - t0) / 1e9,
    rss: Number(/PEAK_RSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024,
    cpu: Number(/CPU_MS=(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1000,
    diagnostics: (JSON.parse(r.stdout) as { diagnostics: unknown[] }).diagnostics.length,
  };
}

export interface LargeStatementFigures {
  case: string;
  sizeMB: number;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMB: number;
  diagnostics: number;
}

/** The shapes of big-sql.ts's largeStatements, one cold run each (targets as for large files). */
export function runLargeStatementBench(cli: string, dir: string): LargeStatementFigures[] {
  return largeStatements().map(({ name, files }) => {
    const folder = join(dir, `statements-${name.replace(/\W+/g, '-')}`);
    mkdirSync(folder, { recursive: true });
    let bytes = 0;
    for (const [file, text] of Object.entries(files)) {
      writeFileSync(join(folder, file), text);
      bytes += Buffer.byteLength(text);
    }
    const r = lintOnce(cli, dir, [folder]);
    return { case: name, sizeMB: +(bytes / MB).toFixed(2), wallSeconds: +r.wall.toFixed(2), cpuSeconds: +r.cpu.toFixed(2), peakRssMB: Math.round(r.rss), diagnostics: r.diagnostics };
  });
}

export function runLargeFileBench(cli: string, dir: string, runs = 3): LargeFileFigures[] {
  const rows: LargeFileFigures[] = [];
  for (const size of SIZES_MB) {
    const sql = repeatedDump(size * MB);
    const file = join(dir, `lago-x${size}.sql`);
    writeFileSync(file, sql);
    const walls: number[] = [];
    const cpus: number[] = [];
    const rsss: number[] = [];
    let diagnostics = 0;
    for (let i = 0; i < runs; i++) {
      const r = lintOnce(cli, dir, [file]);
      walls.push(r.wall);
      rsss.push(r.rss);
      cpus.push(r.cpu);
      diagnostics = r.diagnostics;
    }
    const mb = Buffer.byteLength(sql) / MB;
    const wall = median(walls);
    const cpu = median(cpus);
    const rss = median(rsss);
    rows.push({
      file: `lago dump ×${Math.round(mb / (533712 / MB))}, median of ${runs}`,
      sizeMB: +mb.toFixed(2),
      wallSeconds: +wall.toFixed(2),
      cpuSeconds: +cpu.toFixed(2),
      peakRssMB: Math.round(rss),
      wallSecondsPerMB: +(wall / mb).toFixed(2),
      cpuSecondsPerMB: +(cpu / mb).toFixed(2),
      peakRssMBPerMB: Math.round(rss / mb),
      diagnostics,
    });
  }
  return rows;
}

/** What each added MB costs between the smallest and the largest file (linear growth keeps it flat). */
export function growth(rows: LargeFileFigures[]): string {
  const a = rows[0];
  const b = rows[rows.length - 1];
  if (!a || !b || b.sizeMB === a.sizeMB) return '';
  const d = b.sizeMB - a.sizeMB;
  return `From ${a.sizeMB} to ${b.sizeMB} MB, each added MB costs ${((b.wallSeconds - a.wallSeconds) / d).toFixed(2)} s wall, ${((b.cpuSeconds - a.cpuSeconds) / d).toFixed(2)} s CPU and ${Math.round((b.peakRssMB - a.peakRssMB) / d)} MB of peak RSS`;
}
