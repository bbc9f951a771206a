// Parsing on a worker thread (server/src/node/parse-pool.ts): a file parsed there and sent back as
// data must be the file parseDocument makes here, token for token and fact for fact, whichever AST
// it was parsed with.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument, type ParsedFile } from '../../server/src/engine/index.js';
import { DEFAULT_PARSE_SCHEDULE, ParsePool, ParseScheduler, parseFiles, type ParseSchedule } from '../../server/src/node/parse-pool.js';
import { usePostgresParser } from '../helpers/engine.js';
import { syntheticHistory } from '../helpers/history.js';

usePostgresParser();

/** A worker starts at the first look, whatever the machine is doing. */
const AT_ONCE: ParseSchedule = { minLeftMs: 0, minIdleCores: 0, checkMs: 0 };

/** What a parsed file holds, as plain data (its tokens as objects, a few positions from its line index). */
function plain(p: ParsedFile): unknown {
  const offsets = [0, p.text.length >> 1, p.text.length];
  return {
    text: p.text,
    masked: p.tokens.text,
    tokens: p.tokens.tokens,
    statements: p.statements,
    comments: p.comments,
    directives: p.directives,
    positions: offsets.map((o) => p.lines.positionAt(o)),
  };
}

const TEXTS = [
  ...Object.values(syntheticHistory(40, { rich: true })),
  // A syntax error, directives, psql meta-commands (masked), non-ASCII text and a string left open at the end.
  "-- sql-schema-lint-disable-next-line no-float-for-money\nCREATE TABLE é (prix float);\n\\set ON_ERROR_STOP on\nCREATE TABLE t (id int PRIMARY KEY;\nSELECT 'x",
  "DO $$ BEGIN CREATE TABLE inside_do (id int); END $$;\nCREATE TYPE mood AS ENUM ('ok', 'sad');\n/* sql-schema-lint-disable */\nALTER TABLE t RENAME TO u;",
  '',
];

test('a file parsed on the worker equals the file parsed here, with and without the primary AST', async () => {
  const pool = ParsePool.start()!;
  assert.ok(pool, 'the worker starts');
  try {
    for (const primaryAst of [true, false]) {
      const there = await Promise.all(TEXTS.map((t) => pool.parse(t, primaryAst)));
      TEXTS.forEach((t, i) => assert.deepEqual(plain(there[i]!), plain(parseDocument(t, { primaryAst })), `file ${i}, primaryAst ${primaryAst}`));
    }
  } finally {
    pool.close();
  }
});

test('the scheduler gives files to a worker once its bars are met; parseFiles returns every file in order', async () => {
  const scheduler = new ParseScheduler(AT_ONCE);
  assert.equal(scheduler.offer(TEXTS[0]!, true), undefined, 'no worker before this thread has parsed anything');
  scheduler.parsedHere(1, TEXTS.length);
  const offered = scheduler.offer(TEXTS[0]!, true);
  try {
    assert.ok(offered, 'a worker takes files once the bars are met');
    assert.deepEqual(plain(await offered), plain(parseDocument(TEXTS[0]!)));
  } finally {
    scheduler.close();
  }
  const never = new ParseScheduler({ ...DEFAULT_PARSE_SCHEDULE, checkMs: 0, minLeftMs: Infinity });
  never.parsedHere(1000, TEXTS.length);
  assert.equal(never.offer(TEXTS[0]!, true), undefined, 'no worker when little parsing is left');
  const parsed = await parseFiles(TEXTS, { schedule: AT_ONCE });
  assert.equal(parsed.length, TEXTS.length);
  parsed.forEach((p, i) => assert.deepEqual(plain(p), plain(parseDocument(TEXTS[i]!)), `file ${i}`));
});
