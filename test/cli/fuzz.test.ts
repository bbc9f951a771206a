// The CLI's contract under fuzzing (issue 15): a few hundred seeded mutations of corpus files
// (truncations, deleted tokens, flipped bytes, unterminated quotes and comments, NUL, invalid UTF-8,
// BOM, CRLF and CR line endings, empty files) are linted by the built CLI as a process. Every run
// must exit 0, 1 or (when a file is skipped) 2, print valid JSON whose positions lie inside their
// files, and report a syntax error exactly where PostgreSQL's parser, run on the whole file, does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { lex } from '../../server/src/engine/parse/lexer.js';
import { maskNonSql } from '../../server/src/engine/parse/mask.js';
import { pgParse } from '../../server/src/engine/parse/pg.js';
import { LineIndex, codePointsToUtf16 } from '../../server/src/engine/parse/positions.js';
import { decodeSql } from '../../server/src/node/project.js';
import { CLI, type JsonDiagnostic } from '../helpers/cli.js';
import { corpusAvailable } from '../helpers/corpus.js';
import { usePostgresParser } from '../helpers/engine.js';
import { LEXICAL_SNIPPETS, corpusTexts, deleteToken, insertSnippet, lineEndings, rng, truncate, unclose, window, type Rng } from '../helpers/fuzz.js';

usePostgresParser();

const SEED = 15;
const VARIANTS = 300;
/** Files per CLI run: each run pays Node's and libpg-query's start-up once. */
const BATCH = 30;

type Mutation = (text: string, r: Rng) => string | Buffer;

const MUTATIONS: Record<string, Mutation> = {
  truncate: (t, r) => truncate(t, r),
  'delete tokens': (t, r) => deleteToken(deleteToken(t, r), r),
  'flip bytes': (t, r) => {
    const b = Buffer.from(t);
    for (let k = 0; k < 3 && b.length; k++) b[r.int(b.length)] ^= 1 + r.int(255);
    return b;
  },
  'unterminated quote or comment': (t, r) => unclose(t, r),
  'lexical snippet': (t, r) => insertSnippet(t, r.pick(LEXICAL_SNIPPETS), r),
  NUL: (t, r) => {
    const at = r.int(t.length + 1);
    return t.slice(0, at) + '\0' + t.slice(at);
  },
  'invalid UTF-8': (t, r) => {
    const b = Buffer.from(t);
    const at = r.int(b.length + 1);
    return Buffer.concat([b.subarray(0, at), Buffer.from(r.pick([[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80]])), b.subarray(at)]);
  },
  BOM: (t) => '\ufeff' + t,
  CRLF: (t) => lineEndings(t, '\r\n'),
  CR: (t) => lineEndings(t, '\r'),
  'CR and a snippet': (t, r) => insertSnippet(lineEndings(t, '\r'), r.pick(LEXICAL_SNIPPETS), r),
  empty: () => '',
};

interface Variant {
  name: string;
  what: string;
  bytes: Buffer;
}

function variants(): Variant[] {
  const files = corpusTexts(30_000);
  const r = rng(SEED);
  const kinds = Object.keys(MUTATIONS);
  const out: Variant[] = [];
  for (let i = 0; i < VARIANTS; i++) {
    const file = r.pick(files);
    const kind = kinds[i % kinds.length]!;
    const base = window(file.text, 6000, r);
    const m = MUTATIONS[kind]!(base, r);
    out.push({ name: `v${String(i).padStart(3, '0')}.sql`, what: `${kind} of ${file.rel}`, bytes: typeof m === 'string' ? Buffer.from(m) : m });
  }
  return out;
}

/** PostgreSQL's first syntax error in the file (the engine's masking applied), as a UTF-16 offset. */
function postgresError(text: string): number | undefined {
  const masked = maskNonSql(text);
  if (!masked.trim() || lex(masked).every((t) => t.name === 'SQL_COMMENT' || t.name === 'C_COMMENT')) return undefined;
  const r = pgParse(masked);
  return 'error' in r ? codePointsToUtf16(masked, r.error.cursor) : undefined;
}

/**
 * A statement is parsed without its `;`, so PostgreSQL's "at end of input" for the statement is the
 * whole file's "at or near ";"": the same place when only whitespace or comments lie between.
 */
function samePlace(text: string, a: number, b: number): boolean {
  const [from, to] = a <= b ? [a, b] : [b, a];
  return lex(text.slice(from, to)).every((t) => t.name === 'SQL_COMMENT' || t.name === 'C_COMMENT');
}

