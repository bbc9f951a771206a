// `--fix` must never break a history. lemmy (Diesel), trigger.dev (Prisma) and supabase-postgres
// (dbmate) are copied to a temporary folder (outside git every file is pending, so --fix may edit
// every file), fixed by the CLI as a process, linted again, and both the original and the fixed
// history are applied to PostgreSQL the way their migration tools run them: to PostgreSQL 18 (PGlite,
// on a worker thread) and, where its binaries are installed, to the machine's PostgreSQL (15 here).
// The fixed history must apply wherever the original did, and no rule may find more after the fix.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { applyHistory, type ApplyOptions, type ApplyResult } from '../../server/src/pg/apply-history.js';
import { applyInWorker } from '../../server/src/pg/apply-in-worker.js';
import { CLI } from '../helpers/cli.js';
import { CORPUS_DIR, corpusAvailable } from '../helpers/corpus.js';
import { usePostgresParser } from '../helpers/engine.js';
import { corpusHistories, stepsOf, type OracleHistory } from '../helpers/oracle.js';
import { canRunPostgres, postgresBinaries, postgresClusters } from '../helpers/postgres-server.js';

// The oracle helper reads a dbmate file's up sections through the migration-tool model, which parses.
usePostgresParser();

const HISTORIES = ['lemmy', 'trigger.dev', 'supabase-postgres'];

interface Lint {
  code: number;
  /** Findings by rule. */
  byRule: Map<string, number>;
  fixable: number;
  total: number;
}

function cli(args: string[], cwd: string): Promise<Lint> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 && code !== 1) return reject(new Error(`sql-schema-lint ${args.join(' ')} exited with ${code}: ${stderr}`));
      const json = JSON.parse(stdout) as { diagnostics: { rule: string; fixable: boolean }[] };
      const byRule = new Map<string, number>();
      for (const d of json.diagnostics) byRule.set(d.rule, (byRule.get(d.rule) ?? 0) + 1);
      resolve({ code, byRule, fixable: json.diagnostics.filter((d) => d.fixable).length, total: json.diagnostics.length });
    });
  });
}

/** The history's folder copied to `dir` (laid out as in the corpus), linted, fixed, and linted by the fix run. */
async function copyAndFix(h: OracleHistory, dir: string): Promise<{ before: Lint; after: Lint }> {
  const from = join(CORPUS_DIR, h.name, h.root!);
  const to = join(dir, h.name, h.root!);
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to, { recursive: true });
  // The corpus is read-only and the copy keeps its modes; --fix refuses read-only files, so the copy is made writable.
  for (const rel of readdirSync(to, { recursive: true }) as string[]) chmodSync(join(to, rel), statSync(join(to, rel)).isDirectory() ? 0o755 : 0o644);
  const cwd = join(dir, h.name);
  const before = await cli(['--format', 'json', h.root!], cwd);
  const after = await cli(['--fix', '--format', 'json', h.root!], cwd);
  return { before, after };
}

const OPTIONS = (h: OracleHistory): ApplyOptions => ({ setup: h.setup, missingExtension: 'skip' });

/** What applying a history came to: how far it got and the first error, comparable between runs. */
function outcome(r: ApplyResult): string {
  if (r.failure) return `failed at ${r.failure.path}: ${r.failure.error.code} ${r.failure.error.message}`;
  if (r.stopped) return `stopped at ${r.stopped.path}: extension ${r.stopped.extension}`;
  return `applied all ${r.applied} files`;
}

/** Why the fixed history does worse than the original, if it does: it must apply as far, with the same first failure if any. */
function worse(name: string, original: ApplyResult, fixed: ApplyResult): string[] {
  if (!original.failure && !original.stopped) return outcome(fixed) === outcome(original) ? [] : [`${name}: the fixed history ${outcome(fixed)}, the original ${outcome(original)}`];
  return fixed.applied >= original.applied ? [] : [`${name}: the fixed history fails earlier (${outcome(fixed)}) than the original (${outcome(original)})`];
}

