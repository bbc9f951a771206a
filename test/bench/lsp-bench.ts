// Editor figures, measured through the protocol against the built server (dist/server.js) as an editor
// drives it: keystroke-to-diagnostics latency (didChange of one character in the middle of the file, then
// textDocument/diagnostic, then textDocument/inlayHint for the lock hints, as VS Code asks after an edit)
// on a generated 2,000-line migration, on one that alters 2,000 lines' worth of existing tables (a lock
// hint on almost every statement), on the newest file of a generated 8,000-file history and on the lago
// dump, first diagnostics on the lago dump and on that history, the time to index the whole corpus as a
// multi-root workspace, and the server's RSS.
// Targets: p95 ≤ 50 ms per edit on 2,000 lines (lock hints included); lago first diagnostics ≤ 1.5 s;
// corpus ≤ 10 s; RSS ≤ 300 MB.
// `npm run bench` calls runLspBench(); `node --import tsx test/bench/lsp-bench.ts` runs it alone.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient, tempProject, waitFor } from '../lsp/harness.js';
import { generatedMigration } from '../lsp/fixtures.js';
import { HISTORY_SIZES, writeHistory } from './history-bench.js';
import { rssMB } from './rss.js';

const ROOT = join(__dirname, '..', '..');
const CORPUS = join(ROOT, '..', 'shared', 'corpus');
const LAGO = join(CORPUS, 'lago', 'db', 'structure.sql');
const EDITS = 120;
const WARMUP = 10;

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

const round = (x: number): number => Math.round(x * 10) / 10;

/** CPU seconds (user + system, all threads) the process has used; NaN where /proc is missing. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime (fields 14 and 15 of the line, 12 and 13 after the command), in clock ticks of 1/100 s.
    return round((Number(fields[11]) + Number(fields[12])) / 100);
  } catch {
    return NaN;
  }
}

/** A position in the middle of the file where one character can be typed into a name. */
function middleEdit(text: string): number {
  const lines = text.split('\n');
  let offset = 0;
  const mid = lines.length >> 1;
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s+("?[a-z_]+)/.exec(lines[i]!);
    if (i >= mid && m) return offset + m.index + m[0].length - 1;
    offset += lines[i]!.length + 1;
  }
  return text.length >> 1;
}

/**
 * Types one character and deletes it again, alternately, pulling diagnostics after each edit, then the
 * lock hints of the 60 lines around the edit (VS Code asks for the visible range): the time to both,
 * and to the hints alone.
 */
async function keystrokes(client: TestClient, u: string, at: number): Promise<{ times: number[]; hints: number[]; hintCount: number }> {
  const doc = () => client.docs.get(u)!;
  const times: number[] = [];
  const hints: number[] = [];
  let hintCount = 0;
  for (let i = 0; i < EDITS + WARMUP; i++) {
    const pos = doc().positionAt(at);
    const t0 = performance.now();
    if (i % 2 === 0) await client.change(u, [{ range: { start: pos, end: pos }, text: 'x' }]);
    else await client.change(u, [{ range: { start: pos, end: doc().positionAt(at + 1) }, text: '' }]);
    await client.pull(u);
    const t1 = performance.now();
    const got = await client.request<unknown[]>('textDocument/inlayHint', { textDocument: { uri: u }, range: { start: { line: Math.max(0, pos.line - 30), character: 0 }, end: { line: pos.line + 30, character: 0 } } });
    hintCount = got.length;
    if (i >= WARMUP) {
      times.push(performance.now() - t0);
      hints.push(performance.now() - t1);
    }
  }
  return { times, hints, hintCount };
}

async function editBench(label: string, text: string, figures: Record<string, number>, history: Record<string, string> = {}): Promise<void> {
  const dir = tempProject({ ...history, 'migration.sql': text });
  const client = await TestClient.start({ folders: [dir] });
  try {
    const t0 = performance.now();
    const u = await client.open(join(dir, 'migration.sql'), text);
    await client.pull(u);
    figures[`${label}: first diagnostics, ms`] = round(performance.now() - t0);
    const { times, hints, hintCount } = await keystrokes(client, u, middleEdit(text));
    figures[`${label}: edit→diagnostics+lock hints p50, ms`] = round(percentile(times, 50));
    figures[`${label}: edit→diagnostics+lock hints p95, ms`] = round(percentile(times, 95));
    figures[`${label}: lock hints alone p95, ms (${hintCount} hints in view)`] = round(percentile(hints, 95));
    figures[`${label}: server RSS, MB`] = rssMB(client.proc.pid!);
  } finally {
    await client.stop();
  }
}