test(`fuzz: ${VARIANTS} seeded mutations of corpus files keep the CLI's contract (exit code, JSON, positions, PostgreSQL's syntax errors)`, (t) => {
  if (!corpusAvailable()) {
    t.skip('../shared/corpus is absent');
    return;
  }
  const all = variants();
  const problems: string[] = [];
  const counts = { runs: 0, linted: 0, skipped: 0, diagnostics: 0, syntaxChecked: 0, postgresErrors: 0 };
  const root = mkdtempSync(join(tmpdir(), 'ssl-fuzz-'));
  // FUZZ_KEEP=1 keeps the variants (batch<n>/v<i>.sql) to debug a failure.
  if (process.env.FUZZ_KEEP) t.diagnostic(`variants kept in ${root}`);
  else t.after(() => rmSync(root, { recursive: true, force: true }));
  for (let b = 0; b < all.length; b += BATCH) {
    const batch = all.slice(b, b + BATCH);
    const dir = join(root, `batch${b / BATCH}`);
    mkdirSync(dir);
    for (const v of batch) writeFileSync(join(dir, v.name), v.bytes);
    const run = spawnSync(process.execPath, [CLI, '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 120_000 });
    counts.runs++;
    const where = `run ${b / BATCH} (${batch[0]!.name}…${batch[batch.length - 1]!.name})`;
    const decoded = new Map(batch.map((v) => [v.name, decodeSql(v.bytes)]));
    const skipped = batch.filter((v) => !decoded.get(v.name)!.ok);
    let json: { version: number; files: number; diagnostics: JsonDiagnostic[] };
    try {
      json = JSON.parse(run.stdout);
    } catch {
      problems.push(`${where}: exit ${run.status}, stdout is not JSON: ${run.stdout.slice(0, 200)} ${run.stderr.slice(0, 500)}`);
      continue;
    }
    const errors = json.diagnostics.some((d) => d.severity === 'error');
    const expectedExit = skipped.length ? 2 : errors ? 1 : 0;
    if (run.status !== expectedExit) problems.push(`${where}: exit ${run.status}, expected ${expectedExit}: ${run.stderr.slice(0, 500)}`);
    if (/internal error|RangeError|TypeError|at .*\.js:\d+/.test(run.stderr)) problems.push(`${where}: stderr shows an internal error: ${run.stderr.slice(0, 500)}`);
    for (const v of skipped) if (!run.stderr.includes(v.name)) problems.push(`${where}: ${v.name} (${v.what}) skipped without a word on stderr`);
    if (json.files !== batch.length - skipped.length) problems.push(`${where}: "files" is ${json.files}, expected ${batch.length - skipped.length}`);
    counts.skipped += skipped.length;
    counts.diagnostics += json.diagnostics.length;
    for (const v of batch) {
      const d = decoded.get(v.name)!;
      if (!d.ok) continue;
      counts.linted++;
      const lines = new LineIndex(d.text);
      const own = json.diagnostics.filter((x) => x.file === v.name);
      for (const x of own) {
        const start = lines.offsetAt({ line: x.line - 1, character: x.column - 1 });
        const end = lines.offsetAt({ line: x.endLine - 1, character: x.endColumn - 1 });
        const inside = (line: number, column: number): boolean => line >= 1 && line <= lines.lineCount && column >= 1 && column - 1 <= lines.lineText(line - 1).length;
        if (!inside(x.line, x.column) || !inside(x.endLine, x.endColumn) || end < start)
          problems.push(`${v.name} (${v.what}): ${x.rule} at ${x.line}:${x.column}-${x.endLine}:${x.endColumn} is outside the file or reversed`);
      }
      // libpg-query reads C strings: a NUL ends the text it sees, so it is no judge of what follows.
      if (d.text.includes('\0')) continue;
      counts.syntaxChecked++;
      const pg = postgresError(d.text);
      const first = own.filter((x) => x.rule === 'syntax-error').map((x) => lines.offsetAt({ line: x.line - 1, character: x.column - 1 })).sort((a, c) => a - c)[0];
      if (pg !== undefined) counts.postgresErrors++;
      if (pg === undefined && first !== undefined) problems.push(`${v.name} (${v.what}): syntax-error at offset ${first}, but PostgreSQL parses the file`);
      else if (pg !== undefined && first === undefined) problems.push(`${v.name} (${v.what}): PostgreSQL reports an error at offset ${pg}, the CLI none`);
      else if (pg !== undefined && first !== undefined && !samePlace(d.text, pg, first)) problems.push(`${v.name} (${v.what}): first syntax-error at offset ${first}, PostgreSQL's at ${pg}`);
    }
  }
  t.diagnostic(`${VARIANTS} variants (seed ${SEED}) in ${counts.runs} CLI runs: ${counts.linted} linted, ${counts.skipped} skipped, ${counts.diagnostics} diagnostics; syntax checked on ${counts.syntaxChecked} files, ${counts.postgresErrors} of which PostgreSQL rejects`);
  assert.ok(counts.postgresErrors > 20 && counts.syntaxChecked - counts.postgresErrors > 20, 'the variants include both SQL PostgreSQL accepts and SQL it rejects');
  assert.deepEqual(problems.slice(0, 15), []);
});
