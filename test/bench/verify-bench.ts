// verify figures: `sql-schema-lint verify` wall time and peak RSS on lemmy (342 Diesel migrations) and
// trigger.dev (820 Prisma migrations), PGlite included (it starts with initdb on every run), and the
// editor's verify-on-save latency for an edit to the newest lemmy migration: the first save (PGlite
// started and the 341 earlier migrations applied in the server's worker thread), then saves of the
// edited file (tried in BEGIN … ROLLBACK against the state kept), then a save after an earlier
// migration changed (restarted from the newest snapshot). `npm run bench` calls runVerifyBench();
// `node --import tsx test/bench/verify-bench.ts` runs it alone.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestClient, waitFor } from '../lsp/harness.js';
import { percentile } from './lsp-bench.js';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const CORPUS = join(ROOT, '..', 'shared', 'corpus');
const SAVES = 12;

const round = (x: number): number => Math.round(x * 10) / 10;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** `verify` on one history, `runs` times: median wall time and peak RSS (the worker thread's PGlite included). */
function cliVerify(label: string, dir: string, runs: number, figures: Record<string, number | string>): void {
  const walls: number[] = [];
  const rss: number[] = [];
  let applied = '';
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--require', join(__dirname, 'rss-reporter.js'), CLI, 'verify', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    walls.push((performance.now() - t0) / 1000);
    const kb = /PEAK_RSS_KB=(\d+)/.exec(r.stderr);
    rss.push(kb ? Number(kb[1]) / 1024 : NaN);
    const v = (JSON.parse(r.stdout) as { verify: { applied: number; migrations: number } }).verify;
    applied = `${v.applied}/${v.migrations}`;
  }
  figures[`verify ${label}: migrations applied`] = applied;
  figures[`verify ${label}: wall, s (median of ${runs}; ${Math.min(...walls).toFixed(1)}–${Math.max(...walls).toFixed(1)})`] = round(median(walls));
  figures[`verify ${label}: peak RSS, MB (median)`] = round(median(rss));
}

/** The server's own figure for a check, from its log line "Verified <file> on PostgreSQL (PGlite) in N ms". */
function serverMs(line: string): number {
  return Number(/ in (\d+) ms/.exec(line)?.[1]);
}

async function editorBench(figures: Record<string, number | string>): Promise<void> {
  // The migrations folder as the workspace: lemmy's repository also holds SQL that is not a migration
  // (crates/…/replaceable_schema), which a project would leave out with `migrations` globs.
  const lemmy = join(CORPUS, 'lemmy', 'migrations');
  const migrations = readdirSync(lemmy).filter((d) => existsSync(join(lemmy, d, 'up.sql'))).sort();
  const newest = join(lemmy, migrations.at(-1)!, 'up.sql');
  const earlier = join(lemmy, migrations.at(-2)!, 'up.sql');
  const client = await TestClient.start({ folders: [lemmy], settings: { verify: 'onSave' } });
  try {
    await waitFor('lemmy indexed', () => client.statuses.some((s) => s.state === 'ready'), 120_000);
    const rel = (p: string): string => p.slice(lemmy.length + 1);
    const checks = (p: string): string[] => client.logs.filter((l) => l.startsWith(`Verified ${rel(p)} `));
    /** Saves and waits for the server's check: the client-observed milliseconds and the server's own. */
    const save = async (u: string, p: string): Promise<[number, number]> => {
      const n = checks(p).length;
      const t0 = performance.now();
      await client.save(u);
      const line = await waitFor('the check', () => (checks(p).length > n ? checks(p).at(-1) : undefined), 600_000);
      await client.pull(u);
      return [performance.now() - t0, serverMs(line)];
    };
    const text = readFileSync(newest, 'utf8');
    const u = await client.open(newest, text);
    await client.pull(u);
    const [first, firstServer] = await save(u, newest);
    const firstLine = checks(newest).at(-1)!;
    if (!/: no error/.test(firstLine)) throw new Error(`the newest lemmy migration was not checked: ${firstLine}`);
    figures['on-save, first save (PGlite started, 341 earlier migrations applied), ms'] = round(first);
    figures['on-save, first save, server-side, ms'] = firstServer;
    const times: number[] = [];
    const server: number[] = [];
    for (let i = 0; i < SAVES; i++) {
      // An edit to the newest migration: one more statement, then saved.
      await client.change(u, [{ range: { start: client.docs.get(u)!.positionAt(client.text(u).length), end: client.docs.get(u)!.positionAt(client.text(u).length) }, text: `\nCREATE TABLE bench_edit_${i} (id bigint PRIMARY KEY);\n` }]);
      const [ms, own] = await save(u, newest);
      times.push(ms);
      server.push(own);
    }
    figures[`on-save, edit of the newest migration, p50 / p95 of ${SAVES} saves, ms`] = `${round(percentile(times, 50))} / ${round(percentile(times, 95))}`;
    figures['on-save, edit of the newest migration, server-side p50, ms'] = median(server);
    // An earlier migration changes: the next save of the newest restarts from the last snapshot.
    const e = await client.open(earlier, readFileSync(earlier, 'utf8'));
    await client.change(e, [{ range: { start: client.docs.get(e)!.positionAt(0), end: client.docs.get(e)!.positionAt(0) }, text: '-- bench: an earlier edit\n' }]);
    const [earlierMs] = await save(e, earlier);
    figures['on-save, the second-newest migration edited, ms'] = round(earlierMs);
    const [after] = await save(u, newest);
    figures['on-save, newest again after that (snapshot reloaded, one migration applied), ms'] = round(after);
    const status = readFileSync(`/proc/${client.proc.pid}/status`, 'utf8');
    figures['language server RSS with verify on, MB'] = round(Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024);
    figures['language server peak RSS with verify on, MB'] = round(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024);
  } finally {
    await client.stop();
  }
}

export async function runVerifyBench(): Promise<Record<string, number | string>> {
  if (!existsSync(CLI) || !existsSync(join(ROOT, 'dist', 'editor-worker.js'))) spawnSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const figures: Record<string, number | string> = {};
  if (!existsSync(CORPUS)) {
    console.log('../shared/corpus is absent: no verify figures');
    return figures;
  }
  cliVerify('lemmy', join(CORPUS, 'lemmy', 'migrations'), 3, figures);
  cliVerify('trigger.dev', join(CORPUS, 'trigger.dev', 'internal-packages', 'database', 'prisma', 'migrations'), 3, figures);
  await editorBench(figures);
  return figures;
}

if (require.main === module) {
  runVerifyBench().then(
    (f) => console.table(f),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