/** Statements on the tables of generatedMigration(), run as a later migration: nearly every one gets a lock hint. */
function alteringMigration(lines: number): string {
  const out = ['BEGIN;'];
  for (let n = 0; out.length < lines; n++)
    out.push(
      `ALTER TABLE table_${n} ADD COLUMN extra_${n} text;`,
      `ALTER TABLE table_${n} ALTER COLUMN amount TYPE numeric(14, 4);`,
      `UPDATE table_${n} SET extra_${n} = name;`,
      `ALTER TABLE table_${n} ALTER COLUMN extra_${n} SET NOT NULL;`,
      `CREATE INDEX table_${n}_extra_idx ON table_${n} (extra_${n});`,
      `ALTER TABLE table_${n} ADD CONSTRAINT table_${n}_amount_positive CHECK (amount >= 0);`,
    );
  out.push('COMMIT;', '');
  return out.join('\n');
}

async function corpusIndexBench(figures: Record<string, number>): Promise<void> {
  const folders = readdirSync(CORPUS)
    .map((n) => join(CORPUS, n))
    .filter((p) => statSync(p).isDirectory());
  const t0 = performance.now();
  const client = await TestClient.start({ folders });
  try {
    await waitFor('the corpus indexed', () => client.progress.some((p) => p.value.kind === 'end'), 120_000);
    figures['corpus as a workspace: indexed (files read, parsed, linted), s'] = round((performance.now() - t0) / 1000);
    const reports = client.progress.filter((p) => p.value.kind === 'report').length;
    figures['corpus: progress reports'] = reports;
    const streamed = await waitFor('workspace diagnostics streamed', () => (client.workspaceReports.size > 0 ? client.workspaceReports.size : undefined), 30_000);
    figures['corpus: files with diagnostics streamed'] = streamed;
    figures['corpus: server RSS after indexing, MB'] = rssMB(client.proc.pid!);
  } finally {
    await client.stop();
  }
}

/**
 * The language server on a generated history (history-bench.ts) opened as a workspace whose newest
 * migration is open, as when VS Code restores its editors: first diagnostics for it (from the server's
 * start: the history is read, parsed and replayed first), the server's RSS once the whole project is
 * linted, then keystrokes in that file.
 */
async function historyEditBench(files: number, figures: Record<string, number>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ssl-history-'));
  const { newest } = writeHistory(files, dir);
  const label = `${files.toLocaleString('en')}-file history`;
  const text = readFileSync(join(dir, newest), 'utf8');
  const t0 = performance.now();
  const client = await TestClient.start({ folders: [dir] });
  try {
    const u = await client.open(join(dir, newest), text);
    await client.pull(u);
    figures[`${label}: first diagnostics for the newest file (from server start), s`] = round((performance.now() - t0) / 1000);
    figures[`${label}: server CPU until then, s`] = cpuSeconds(client.proc.pid!);
    await waitFor('the history indexed', () => client.progress.some((p) => p.value.kind === 'end'), 600_000);
    // The whole-project lint after indexing streams the other files' diagnostics.
    await waitFor('workspace diagnostics streamed', () => client.workspaceReports.size > 0, 600_000);
    figures[`${label}: indexed and linted (from server start), s`] = round((performance.now() - t0) / 1000);
    figures[`${label}: server CPU until then, s `] = cpuSeconds(client.proc.pid!);
    figures[`${label}: server RSS after indexing, MB`] = rssMB(client.proc.pid!);
    const { times } = await keystrokes(client, u, middleEdit(text));
    figures[`${label}: edit→diagnostics+lock hints on the newest file p50, ms`] = round(percentile(times, 50));
    figures[`${label}: edit→diagnostics+lock hints on the newest file p95, ms`] = round(percentile(times, 95));
    figures[`${label}: server RSS after the edits, MB`] = rssMB(client.proc.pid!);
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The language-server figures on the generated histories only (`npm run bench -- history`). */
export async function runHistoryLspBench(): Promise<Record<string, number>> {
  if (!existsSync(join(ROOT, 'dist', 'server.js'))) spawnSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const figures: Record<string, number> = {};
  await historyEditBench(HISTORY_SIZES[HISTORY_SIZES.length - 1], figures);
  return figures;
}

export async function runLspBench(): Promise<Record<string, number>> {
  if (!existsSync(join(ROOT, 'dist', 'server.js'))) spawnSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const figures: Record<string, number> = {};
  await editBench('generated 2,000-line migration', generatedMigration(2000), figures);
  await editBench('2,000 lines altering existing tables', alteringMigration(2000), figures, { '0001_tables.sql': generatedMigration(2000) });
  await historyEditBench(HISTORY_SIZES[HISTORY_SIZES.length - 1], figures);
  if (!existsSync(CORPUS)) {
    console.log('../shared/corpus is absent: skipping the lago and corpus figures');
    return figures;
  }
  await editBench('lago/db/structure.sql (15,315 lines)', readFileSync(LAGO, 'utf8'), figures);
  await corpusIndexBench(figures);
  return figures;
}

if (require.main === module) {
  runLspBench().then(
    (f) => console.table(f),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
