// `npm run bench`, pending migrations: lemmy's history committed as one commit in a temporary git
// repository plus one new migration, linted with `--since HEAD` (only the new migration reported,
// the whole history replayed) cold, with a warm --cache, and with a cache whose run no longer
// matches because the new migration was edited (its statements are parsed again, the history's are
// not). Targets: warm --cache at most 0.3 s wall; cold no slower than linting everything.
// Also prints, for lemmy and trigger.dev, the findings of the whole history next to --since HEAD's.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS_DIR } from '../helpers/corpus.js';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

/** One new migration per history: a NOT NULL column on a table from the first migrations, and an index. */
const NEW_MIGRATION: Record<string, { path: string; sql: string }> = {
  lemmy: { path: 'migrations/2099-01-01-000000_add_nickname/up.sql', sql: 'ALTER TABLE person ADD COLUMN nickname text NOT NULL;\nCREATE INDEX idx_person_nickname ON person (nickname);\n' },
  'trigger.dev': {
    path: 'internal-packages/database/prisma/migrations/20990101000000_add_nickname/migration.sql',
    sql: 'ALTER TABLE "User" ADD COLUMN "nickname" TEXT NOT NULL;\nCREATE INDEX "User_nickname_idx" ON "User"("nickname");\n',
  },
};

function git(dir: string, ...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

/** The corpus project copied into a new repository, committed as one commit, plus its new migration (untracked). */
function repository(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ssl-bench-${name}-`));
  cpSync(join(CORPUS_DIR, name), dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'history');
  const m = NEW_MIGRATION[name]!;
  mkdirSync(join(dir, m.path, '..'), { recursive: true });
  writeFileSync(join(dir, m.path), m.sql);
  return dir;
}

interface Run {
  wall: number;
  /** User + system CPU seconds of the CLI process (rss-reporter.js). */
  cpu: number;
  findings: number;
  files: number;
}

function run(dir: string, args: string[]): Run {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', join(__dirname, 'rss-reporter.js'), CLI, '.', ...args, '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (!r.stdout) throw new Error(`sql-schema-lint ${args.join(' ')} printed nothing: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { files: number; diagnostics: unknown[] };
  const cpu = Number(/CPU_MS=(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1000;
  return { wall, cpu, findings: out.diagnostics.length, files: out.files };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

interface Row {
  label: string;
  wallSeconds: number;
  spread: string;
  cpuSeconds: number;
  reportedFiles: number;
  findings: number;
}

function measure(label: string, dir: string, args: string[], runs: number, before?: () => void): Row {
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) {
    before?.();
    results.push(run(dir, args));
  }
  const walls = results.map((r) => r.wall);
  return {
    label: `${label} (median of ${runs})`,
    wallSeconds: +median(walls).toFixed(3),
    spread: `${Math.min(...walls).toFixed(2)}–${Math.max(...walls).toFixed(2)} s`,
    cpuSeconds: +median(results.map((r) => r.cpu)).toFixed(3),
    reportedFiles: results[0]!.files,
    findings: results[0]!.findings,
  };
}

export function runPendingBench(): { rows: Row[]; findings: Record<string, unknown>[] } {
  const rows: Row[] = [];
  const findings: Record<string, unknown>[] = [];
  const dirs: string[] = [];
  try {
    const lemmy = repository('lemmy');
    dirs.push(lemmy);
    const cache = join(lemmy, '.bench-cache');
    rows.push(measure('lemmy + 1 new migration: everything, cold', lemmy, [], 3));
    rows.push(measure('lemmy + 1 new migration: --since HEAD, cold', lemmy, ['--since', 'HEAD'], 3));
    run(lemmy, ['--since', 'HEAD', '--cache-location', cache]);
    rows.push(measure('--since HEAD, warm --cache', lemmy, ['--since', 'HEAD', '--cache-location', cache], 5));
    // The new migration edited since the cached run: the run misses, the history's parses are reused.
    const primed = cache + '.primed';
    copyFileSync(cache, primed);
    const m = NEW_MIGRATION.lemmy!;
    writeFileSync(join(lemmy, m.path), m.sql + "ALTER TABLE person ADD COLUMN motto text NOT NULL DEFAULT '';\n");
    rows.push(measure('--since HEAD, --cache after editing the new migration', lemmy, ['--since', 'HEAD', '--cache-location', cache], 5, () => copyFileSync(primed, cache)));

    for (const name of Object.keys(NEW_MIGRATION)) {
      const dir = name === 'lemmy' ? repository('lemmy') : repository(name);
      dirs.push(dir);
      const all = run(dir, []);
      const since = run(dir, ['--since', 'HEAD']);
      findings.push({ history: name, files: all.files, 'findings, everything': all.findings, 'findings, --since HEAD': since.findings, 'reported files, --since HEAD': since.files });
    }
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
  return { rows, findings };
}
