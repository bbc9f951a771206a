// Editor memory soak, through the protocol against the built server as an editor drives it, on lemmy
// (../shared/corpus/lemmy, 686 files): after indexing, 4,000 keystrokes in the longest statement of
// triggers.sql (each followed by a diagnostics pull, as VS Code pulls on every change), then 2,000
// open / pull / close cycles over lemmy's files. Target: RSS at the end at most 50 MB above RSS after
// indexing (the statement cache once kept every version of the edited statement: +600 MB).
// SOAK_KEYSTROKES and SOAK_CYCLES shorten it; `node --import tsx test/bench/soak-bench.ts` runs it alone.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadPostgresParser, parseDocument } from '../../server/src/engine/index.js';
import { TestClient, waitFor } from '../lsp/harness.js';
import { CORPUS_DIR } from '../helpers/corpus.js';
import { rssMB } from './rss.js';

const LEMMY = join(CORPUS_DIR, 'lemmy');
const TRIGGERS = join(LEMMY, 'crates', 'diesel_utils', 'replaceable_schema', 'triggers.sql');
const KEYSTROKES = Number(process.env.SOAK_KEYSTROKES ?? 4000);
const CYCLES = Number(process.env.SOAK_CYCLES ?? 2000);
export const SOAK_GROWTH_TARGET_MB = 50;
/** Typed text: SQL-ish words, so that versions differ as they do while someone writes a condition. */
const WORDS = ['and', 'coalesce(', 'score', ')', '+', 'diff.upvotes', 'where', 'not', 'null', 'or', 'count(*)', '>', '0'];

function sqlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sqlFiles(p));
    else if (e.name.endsWith('.sql')) out.push(p);
  }
  return out.sort();
}

/** The end of the middle line of the file's longest statement: typing there keeps the edit inside it. */
async function typingPoint(text: string): Promise<number> {
  await loadPostgresParser();
  const longest = parseDocument(text).statements.reduce((a, b) => (b.range.end - b.range.start > a.range.end - a.range.start ? b : a));
  const middle = (longest.range.start + longest.range.end) >> 1;
  return text.indexOf('\n', middle);
}

/** Waits until RSS stops falling for a few seconds after the work (the re-lint after the last edit runs first). */
async function settledRss(pid: number): Promise<number> {
  await new Promise((r) => setTimeout(r, 3000));
  return rssMB(pid);
}

export async function runSoakBench(): Promise<Record<string, number | string>> {
  const figures: Record<string, number | string> = {};
  const client = await TestClient.start({ folders: [LEMMY] });
  try {
    await waitFor('lemmy indexed', () => client.progress.some((p) => p.value.kind === 'end'), 300_000);
    await waitFor('workspace diagnostics streamed', () => client.workspaceReports.size > 0, 60_000);
    const pid = client.proc.pid!;
    const indexed = await settledRss(pid);
    figures['lemmy: server RSS after indexing, MB'] = indexed;

    const text = readFileSync(TRIGGERS, 'utf8');
    const u = await client.open(TRIGGERS, text);
    await client.pull(u);
    let at = await typingPoint(text);
    const t0 = performance.now();
    for (let i = 0; i < KEYSTROKES; i++) {
      const doc = client.docs.get(u)!;
      if (i % 10 === 9) {
        // A backspace now and then.
        await client.change(u, [{ range: { start: doc.positionAt(at - 1), end: doc.positionAt(at) }, text: '' }]);
        at--;
      } else {
        const word = ` ${WORDS[Math.floor(i / 10) % WORDS.length]}`;
        const ch = word[i % 10 < word.length ? i % 10 : 0]!;
        await client.change(u, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at) }, text: ch }]);
        at++;
      }
      await client.pull(u);
    }
    figures[`${KEYSTROKES} keystrokes in one statement of triggers.sql: ms per keystroke + pull`] = Math.round((performance.now() - t0) / Math.max(1, KEYSTROKES));
    await client.close(u);
    figures['after the keystrokes: server RSS, MB'] = await settledRss(pid);

    const files = sqlFiles(LEMMY);
    const t1 = performance.now();
    for (let i = 0; i < CYCLES; i++) {
      const file = files[i % files.length]!;
      const v = await client.open(file, readFileSync(file, 'utf8'));
      await client.pull(v);
      await client.close(v);
    }
    figures[`${CYCLES} open/pull/close cycles: ms per cycle`] = Math.round((performance.now() - t1) / Math.max(1, CYCLES));
    const end = await settledRss(pid);
    figures['after the open/close cycles: server RSS, MB'] = end;
    const growth = Math.round((end - indexed) * 10) / 10;
    figures['RSS growth over the soak, MB'] = growth;
    figures[`soak target (growth ≤ ${SOAK_GROWTH_TARGET_MB} MB)`] = growth <= SOAK_GROWTH_TARGET_MB ? 'met' : 'NOT MET';
    if (!client.alive) throw new Error('the server died during the soak');
  } finally {
    await client.stop();
  }
  return figures;
}

if (require.main === module) {
  runSoakBench().then(
    (f) => {
      console.table(f);
      if (f[`soak target (growth ≤ ${SOAK_GROWTH_TARGET_MB} MB)`] !== 'met') process.exitCode = 1;
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