test('--fix keeps lemmy, trigger.dev and supabase-postgres applying on PostgreSQL, and leaves no new finding', async (t) => {
  if (!corpusAvailable()) {
    t.skip('../shared/corpus is absent: fixed histories are not applied to PostgreSQL');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'ssl-fixed-'));
  try {
    const originals = corpusHistories().filter((h) => HISTORIES.includes(h.name));
    const t0 = performance.now();
    const lints = await Promise.all(originals.map((h) => copyAndFix(h, dir)));
    const fixed = corpusHistories(dir).filter((h) => HISTORIES.includes(h.name));
    const lintMs = performance.now() - t0;
    const problems: string[] = [];
    originals.forEach((h, i) => {
      const { before, after } = lints[i]!;
      assert.equal(fixed[i]!.files.length, h.files.length);
      const grew = [...after.byRule].filter(([rule, n]) => n > (before.byRule.get(rule) ?? 0)).map(([rule, n]) => `${rule}: ${before.byRule.get(rule) ?? 0} -> ${n}`);
      for (const g of grew) problems.push(`${h.name}: a fix made findings: ${g}`);
    });

    // Both PostgreSQL servers at once: PGlite blocks its worker thread, the real server its own process.
    const jobs = originals.flatMap((h, i) => [h, fixed[i]!].map((x) => ({ steps: stepsOf(x), options: OPTIONS(x) })));
    const t1 = performance.now();
    const pglite = applyInWorker(jobs, { timeoutMs: 600_000 });
    const bin = postgresBinaries();
    const real = bin && canRunPostgres() ? applyToServer(bin, originals, fixed) : undefined;
    const [pg18, pg] = await Promise.all([pglite, real]);
    const report = [`copy, lint and --fix as processes: ${Math.round(lintMs)} ms; original and fixed histories applied: ${Math.round(performance.now() - t1)} ms`];
    originals.forEach((h, i) => {
      const { before, after } = lints[i]!;
      report.push(`${h.name}: ${before.total} findings (${before.fixable} fixable) before --fix, ${after.total} (${after.fixable} fixable) after`);
      const [o, f] = [pg18[2 * i]!, pg18[2 * i + 1]!];
      report.push(`  PostgreSQL ${o.serverVersion} (PGlite): original ${outcome(o.result)}; fixed ${outcome(f.result)}`);
      problems.push(...worse(`${h.name} on PGlite`, o.result, f.result));
      if (pg) {
        const [po, pf] = pg.results[i]!;
        report.push(`  PostgreSQL ${pg.version}: original ${outcome(po)}; fixed ${outcome(pf)}`);
        problems.push(...worse(`${h.name} on PostgreSQL ${pg.version}`, po, pf));
      }
    });
    if (!pg) report.push(bin ? 'PostgreSQL binaries found but cannot run as nobody: applied to PGlite only' : 'no PostgreSQL binaries (initdb, pg_ctl): applied to PGlite only');
    t.diagnostic('\n' + report.join('\n'));
    assert.deepEqual(problems, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Each history, original then fixed, applied to a fresh cluster of the machine's PostgreSQL. */
async function applyToServer(bin: string, originals: OracleHistory[], fixed: OracleHistory[]): Promise<{ version: string; results: [ApplyResult, ApplyResult][] }> {
  const clusters = await postgresClusters(bin);
  try {
    const results: [ApplyResult, ApplyResult][] = [];
    for (const [i, h] of originals.entries()) {
      const o = await clusters.fresh((session) => applyHistory(session, stepsOf(h), OPTIONS(h)));
      const f = await clusters.fresh((session) => applyHistory(session, stepsOf(fixed[i]!), OPTIONS(h)));
      results.push([o, f]);
    }
    return { version: clusters.version, results };
  } finally {
    clusters.dispose();
  }
}
