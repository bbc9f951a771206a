// The resident set size of another process (the language server), in MB with one decimal.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const round = (x: number): number => Math.round(x * 10) / 10;

export function rssMB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) return round(Number(m[1]) / 1024);
  } catch {
    // not Linux
  }
  const r = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' });
  return round(Number(r.stdout.trim()) / 1024);
}
